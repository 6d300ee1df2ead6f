"""A migration operation that installs many pgtrigger triggers at once.

pgtrigger's own `AddTrigger` reloads the model in the migration state for every trigger, and a
reload re-renders every model related to it (users and organizations: nearly all of them). For
the history triggers of forty models that cost half a minute per migrated database. `AddTriggers`
records the same triggers in the model states, where makemigrations compares them, without
re-rendering: nothing reads triggers from a rendered model (pgtrigger's operations carry their
SQL, and its schema editor finds the triggers to drop around a column change in the database).
It installs them on PostgreSQL only, as `AddTrigger` does; later changes of one trigger are
pgtrigger's ordinary operations.
"""

from django.db import router
from django.db.migrations.operations.base import Operation


class AddTriggers(Operation):
    reduces_to_sql = False
    reversible = True

    def __init__(self, triggers):
        # [(model_name, pgtrigger.compiler.Trigger), ...], as makemigrations wrote them
        self.triggers = list(triggers)

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"triggers": self.triggers}

    def state_forwards(self, app_label, state):
        for model_name, trigger in self.triggers:
            model_state = state.models[app_label, model_name.lower()]
            model_state.options["triggers"] = [*model_state.options.get("triggers", []), trigger]

    def _run(self, app_label, schema_editor, sql_of):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        for model_name, trigger in self.triggers:
            if router.allow_migrate(connection.alias, app_label, model_name=model_name.lower()):
                # The SQL is interpolated already: params=None keeps its % signs as they are.
                schema_editor.execute(sql_of(trigger), params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, lambda trigger: trigger.install_sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, lambda trigger: trigger.uninstall_sql)

    def describe(self):
        return f"Create {len(self.triggers)} triggers"

    @property
    def migration_name_fragment(self):
        return "triggers"
