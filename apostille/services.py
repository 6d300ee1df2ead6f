"""The apostille's use cases, one function each; every state change through
casework.services.case_transition (lock, permission, transition, log, side effects in one
transaction).

Sources: seed 000 (the licensing department's second public service: an apostille on education
documents issued in the country, affixed or refused with reasons), the Hague Convention of
5 October 1961 (the certificate's ten fields; a register of apostilles by number and date, art.
7), issue 12 (who applies, the checks, the term of 15 working days, the e-Register).
"""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from casework.attachments import attachment_checklist_missing
from casework.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_open,
    deadline_pause,
    deadline_resume,
)
from casework.documents import document_revoke
from casework.exceptions import CaseConflict, refuse, require
from casework.locks import lock
from casework.models import Attachment, Channel
from casework.notifications import notify_applicant_side, notify_each, staff_of
from casework.services import case_create, case_transition, entry_point
from registry import history
from registry.models import Procedure, Role
from registry.selectors import authority_for

from . import checks, conf, documents
from .models import (
    Apostille,
    ApostilleRequest,
    Decision,
    LookupAttempt,
    RefusalReason,
    RequestCheck,
    Specimen,
)
from .permissions import (
    acts_for_applicant,
    handles,
    is_paper_request,
    may_keep_specimens,
    may_revoke,
    represents,
)
from .refusals import ApostilleRefusal
from .selectors import RegisterEntry, entry_of, normalized_number, organization_names_on

State = ApostilleRequest.State
Kind = RequestCheck.Kind
Outcome = RequestCheck.Outcome

DEADLINE_COMPLETENESS = "completeness_check"
DEADLINE_SERVICE = "service"

# What the applicant fills in (wizard, API).
DETAIL_FIELDS = (
    "document_type",
    "level",
    "series",
    "document_number",
    "issued_on",
    "holder_name",
    "holder_iin",
    "issuer",
    "signer_name",
    "country_of_use",
    "language",
    "form",
    "fee_receipt_number",
)
# What a request must carry before it is submitted.
REQUIRED_FIELDS = (
    "document_type",
    "document_number",
    "issued_on",
    "holder_name",
    "holder_iin",
    "issuer",
    "country_of_use",
    "language",
)
SCAN = "scan"
FEE_RECEIPT = "fee_receipt"


# ---------------------------------------------------------------------------------------------
# Drafts


@entry_point
def apostille_request_create(
    *, actor, organization=None, channel: str = Channel.PORTAL, **details
) -> ApostilleRequest:
    """A draft request. On the portal a citizen requests for their own document (the holder's
    IIN is theirs) and a representative for a graduate of the organization they act for; staff
    enter a request received in person or through the State Corporation (the channel is
    recorded for the statistics)."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown request fields: {sorted(unknown)}")
    if channel == Channel.PORTAL:
        if organization is not None:
            require(represents(actor, organization))
        else:
            require(actor.is_active and actor.has_role(Role.CITIZEN))
            if not actor.iin:
                refuse(ApostilleRefusal.CITIZEN_NO_IIN)
            details.setdefault("holder_iin", actor.iin)
            details.setdefault("holder_name", actor.full_name)
            if details["holder_iin"] != actor.iin:
                refuse(ApostilleRefusal.CITIZEN_NOT_HOLDER)
        authority = None
    else:
        authority = actor.authority
        require(authority is not None and authority.handles(Procedure.APOSTILLE))
    details.setdefault("language", actor.language)
    request = case_create(
        ApostilleRequest,
        actor=actor,
        organization=organization,
        authority=authority,
        channel=channel,
        fee_amount=conf.get("APOSTILLE_FEE_AMOUNT"),
        **details,
    )
    return request


@entry_point
def apostille_request_update(request, *, actor, **details) -> ApostilleRequest:
    """Change what a draft (or a request returned for corrections) says."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown request fields: {sorted(unknown)}")
    request = lock(request)
    require(acts_for_applicant(actor, request))
    if request.state not in (State.DRAFT, State.RETURNED):
        raise CaseConflict(case=request)
    if request.channel == Channel.PORTAL and request.organization_id is None:
        iin = details.get("holder_iin", request.holder_iin)
        if iin != actor.iin:
            refuse(ApostilleRefusal.CITIZEN_NOT_HOLDER, case=request)
    for name, value in details.items():
        setattr(request, name, value)
    request.full_clean(exclude=["number", "applicant", "state"])
    request.save()
    return request


