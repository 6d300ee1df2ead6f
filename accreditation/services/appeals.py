"""Appeals against the decision (К27): filed within the period (a setting), decided outside the
body, the register showing "under appeal" while one is open."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.calendar import add_calendar_days
from casework.deadlines import deadline_complete, deadline_open
from casework.exceptions import CaseConflict, refuse
from casework.locks import lock
from casework.services import case_transition, entry_point

from .. import conf
from ..models import AccreditationCase, Appeal, Certificate
from ..notifications import tell
from ..refusals import AccreditationRefusal
from ._common import case_set, today

State = AccreditationCase.State
DEADLINE_APPEAL_DECISION = "appeal_decision"


def appeal_period_end(case):
    decided_on = timezone.localtime(case.decided_at).date()
    return add_calendar_days(decided_on, int(conf.get("ACCREDITATION_APPEAL_PERIOD_DAYS")))


@entry_point
def accreditation_appeal_file(case, *, actor, grounds: str) -> Appeal:
    """The organization appeals the decision within the period."""
    case = lock(case)
    if case.state not in (State.DECIDED, State.REPORT_PUBLISHED) or case.decided_at is None:
        raise CaseConflict(case=case)
    last_day = appeal_period_end(case)
    if today() > last_day:
        refuse(
            AccreditationRefusal.K27_APPEAL_PERIOD_ENDED,
            case=case,
            day=last_day.strftime("%d.%m.%Y"),
        )
    if not (grounds or "").strip():
        raise ValidationError({"grounds": _("State the grounds of the appeal.")})
    appealed = case_transition(case, "appeal", actor=actor)
    appeal = Appeal.objects.create(case=appealed, grounds=grounds.strip(), filed_by=actor)
    Certificate.objects.filter(case=appealed).update(updated_at=timezone.now())
    deadline_open(
        appealed,
        DEADLINE_APPEAL_DECISION,
        working_days=int(conf.get("ACCREDITATION_APPEAL_DECISION_WORKING_DAYS")),
    )
    tell(appealed, "appealed", parties=("organization", "body", "council"))
    return appeal


@entry_point
def accreditation_appeal_decide(case, *, actor, upheld: bool, text: str) -> Appeal:
    """Upheld: the council votes again (the next round); dismissed: the decision stands."""
    if not (text or "").strip():
        raise ValidationError({"text": _("State the reasons of the outcome.")})
    decided = case_transition(case, "uphold_appeal" if upheld else "dismiss_appeal", actor=actor)
    appeal = Appeal.objects.select_for_update().get(case=decided, outcome=Appeal.Outcome.OPEN)
    appeal.outcome = Appeal.Outcome.UPHELD if upheld else Appeal.Outcome.DISMISSED
    appeal.outcome_text = text.strip()
    appeal.decided_at = timezone.now()
    appeal.decided_by = actor
    appeal.save(update_fields=["outcome", "outcome_text", "decided_at", "decided_by"])
    if upheld:
        case_set(
            decided,
            council_round=decided.council_round + 1,
            council_result="",
            council_closed_at=None,
        )
    Certificate.objects.filter(case=decided).update(updated_at=timezone.now())
    deadline_complete(decided, DEADLINE_APPEAL_DECISION)
    tell(
        decided,
        "appeal_decided",
        parties=("organization", "body", "council"),
        outcome=appeal.get_outcome_display(),
    )
    return appeal
