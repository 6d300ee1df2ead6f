"""Helpers the licensing services share."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from casework.exceptions import TransitionRefused
from casework.models import Channel
from casework.notifications import notify
from registry.models import Role, RoleAssignment

from ..models import LicenseEvent


def refuse(message, case=None):
    """A condition of the action is not met: the whole service rolls back."""
    raise TransitionRefused(message, case=case)


def notify_applicant(application, template_key: str, **context) -> None:
    """Tell the applicant. A paper application's answer goes out on paper; the organization's
    representatives with a portal account hear of it too, the staff member who entered it
    does not."""
    link = application.get_absolute_url()
    if application.channel == Channel.PORTAL:
        notify(application.applicant, template_key, {"case": application, **context}, link)
    else:
        notify_representatives(
            application.organization, template_key, link, case=application, **context
        )


def notify_representatives(organization, template_key: str, link: str = "", **context) -> None:
    for assignment in RoleAssignment.objects.filter(
        organization=organization, role=Role.APPLICANT, user__is_active=True
    ).select_related("user"):
        notify(assignment.user, template_key, context, link)


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
