from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApostilleConfig(AppConfig):
    name = "apostille"
    verbose_name = _("Apostille")