def missing_details(request: ApostilleRequest) -> list[str]:
    """The labels of what the request still lacks (the wizard shows them)."""
    fields = [ApostilleRequest._meta.get_field(name) for name in REQUIRED_FIELDS]
    return [str(f.verbose_name) for f in fields if getattr(request, f.attname) in (None, "")]


def _require_complete(request: ApostilleRequest) -> None:
    missing = missing_details(request)
    if missing:
        refuse(ApostilleRefusal.REQUEST_INCOMPLETE, case=request, missing=", ".join(missing))
    if request.issued_on > timezone.localdate():
        refuse(ApostilleRefusal.ISSUE_DATE_FUTURE, case=request)
    if SCAN in {item.code for item in attachment_checklist_missing(request)}:
        refuse(ApostilleRefusal.SCAN_MISSING, case=request)
    if not _fee_evidenced(request):
        refuse(ApostilleRefusal.FEE_MISSING, case=request)


def _fee_evidenced(request: ApostilleRequest) -> bool:
    """The receipt's number is given, or the receipt is attached."""
    if request.fee_receipt_number.strip():
        return True
    return Attachment.objects.filter(
        case_type=ContentType.objects.get_for_model(ApostilleRequest),
        case_id=request.pk,
        item_code=FEE_RECEIPT,
        superseded_by__isnull=True,
    ).exists()


# ---------------------------------------------------------------------------------------------
# Submission and the completeness check


@entry_point
def apostille_request_submit(request, *, actor, received_at=None) -> ApostilleRequest:
    """The applicant (or staff, for a paper request) sends the request: it is registered with
    the authority that handles apostilles for the issuer's region, the completeness check and
    the term of the service start, and the portal makes its checks. A paper request's terms run
    from the moment it was received at the counter or the State Corporation."""
    submitted = case_transition(request, "submit", actor=actor)
    _require_complete(submitted)
    if submitted.authority_id is None:
        submitted.authority = authority_for(submitted.issuer.region, Procedure.APOSTILLE)
        if submitted.authority is None:
            refuse(
                ApostilleRefusal.REQUEST_INCOMPLETE,
                _("No authority handles apostilles for the issuing organization's region."),
                case=submitted,
            )
    received_at = received_at if is_paper_request(actor, submitted) and received_at else None
    received_at = received_at or timezone.now()
    submitted.submitted_at = received_at
    submitted.registered_at = timezone.now()
    submitted.save(update_fields=["authority", "submitted_at", "registered_at"])
    deadline_open(
        submitted,
        DEADLINE_COMPLETENESS,
        working_days=int(conf.get("APOSTILLE_COMPLETENESS_CHECK_WORKING_DAYS")),
        at=received_at,
    )
    deadline_open(
        submitted,
        DEADLINE_SERVICE,
        working_days=int(conf.get("APOSTILLE_TERM_WORKING_DAYS")),
        at=received_at,
    )
    checks.checks_run(submitted)
    notify_each(
        staff_of(submitted.authority_id),
        "apostille_submitted",
        {"case": submitted},
        submitted.get_absolute_url(),
    )
    notify_applicant_side(submitted, "apostille_registered", {"due_date": submitted.due_date})
    return submitted


@entry_point
def apostille_request_take_for_check(request, *, actor) -> ApostilleRequest:
    return case_transition(request, "take_for_check", actor=actor)


@entry_point
def apostille_fee_confirm(request, *, actor) -> ApostilleRequest:
    """Staff confirm that the state fee was paid (by the receipt's number or the receipt)."""
    request = lock(request)
    require(handles(actor, request))
    if not _fee_evidenced(request):
        refuse(ApostilleRefusal.FEE_MISSING, case=request)
    if request.fee_confirmed_at is None:
        request.fee_confirmed_by = actor
        request.fee_confirmed_at = timezone.now()
        request.save(update_fields=["fee_confirmed_by", "fee_confirmed_at"])
    return request


@entry_point
def apostille_request_accept(request, *, actor, comment="") -> ApostilleRequest:
    """The request is complete and the fee paid: it goes to review."""
    accepted = case_transition(request, "accept", actor=actor, comment=comment)
    deadline_complete(accepted, DEADLINE_COMPLETENESS)
    return accepted


