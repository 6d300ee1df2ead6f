"""System checks of casework's settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def seal_configured_check(app_configs, **kwargs):
    """A portal that issues documents must seal them: `manage.py check --deploy` says so."""
    from casework.seal import seal_configured

    if seal_configured() and settings.DOCUMENT_SEAL_TRUST_ROOTS:
        return []
    return [
        Error(
            "Issued documents would not be sealed.",
            hint="Set DOCUMENT_SEAL_PKCS12 (and DOCUMENT_SEAL_PKCS12_PASSWORD) or "
            "DOCUMENT_SEAL_KEY and DOCUMENT_SEAL_CERT, and DOCUMENT_SEAL_TRUST_ROOTS.",
            id="casework.E001",
        )
    ]
