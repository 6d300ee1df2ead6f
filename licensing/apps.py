from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Licensing")

    def ready(self):
        from . import checklist, permissions  # noqa: F401 - permissions registers the rules

        checklist.declare()

        from . import documents

        documents.declare_act_status()

        from . import history

        history.declare()

        from . import worklist  # noqa: F401 - registers what awaits each person
