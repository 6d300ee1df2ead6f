"""The transition log refuses UPDATE and DELETE in the database itself (PostgreSQL), so no code
path, admin or shell can rewrite the history of a case. SQLite (the embedded demo) relies on the
model's own refusal."""

from django.db import migrations

CREATE = """
CREATE FUNCTION casework_transitionlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The transition log is append-only: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER casework_transitionlog_append_only
    BEFORE UPDATE OR DELETE ON casework_transitionlog
    FOR EACH ROW EXECUTE FUNCTION casework_transitionlog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS casework_transitionlog_append_only ON casework_transitionlog;
DROP FUNCTION IF EXISTS casework_transitionlog_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # the SQL has a literal %

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_outbox"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