@entry_point
def apostille_request_return(request, *, actor, corrections: str) -> ApostilleRequest:
    """Back to the applicant for corrections; the clock of the service stops until they come."""
    corrections = (corrections or "").strip()
    if not corrections:
        raise ValidationError({"corrections": _("Say what must be corrected.")})
    returned = case_transition(request, "return_for_corrections", actor=actor, comment=corrections)
    returned.correction_request = corrections
    returned.save(update_fields=["correction_request"])
    deadline_pause(returned)
    notify_applicant_side(returned, "apostille_returned", {"corrections": corrections})
    return returned


@entry_point
def apostille_request_submit_corrections(request, *, actor, comment="") -> ApostilleRequest:
    """The corrections arrive: the clock runs again with the days it had left, and the portal
    checks the corrected request again."""
    corrected = case_transition(request, "submit_corrections", actor=actor, comment=comment)
    _require_complete(corrected)
    deadline_resume(corrected)
    checks.checks_run(corrected)
    return corrected


# ---------------------------------------------------------------------------------------------
# Checks


@entry_point
def apostille_checks_run(request, *, actor) -> list[RequestCheck]:
    """Staff make the checks again (after the specimen register or the license register
    changed, say). Confirmations by hand are cleared: they were of the earlier findings."""
    request = lock(request)
    require(handles(actor, request))
    return checks.checks_run(request)


@entry_point
def apostille_check_confirm(request, kind: str, *, actor, reason: str) -> RequestCheck:
    """Staff confirm a check by hand, with the reason: a license the register does not reach
    back to, or a signer they verified against the organization's paper records. A failed
    license check (the register says no) and an earlier apostille cannot be confirmed away."""
    request = lock(request)
    require(handles(actor, request))
    reason = (reason or "").strip()
    if not reason:
        refuse(ApostilleRefusal.CONFIRMATION_NO_REASON, case=request)
    check = RequestCheck.objects.select_for_update().filter(request=request, kind=kind).first()
    if check is None:
        refuse(ApostilleRefusal.CHECKS_NOT_RUN, case=request)
    if check.outcome not in (Outcome.UNKNOWN, Outcome.FLAGGED) or kind == Kind.DUPLICATE:
        code = {
            Outcome.FAILED: ApostilleRefusal.LICENSE_NOT_COVERED,
        }.get(check.outcome, ApostilleRefusal.CONFIRMATION_NOT_NEEDED)
        if kind == Kind.DUPLICATE and check.outcome == Outcome.FLAGGED:
            code = ApostilleRefusal.DUPLICATE_EXISTS
            refuse(code, case=request, number=check.details.get("number", ""))
        refuse(code, case=request)
    check.outcome = Outcome.CONFIRMED
    check.confirmed_by = actor
    check.confirmation_reason = reason
    check.save(update_fields=["outcome", "confirmed_by", "confirmation_reason"])
    return check


def _require_checks_clear(request: ApostilleRequest, *, duplicate: bool) -> Apostille | None:
    """The checks allow the apostille; returns the earlier apostille a duplicate copies."""
    found = {c.kind: c for c in request.checks.all()}
    if set(found) != set(Kind.values):
        refuse(ApostilleRefusal.CHECKS_NOT_RUN, case=request)
    license_check = found[Kind.LICENSE]
    if license_check.outcome == Outcome.FAILED:
        refuse(ApostilleRefusal.LICENSE_NOT_COVERED, case=request)
    if not license_check.is_clear:
        refuse(ApostilleRefusal.LICENSE_UNCONFIRMED, case=request)
    if not found[Kind.SIGNER].is_clear:
        refuse(ApostilleRefusal.SIGNER_NOT_CONFIRMED, case=request)
    earlier = request.previous_apostille
    if duplicate:
        if earlier is None:
            refuse(ApostilleRefusal.DUPLICATE_NOTHING_TO_COPY, case=request)
        return earlier
    if earlier is not None:
        refuse(ApostilleRefusal.DUPLICATE_EXISTS, case=request, number=earlier.number)
    return None


# ---------------------------------------------------------------------------------------------
# Decision


