from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttestationConfig(AppConfig):
    name = "attestation"
    verbose_name = _("Attestation")

    def ready(self):
        from . import checklist, permissions, reasons

        permissions.register()
        checklist.declare()
        reasons.declare()

        from . import history, worklist  # noqa: F401 - registers the dashboard's work items

        history.declare()
