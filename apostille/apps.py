from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApostilleConfig(AppConfig):
    name = "apostille"
    verbose_name = _("Apostille")

    def ready(self):
        from . import checklist, permissions  # noqa: F401 - permissions registers the rules

        checklist.declare()

        from . import history

        history.declare()

        from . import worklist  # noqa: F401 - registers what awaits each person
