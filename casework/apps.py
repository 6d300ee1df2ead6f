from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from django.apps import apps

        from casework import checks  # noqa: F401 - registers the system checks
        from casework.document_views import dossier_documents_context
        from registry.dossier import dossier_section_add

        dossier_section_add("casework/_issued_documents.html", dossier_documents_context)
        from casework.fsm import bind_transitions
        from casework.models import Case

        for model in apps.get_models():
            if issubclass(model, Case):
                bind_transitions(model)

        from casework import history

        history.declare()
