"""Names of the third-party apps and models people meet in the admin, from our catalog: their
own catalogs have gaps (no Kazakh at all, "Static devices" unmarked for translation), and an
admin reads the admin in their language like everyone else."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "auth": _("Users and groups"),
    "authtoken": _("API tokens"),
    "otp_static": _("Backup codes"),
    "otp_totp": _("Authenticator apps"),
    "axes": _("Login attempts"),
    "two_factor": _("Two-factor authentication"),
    "pghistory": _("Change history"),
}

MODEL_NAMES = {
    ("auth", "group"): (_("group"), _("groups")),
    ("authtoken", "token"): (_("API token"), _("API tokens")),
    ("authtoken", "tokenproxy"): (_("API token"), _("API tokens")),
    ("otp_static", "staticdevice"): (_("set of backup codes"), _("sets of backup codes")),
    ("otp_static", "statictoken"): (_("backup code"), _("backup codes")),
    ("otp_totp", "totpdevice"): (_("authenticator app"), _("authenticator apps")),
    ("axes", "accessattempt"): (_("failed login attempt"), _("failed login attempts")),
    ("axes", "accesslog"): (_("login"), _("logins")),
    ("axes", "accessfailurelog"): (_("login failure"), _("login failures")),
    ("axes", "accessattemptexpiration"): (
        _("expiry of failed attempts"),
        _("expiries of failed attempts"),
    ),
}


def name_third_party_apps() -> None:
    """Give the installed third-party apps and models our translatable names (run once, in
    RegistryConfig.ready)."""
    for label, name in APP_NAMES.items():
        if _has(label):
            apps.get_app_config(label).verbose_name = name
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        if not _has(label):
            continue
        try:
            model = apps.get_model(label, model_name)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural


def _has(label: str) -> bool:
    try:
        apps.get_app_config(label)
    except LookupError:
        return False
    return True
