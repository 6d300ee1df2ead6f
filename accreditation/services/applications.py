"""Applying for accreditation: the draft, the application (К8, К2, К4, К21, К22), the two-sided
contract (К9.1) and withdrawal. Every state change goes through casework.services.case_transition.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.deadlines import deadline_cancel, deadline_complete, deadline_open
from casework.exceptions import CaseConflict, CasePermissionDenied, refuse
from casework.locks import lock
from casework.services import case_create, case_transition, entry_point
from licensing.selectors import license_in_force_covering

from .. import conf
from ..models import AccreditationCase, Certificate, Decision
from ..notifications import tell
from ..permissions import is_body_staff_of, represents
from ..refusals import AccreditationRefusal
from ..selectors import institutional_certificate_valid
from ._common import add_months, add_years, applied_on, case_set, require_certified_body, today

State = AccreditationCase.State
Kind = AccreditationCase.Kind

DEADLINE_TOTAL_TERM = "total_term"
DEADLINE_BODY_STEP = "body_step"


@entry_point
def accreditation_case_create(
    *, actor, organization, body, kind: str, programmes=(), renewal_of: Certificate | None = None
) -> AccreditationCase:
    """A draft application of the organization to a body, for a kind and its programmes; a
    renewal names the certificate it renews (К21)."""
    if not represents(actor, organization):
        raise CasePermissionDenied(_("You do not represent this organization."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of accreditation.")})
    case = case_create(
        AccreditationCase,
        actor=actor,
        organization=organization,
        body=body,
        kind=kind,
        authority=body.authority,
        renewal_of=renewal_of,
    )
    case.programmes.set(programmes)
    return case


@entry_point
def accreditation_case_submit(case, *, actor) -> AccreditationCase:
    """File the application: the body accepts it only when every rule of the Instruction on who
    may apply holds; the term of the case starts (К11)."""
    case = lock(case)
    if case.state != State.DRAFT:
        raise CaseConflict(case=case)
    day = today()
    require_certified_body(case.body, day, case=case)
    license_ = _require_license(case)
    _require_scope(case, day)
    renewal_late = _renewal_check(case, day) if case.renewal_of_id else False
    _require_year_after_refusal(case, day)
    submitted = case_transition(
        case,
        "submit",
        actor=actor,
        comment=str(_("Renewal applied for late")) if renewal_late else "",
    )
    now = timezone.now()
    term_until = add_years(day, int(conf.get("ACCREDITATION_TERM_MAX_YEARS")))
    case_set(
        submitted,
        submitted_at=now,
        registered_at=now,
        term_until=term_until,
        renewal_late=renewal_late,
        license=license_,
        license_snapshot=_license_snapshot(license_),
    )
    # К11: the whole case within three years of the application: reminders, escalation to the
    # body's head and the overdue flag come from casework.deadlines.
    deadline_open(submitted, DEADLINE_TOTAL_TERM, calendar_days=(term_until - day).days)
    deadline_open(
        submitted,
        DEADLINE_BODY_STEP,
        working_days=int(conf.get("ACCREDITATION_BODY_STEP_WORKING_DAYS")),
    )
    tell(submitted, "submitted")
    return submitted


def _require_license(case):
    # К2: only an organization licensed for higher or postgraduate education; К8: the license
    # and its appendices come from the state register, not uploaded again.
    license_ = license_in_force_covering(case.organization, conf.get("ACCREDITATION_LEVEL_CODES"))
    if license_ is None:
        refuse(AccreditationRefusal.K2_LICENSE, case=case)
    return license_


def _license_snapshot(license_) -> dict:
    return {
        "number": license_.number,
        "issued_on": license_.issued_on.isoformat(),
        "appendices": [
            {
                "number": appendix.number,
                "level": appendix.level.code,
                "specialties": sorted(s.code for s in appendix.specialties.all()),
            }
            for appendix in license_.appendices.all()
        ],
    }


def _require_scope(case, day) -> None:
    programmes = list(case.programmes.all())
    if case.includes_programmes and not programmes:
        refuse(AccreditationRefusal.K8_PROGRAMMES_REQUIRED, case=case)
    # К8: specialized accreditation needs the institutional certificate; combined needs none.
    if case.kind == Kind.SPECIALIZED and not institutional_certificate_valid(
        case.organization_id, day
    ):
        refuse(AccreditationRefusal.K8_INSTITUTIONAL_REQUIRED, case=case)


def _renewal_check(case, day) -> bool:
    """К21: renewal applied for no later than a year before expiry; True when it is late and
    a setting accepts it anyway."""
    certificate = case.renewal_of
    if certificate.status != Certificate.Status.ACTIVE or certificate.organization_id != (
        case.organization_id
    ):
        refuse(AccreditationRefusal.K21_NOT_RENEWABLE, case=case)
    last_day = add_months(
        certificate.valid_until, -int(conf.get("ACCREDITATION_RENEWAL_DEADLINE_MONTHS"))
    )
    if day <= last_day:
        return False
    if conf.get("ACCREDITATION_RENEWAL_LATE_ACCEPTED"):
        return True
    refuse(AccreditationRefusal.K21_RENEWAL_LATE, case=case, day=last_day.strftime("%d.%m.%Y"))


def _same_scope(case, other, programme_ids: set[int]) -> bool:
    if case.includes_institutional and other.includes_institutional:
        return True
    return bool(programme_ids & {p.pk for p in other.programmes.all()})


def _require_year_after_refusal(case, day) -> None:
    # К22: after a refusal, a new application of the organization for the same scope is
    # considered one year after the first application at the earliest.
    programme_ids = {p.pk for p in case.programmes.all()}
    refused = (
        AccreditationCase.objects.filter(
            organization_id=case.organization_id,
            decision=Decision.REFUSE,
            submitted_at__isnull=False,
        )
        .exclude(pk=case.pk)
        .prefetch_related("programmes")
        .order_by("-submitted_at")
    )
    years = int(conf.get("ACCREDITATION_REAPPLY_AFTER_YEARS"))
    for other in refused:
        first = applied_on(other)
        if _same_scope(case, other, programme_ids) and day < add_years(first, years):
            refuse(
                AccreditationRefusal.K22_REAPPLY_TOO_SOON,
                case=case,
                first=first.strftime("%d.%m.%Y"),
                day=add_years(first, years).strftime("%d.%m.%Y"),
            )


@entry_point
def accreditation_contract_sign(case, *, actor) -> AccreditationCase:
    """One side signs the two-sided contract in the portal (К9.1); when both have, it is
    concluded and the self-assessment begins."""
    case = lock(case)
    if case.state != State.APPLICATION:
        raise CaseConflict(case=case)
    now = timezone.now()
    if represents(actor, case):
        side = _("the organization")
        if case.contract_signed_by_organization_at is None:
            case_set(
                case, contract_signed_by_organization_at=now, contract_organization_signatory=actor
            )
    elif is_body_staff_of(actor, case):
        side = _("the accreditation body")
        if case.contract_signed_by_body_at is None:
            case_set(case, contract_signed_by_body_at=now, contract_body_signatory=actor)
    else:
        raise CasePermissionDenied()
    if not case.contract_signed:
        tell(case, "contract_signed", side=side)
        return case
    concluded = case_transition(case, "conclude_contract", actor=actor)
    deadline_complete(concluded, DEADLINE_BODY_STEP)
    tell(concluded, "contract_concluded")
    return concluded


@entry_point
def accreditation_case_withdraw(case, *, actor, comment: str = "") -> AccreditationCase:
    """The organization withdraws its application at any stage before the decision."""
    withdrawn = case_transition(case, "withdraw", actor=actor, comment=comment)
    case_set(withdrawn, withdrawn_at=timezone.now())
    deadline_cancel(withdrawn)
    tell(withdrawn, "withdrawn", parties=("organization", "body", "experts"))
    return withdrawn
