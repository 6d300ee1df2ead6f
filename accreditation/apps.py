from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from . import checklist, documents, permissions, signals, worklist  # noqa: F401

        checklist.declare()
        documents.declare_act_status()
        signals.connect()
