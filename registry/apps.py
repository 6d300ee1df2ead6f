from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from . import history

        history.declare()

        from .admin_names import name_third_party_apps

        name_third_party_apps()
