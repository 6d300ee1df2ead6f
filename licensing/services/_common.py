"""Helpers the licensing services share."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from casework.notifications import representatives_of

from ..models import LicenseEvent


def event_record(license_, kind, *, actor, case=None, appendix=None, reason="", **details):
    """A line of the license's history, naming the case the change came from."""
    return LicenseEvent.objects.create(
        license=license_,
        appendix=appendix,
        kind=kind,
        case_type=ContentType.objects.get_for_model(case) if case is not None else None,
        case_id=case.pk if case is not None else None,
        case_number=getattr(case, "number", "") if case is not None else "",
        actor=actor,
        reason=reason,
        details=details,
    )


def document_language(application) -> str:
    return application.applicant.language or settings.LANGUAGE_CODE


def licensee_language(license_) -> str:
    """The language a license's holder reads: that of its first representative with an
    account (decisions on the license are issued in it), else the portal's."""
    language = (
        representatives_of(license_.organization_id)
        .order_by("pk")
        .values_list("language", flat=True)
        .first()
    )
    return language or settings.LANGUAGE_CODE
