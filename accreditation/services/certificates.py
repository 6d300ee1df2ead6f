"""Certificates: issue (К20, К23), the daily expiry (К25), renewal reminders (К21), duplicates
(К28), and what follows a reorganization or liquidation recorded in the registry (К26)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.calendar import add_calendar_days, calendar_for
from casework.deadlines import deadline_complete, deadline_open
from casework.documents import document_annul
from casework.exceptions import CasePermissionDenied, refuse
from casework.locks import lock
from casework.models import CaseNumberCounter, IssuedDocument
from casework.services import case_transition, entry_point

from .. import conf, documents
from ..models import Certificate, DuplicateRequest, RenewalReminder
from ..notifications import tell
from ..permissions import is_body_staff_of, represents
from ..refusals import AccreditationRefusal
from ._common import add_months, add_years, require_certified_body, today

DEADLINE_DUPLICATE = "duplicate"


def certificate_number() -> str:
    year = timezone.localdate().year
    return f"CRT-{year}-{CaseNumberCounter.allot('CRT', year):06d}"


def certificate_issue(case, *, actor, day: datetime.date | None = None) -> Certificate:
    """К20: the certificate of a positive decision, valid five years from the day of the
    decision (the last day of validity is the day before the fifth anniversary); a renewal's
    replaces the previous cycle's (К21). Called in the decision's transaction."""
    day = day or today()
    # К4: only a body certified on the day issues certificates.
    require_certified_body(case.body, day, case=case)
    certificate = Certificate.objects.create(
        number=certificate_number(),
        case=case,
        organization_id=case.organization_id,
        body_id=case.body_id,
        kind=case.kind,
        issued_on=day,
        valid_from=day,
        valid_until=add_years(day, int(conf.get("ACCREDITATION_CERTIFICATE_YEARS")))
        - datetime.timedelta(days=1),
        previous=case.renewal_of,
    )
    if case.includes_programmes:
        certificate.programmes.set(case.programmes.all())
    if case.renewal_of_id:
        replaced = case_transition(
            case.renewal_of,
            "replace",
            actor=None,
            comment=str(_("Renewed by certificate %(number)s") % {"number": certificate.number}),
        )
        Certificate.objects.filter(pk=replaced.pk).update(
            status_changed_on=day, updated_at=timezone.now()
        )
    certificate.document = documents.certificate_document_issue(certificate, version="original")
    certificate.save(update_fields=["document"])
    return certificate


def refusal_notice(case) -> IssuedDocument:
    # К22: the refusal in writing, with its reasons.
    return documents.refusal_notice_issue(case)


# ---------------------------------------------------------------------------------------------
# К25: a certificate ends by itself after five years


def certificates_expire(*, day: datetime.date | None = None) -> int:
    """The daily task: every certificate in force past its last day becomes expired (its
    verification page says so). Idempotent: an expired one is not found again."""
    day = day or today()
    count = 0
    due = Certificate.objects.filter(status=Certificate.Status.ACTIVE, valid_until__lt=day)
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            expired = case_transition((Certificate, pk), "expire", actor=None)
            Certificate.objects.filter(pk=pk).update(
                status_changed_on=expired.valid_until + datetime.timedelta(days=1),
                updated_at=timezone.now(),
            )
            tell(expired.case, "certificate_expired", certificate=expired.number)
        count += 1
    return count


# ---------------------------------------------------------------------------------------------
# К21: renewal reminders 18, 15 and 13 months before expiry


def renewal_last_day(certificate: Certificate) -> datetime.date:
    return add_months(
        certificate.valid_until, -int(conf.get("ACCREDITATION_RENEWAL_DEADLINE_MONTHS"))
    )


def renewal_reminders_send(*, day: datetime.date | None = None) -> int:
    """Remind the holders of certificates in force that their renewal is due: once per mark,
    only the most urgent one when several have passed, none once a renewal is filed."""
    day = day or today()
    marks = sorted(int(m) for m in conf.get("ACCREDITATION_RENEWAL_REMINDER_MONTHS"))
    if not marks:
        return 0
    sent = 0
    candidates = (
        Certificate.objects.filter(
            status=Certificate.Status.ACTIVE,
            valid_until__lte=add_months(day, marks[-1]),
            valid_until__gte=day,
        )
        .exclude(renewals__submitted_at__isnull=False)
        .select_related("case")
        .order_by("pk")
    )
    for certificate in candidates:
        passed = [m for m in marks if certificate.valid_until <= add_months(day, m)]
        done = set(
            RenewalReminder.objects.filter(certificate=certificate).values_list(
                "months_before", flat=True
            )
        )
        new = [m for m in passed if m not in done]
        if not new:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    RenewalReminder.objects.bulk_create(
                        RenewalReminder(certificate=certificate, months_before=m) for m in new
                    )
            except IntegrityError:  # another run sent it
                continue
            tell(
                certificate.case,
                "renewal_reminder",
                parties=("organization",),
                certificate=certificate.number,
                until=certificate.valid_until.strftime("%d.%m.%Y"),
                last_day=renewal_last_day(certificate).strftime("%d.%m.%Y"),
            )
        sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# К28: duplicates


def duplicate_due_on(requested_on: datetime.date) -> datetime.date:
    days = int(conf.get("ACCREDITATION_DUPLICATE_DAYS"))
    if conf.get("ACCREDITATION_DUPLICATE_WORKING_DAYS"):
        return calendar_for().add_working_days(requested_on, days)
    return add_calendar_days(requested_on, days)


@entry_point
def accreditation_duplicate_request(certificate, *, actor, reason: str) -> DuplicateRequest:
    """К28: the organization's written application for a duplicate of a lost certificate."""
    certificate = lock(certificate)
    if not represents(actor, certificate):
        raise CasePermissionDenied()
    if certificate.status != Certificate.Status.ACTIVE:
        refuse(AccreditationRefusal.K28_CERTIFICATE_NOT_ACTIVE)
    day = today()
    request = DuplicateRequest.objects.create(
        certificate=certificate,
        requested_on=day,
        requested_by=actor,
        reason=(reason or "").strip(),
        due_on=duplicate_due_on(day),
    )
    days = int(conf.get("ACCREDITATION_DUPLICATE_DAYS"))
    if conf.get("ACCREDITATION_DUPLICATE_WORKING_DAYS"):
        deadline_open(certificate.case, DEADLINE_DUPLICATE, working_days=days)
    else:
        deadline_open(certificate.case, DEADLINE_DUPLICATE, calendar_days=days)
    tell(
        certificate.case,
        "duplicate_requested",
        certificate=certificate.number,
        due=request.due_on.strftime("%d.%m.%Y"),
    )
    return request


