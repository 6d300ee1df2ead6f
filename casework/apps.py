from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from django.apps import apps

        from casework import checks  # noqa: F401 - registers the system checks
        from casework.fsm import bind_transitions
        from casework.models import Case

        for model in apps.get_models():
            if issubclass(model, Case):
                bind_transitions(model)

        from casework import history

        history.declare()