@entry_point
def apostille_affix(request, *, actor, duplicate: bool = False, comment="") -> Apostille:
    """Affix the apostille: numbered by the database, its ten fields filled in the language the
    applicant chose, issued as an e-Apostille (the certificate and the document's scan in one
    sealed PDF) or as a printable paper certificate. With `duplicate`, the request is for a
    document apostilled before, and the new apostille is a duplicate of that one."""
    affixed = case_transition(request, "affix", actor=actor, comment=comment)
    # Fresh checks: the specimen or license register may have changed since they were made.
    checks.check_duplicate(affixed)
    earlier = _require_checks_clear(affixed, duplicate=duplicate)
    now = timezone.now()
    affixed.decision = Decision.AFFIXED
    affixed.decided_at = now
    affixed.decided_by = actor
    affixed.save(update_fields=["decision", "decided_at", "decided_by"])
    apostille = documents.apostille_make(affixed, official=actor, duplicate_of=earlier)
    deadline_complete(affixed)
    notify_applicant_side(affixed, "apostille_affixed", {"apostille": apostille})
    return apostille


def _reasons(reasons) -> list[RefusalReason]:
    ids = [getattr(r, "pk", r) for r in reasons or ()]
    found = list(RefusalReason.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(set(ids)):
        raise ValidationError({"reasons": _("Choose reasons from the list.")})
    return found


@entry_point
def apostille_refuse(request, *, actor, reasons, text="") -> ApostilleRequest:
    """Refuse with reasons from the list plus text, and a PDF letter in the applicant's
    language (seed 000: an apostille is affixed or refused with reasons)."""
    reasons = _reasons(reasons)
    text = (text or "").strip()
    refused = case_transition(request, "refuse", actor=actor, comment=text)
    if not reasons:
        refuse(ApostilleRefusal.REFUSAL_NO_REASON, case=refused)
    refused.decision = Decision.REFUSED
    refused.refusal_text = text
    refused.decided_at = timezone.now()
    refused.decided_by = actor
    refused.save(update_fields=["decision", "refusal_text", "decided_at", "decided_by"])
    refused.refusal_reasons.set(reasons)
    deadline_complete(refused)
    documents.refusal_letter_issue(refused, reasons=reasons, text=text)
    notify_applicant_side(refused, "apostille_refused")
    return refused


@entry_point
def apostille_request_deliver(request, *, actor, comment="") -> ApostilleRequest:
    """The apostille (or the letter of refusal) reached the applicant: downloaded, or handed
    over at the counter."""
    delivered = case_transition(request, "deliver", actor=actor, comment=comment)
    delivered.delivered_at = timezone.now()
    delivered.save(update_fields=["delivered_at"])
    return delivered


@entry_point
def apostille_request_withdraw(request, *, actor, comment="") -> ApostilleRequest:
    """The applicant withdraws the request before the decision."""
    withdrawn = case_transition(request, "withdraw", actor=actor, comment=comment)
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["withdrawn_at"])
    deadline_cancel(withdrawn)
    return withdrawn


# ---------------------------------------------------------------------------------------------
# Revocation of an apostille issued in error


@entry_point
def apostille_revoke(apostille: Apostille, *, actor, reason: str) -> Apostille:
    """Revoke an apostille issued in error, with the reason: the e-Register then says
    "revoked" with the date, and the verification page of its PDF says so too."""
    apostille = lock(apostille)
    require(may_revoke(actor, apostille))
    reason = (reason or "").strip()
    if not reason:
        refuse(ApostilleRefusal.REVOCATION_NO_REASON)
    if apostille.status == Apostille.Status.REVOKED:
        refuse(ApostilleRefusal.REVOCATION_ALREADY)
    apostille.status = Apostille.Status.REVOKED
    apostille.revoked_on = timezone.localdate()
    apostille.revocation_reason = reason
    apostille.revoked_by = actor
    apostille.save(update_fields=["status", "revoked_on", "revocation_reason", "revoked_by"])
    if apostille.document_id is not None:
        document_revoke(apostille.document, reason)
    return apostille


# ---------------------------------------------------------------------------------------------
# The specimen register (every change is in Specimen's history, with who made it)

SPECIMEN_FIELDS = (
    "signer_name",
    "capacity",
    "position",
    "valid_from",
    "valid_until",
    "signature_image",
    "seal_image",
)


