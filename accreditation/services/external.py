"""Decisions pushed by accreditation bodies that run their own systems (issue 11, item 10, after
EQAR's DEQAR submission API: one decision per request, created or updated by the body's own case
identifier, idempotently). The API (part 2) authenticates the body's token as one of its staff
and calls `accreditation_decision_record`."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.exceptions import CasePermissionDenied, refuse
from casework.services import case_create, case_transition, entry_point
from licensing.selectors import license_in_force_covering

from .. import conf
from ..models import AccreditationCase, Decision, Kind
from ..notifications import tell
from ..permissions import is_body_staff_of
from ..refusals import AccreditationRefusal
from ._common import case_set, require_certified_body, today
from .certificates import certificate_issue, refusal_notice


@entry_point
def accreditation_decision_record(
    *,
    actor,
    body,
    external_id: str,
    organization,
    kind: str,
    decision: str,
    decided_on: datetime.date,
    programmes=(),
    reasons: str = "",
    report_url: str = "",
) -> tuple[AccreditationCase, bool]:
    """Record a decision the body took in its own system; (case, created). Sent again with the
    same identifier it changes nothing but the published report and the reasons; a different
    decision under the same identifier is refused (a new decision is a new case)."""
    if not is_body_staff_of(actor, body.authority):
        raise CasePermissionDenied()
    external_id = (external_id or "").strip()
    if not external_id:
        raise ValidationError({"external_id": _("Give the body's identifier of the case.")})
    if kind not in Kind.values or decision not in Decision.values:
        raise ValidationError({"decision": _("Give the kind and the decision.")})
    if decided_on > today():
        raise ValidationError({"decided_on": _("The decision cannot be in the future.")})
    existing = (
        AccreditationCase.objects.select_for_update(of=("self",))
        .filter(body=body, external_id=external_id)
        .first()
    )
    if existing is not None:
        if existing.decision != decision or existing.organization_id != organization.pk:
            refuse(AccreditationRefusal.EXTERNAL_CONFLICT, case=existing)
        case_set(existing, decision_reasons=reasons or existing.decision_reasons)
        if report_url and existing.state == AccreditationCase.State.DECIDED:
            existing = case_transition(existing, "publish_report", actor=actor)
            case_set(existing, report_published_at=timezone.now(), report_url=report_url)
        return existing, False
    # К4: a body certified on the day of its decision; К2: the organization licensed for
    # higher or postgraduate education.
    require_certified_body(body, decided_on)
    if license_in_force_covering(organization, conf.get("ACCREDITATION_LEVEL_CODES")) is None:
        refuse(AccreditationRefusal.K2_LICENSE)
    if decision == Decision.REFUSE and not (reasons or "").strip():
        raise ValidationError({"reasons": _("A refusal states its reasons (clause 22).")})
    case = case_create(
        AccreditationCase,
        actor=actor,
        organization=organization,
        body=body,
        authority=body.authority,
        kind=kind,
        external_id=external_id,
    )
    case.programmes.set(programmes)
    case = case_transition(case, "record_decision", actor=actor)
    decided_at = timezone.make_aware(datetime.datetime.combine(decided_on, datetime.time(12)))
    case_set(
        case,
        submitted_at=decided_at,
        decision=decision,
        decision_reasons=(reasons or "").strip(),
        decided_at=decided_at,
        decided_by=actor,
    )
    if decision == Decision.ACCREDIT:
        certificate_issue(case, actor=actor, day=decided_on)
    else:
        refusal_notice(case)
    if report_url:
        case = case_transition(case, "publish_report", actor=actor)
        case_set(case, report_published_at=timezone.now(), report_url=report_url)
    tell(case, "decided", parties=("organization", "body"), decision=Decision(decision).label)
    return case, True