@entry_point
def accreditation_duplicate_issue(request: DuplicateRequest, *, actor) -> DuplicateRequest:
    """The body issues the duplicate: its document supersedes the original's, whose
    verification page then names the duplicate. Issued after the term, it is marked late."""
    request = lock(request)
    certificate = lock(request.certificate)
    if not is_body_staff_of(actor, certificate):
        raise CasePermissionDenied()
    if certificate.status != Certificate.Status.ACTIVE:
        refuse(AccreditationRefusal.K28_CERTIFICATE_NOT_ACTIVE)
    if request.document_id:
        return request
    day = today()
    document = documents.certificate_document_issue(
        certificate, version=f"duplicate-{request.pk}", duplicate=True
    )
    certificate.document = document
    certificate.updated_at = timezone.now()
    certificate.save(update_fields=["document", "updated_at"])
    request.document = document
    request.issued_on = day
    request.is_late = day > request.due_on
    request.save(update_fields=["document", "issued_on", "is_late"])
    deadline_complete(certificate.case, DEADLINE_DUPLICATE)
    tell(certificate.case, "duplicate_issued", certificate=certificate.number)
    return request


# ---------------------------------------------------------------------------------------------
# К26: reorganization and liquidation


def accreditation_follow_registry_change(
    organization, *, successor=None, annul: bool, actor=None, basis: str = ""
) -> list[Certificate]:
    """К26: the register follows the registry. The organization's certificates in force are
    annulled (liquidation, or the authority so decides), or pass to the legal successor. Call it
    in a transaction (registry's signal handler does; the authority's page through its own)."""
    changed = []
    for certificate in Certificate.objects.filter(
        organization=organization, status=Certificate.Status.ACTIVE
    ).order_by("pk"):
        if annul or successor is None:
            reason = basis or str(_("The organization was liquidated or reorganized (clause 26)."))
            annulled = case_transition(certificate, "annul", actor=actor, comment=reason)
            changes = {
                "status_changed_on": today(),
                "status_reason": reason,
                "updated_at": timezone.now(),
            }
            Certificate.objects.filter(pk=annulled.pk).update(**changes)
            for name, value in changes.items():
                setattr(annulled, name, value)
            if annulled.document and annulled.document.status == IssuedDocument.Status.VALID:
                document_annul(annulled.document, reason)
            tell(annulled.case, "certificate_annulled", certificate=annulled.number)
            changed.append(annulled)
        else:
            Certificate.objects.filter(pk=certificate.pk).update(
                organization=successor,
                carried_over_from=organization,
                status_reason=basis,
                updated_at=timezone.now(),
            )
            certificate.refresh_from_db()
            tell(certificate.case, "certificate_carried_over", certificate=certificate.number)
            changed.append(certificate)
    return changed