@entry_point
def specimen_create(*, actor, organization, **fields) -> Specimen:
    require(may_keep_specimens(actor, organization))
    unknown = set(fields) - set(SPECIMEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown specimen fields: {sorted(unknown)}")
    specimen = Specimen(organization=organization, recorded_by=actor, **fields)
    specimen.full_clean()
    with history.context(actor=actor.pk):
        specimen.save()
    return specimen


@entry_point
def specimen_update(specimen: Specimen, *, actor, **fields) -> Specimen:
    specimen = lock(specimen)
    require(may_keep_specimens(actor, specimen.organization))
    unknown = set(fields) - set(SPECIMEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown specimen fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(specimen, name, value)
    specimen.recorded_by = actor
    specimen.recorded_at = timezone.now()
    specimen.full_clean()
    with history.context(actor=actor.pk):
        specimen.save()
    return specimen


# ---------------------------------------------------------------------------------------------
# The e-Register


@dataclasses.dataclass(frozen=True)
class LookupResult:
    """What a look-up in the e-Register came to: the entry found (or None), or, while the
    address is locked out, the moment look-ups from it are allowed again."""

    entry: RegisterEntry | None
    locked_until: datetime.datetime | None = None

    @property
    def refused(self) -> bool:
        return self.locked_until is not None


@entry_point
def register_lookup(
    *, address: str, number: str, issued_on: datetime.date | None, now=None
) -> LookupResult:
    """Look an apostille up in the public e-Register: found only by its number AND its date of
    issue together. Every look-up is logged; after APOSTILLE_REGISTER_MAX_FAILURES failed ones
    from one address within APOSTILLE_REGISTER_FAILURE_WINDOW, look-ups from it are refused
    until APOSTILLE_REGISTER_LOCKOUT after the last failure (a look-up that finds something
    clears nothing: fishing between known numbers still counts). The count is in the database,
    under a per-address lock, so it holds across web processes."""
    now = now or timezone.now()
    number = normalized_number(number)[:50]
    _lock_address(address)
    until = lockout_until(address, now=now)
    apostille = None
    if until is None and number and issued_on is not None:
        apostille = (
            Apostille.objects.filter(number=number, issued_on=issued_on)
            .select_related("authority")
            .first()
        )
    if until is not None:
        outcome = LookupAttempt.Outcome.REFUSED
    elif apostille is not None:
        outcome = LookupAttempt.Outcome.FOUND
    else:
        outcome = LookupAttempt.Outcome.NOT_FOUND
    LookupAttempt.objects.create(
        address=address,
        number=number,
        issued_on=issued_on,
        outcome=outcome,
        apostille=apostille,
        at=now,
    )
    return LookupResult(entry_of(apostille) if apostille is not None else None, until)


def _lock_address(address: str) -> None:
    """Look-ups from one address wait for each other, so two at once cannot both slip under
    the limit (a transaction-scoped advisory lock on PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"apostille:{address}"])


def lockout_until(address: str, *, now=None) -> datetime.datetime | None:
    """The moment look-ups from the address are allowed again, or None when they are now."""
    now = now or timezone.now()
    limit = int(conf.get("APOSTILLE_REGISTER_MAX_FAILURES"))
    window = conf.get("APOSTILLE_REGISTER_FAILURE_WINDOW")
    failures = list(
        LookupAttempt.objects.filter(
            address=address,
            outcome=LookupAttempt.Outcome.NOT_FOUND,
            at__gt=now - window,
            at__lte=now,
        )
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(failures) < limit:
        return None
    until = failures[0] + conf.get("APOSTILLE_REGISTER_LOCKOUT")
    return until if until > now else None


def register_lookup_or_refuse(**kwargs) -> RegisterEntry | None:
    """`register_lookup` for pages and the API: a lock-out is a refusal with its code
    (apostille.register.locked_out) and the moment look-ups are allowed again; the refused
    attempt is logged all the same (the look-up committed before the refusal)."""
    result = register_lookup(**kwargs)
    if result.refused:
        until = formats.date_format(timezone.localtime(result.locked_until), "DATETIME_FORMAT")
        refuse(ApostilleRefusal.REGISTER_LOCKED_OUT, until=until)
    return result.entry


__all__ = [
    "apostille_affix",
    "apostille_check_confirm",
    "apostille_checks_run",
    "apostille_fee_confirm",
    "apostille_refuse",
    "apostille_request_accept",
    "apostille_request_create",
    "apostille_request_deliver",
    "apostille_request_return",
    "apostille_request_submit",
    "apostille_request_submit_corrections",
    "apostille_request_take_for_check",
    "apostille_request_update",
    "apostille_request_withdraw",
    "apostille_revoke",
    "organization_names_on",
    "LookupResult",
    "register_lookup",
    "register_lookup_or_refuse",
    "specimen_create",
    "specimen_update",
]
