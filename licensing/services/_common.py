"""Helpers the licensing services share."""

import functools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from ..models import LicenseEvent


def entry_point(service):
    """The service as views, the API and tasks call it: in a transaction of its own, durable
    (as Zulip's actions), so nothing around it can fold its commit into a larger one and its
    after-commit work runs when it returns. `service.inner` is the same function without the
    transaction, for a caller already inside one (another service, the demo's build)."""

    @functools.wraps(service)
    def durable(*args, **kwargs):
        with transaction.atomic(durable=True):
            return service(*args, **kwargs)

    durable.inner = service
    return durable


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
