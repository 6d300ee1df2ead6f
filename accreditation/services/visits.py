"""The external expert visit (К14–К16) and the expert report (К17)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.calendar import calendar_for
from casework.deadlines import deadline_complete, deadline_open
from casework.exceptions import CaseConflict, CasePermissionDenied, refuse
from casework.locks import lock
from casework.services import case_transition, entry_point

from .. import conf, draw
from ..models import (
    AccreditationCase,
    ExpertFinding,
    ExpertReport,
    ExpertSeat,
    ExpertVisit,
    Recommendation,
    Standard,
)
from ..notifications import tell
from ..permissions import is_commission_expert_of
from ..refusals import AccreditationRefusal
from ._common import add_months, today
from .applications import DEADLINE_BODY_STEP
from .self_assessment import recommendation_add

State = AccreditationCase.State
DEADLINE_EXPERT_REPORT = "expert_report"


def visit_working_days(start_on: datetime.date, end_on: datetime.date) -> int:
    """Working days from the first day to the last, both included."""
    return calendar_for().working_days_between(start_on - datetime.timedelta(days=1), end_on)


def expert_report_due(visit: ExpertVisit) -> datetime.date:
    # К17: the report within three working days of the visit's end.
    days = int(conf.get("ACCREDITATION_EXPERT_REPORT_WORKING_DAYS"))
    return calendar_for().add_working_days(visit.end_on, days)


@entry_point
def accreditation_visit_schedule(
    case, *, actor, start_on: datetime.date, end_on: datetime.date, seed: str | None = None
) -> ExpertVisit:
    """Set the dates of the visit and draw its commission; the organization, the body and the
    experts are told at once, which is the notice К14 counts from."""
    case = lock(case)
    if case.state != State.RECOMMENDATIONS:
        raise CaseConflict(case=case)
    if end_on < start_on:
        raise ValidationError({"end_on": _("The visit ends on or after its first day.")})
    notice_on = today()
    # К14: the organization is told three months before the visit starts.
    earliest = add_months(notice_on, int(conf.get("ACCREDITATION_VISIT_NOTICE_MONTHS")))
    if start_on < earliest:
        refuse(AccreditationRefusal.K14_NOTICE, case=case, day=earliest.strftime("%d.%m.%Y"))
    # К15: the visit lasts two to four working days.
    days = visit_working_days(start_on, end_on)
    if not (
        int(conf.get("ACCREDITATION_VISIT_MIN_WORKING_DAYS"))
        <= days
        <= int(conf.get("ACCREDITATION_VISIT_MAX_WORKING_DAYS"))
    ):
        refuse(AccreditationRefusal.K15_VISIT_LENGTH, case=case, days=days)
    # К14: the external expert commission, drawn with conflicts excluded.
    seed = seed or draw.new_seed()
    candidates = draw.eligible_candidates(
        organization=case.organization,
        programme_ids=[p.pk for p in case.programmes.all()],
        start_on=start_on,
    )
    size = int(conf.get("ACCREDITATION_COMMISSION_SIZE"))
    chosen = draw.draw(candidates, seed, size)
    if len(chosen) < size:
        refuse(
            AccreditationRefusal.K14_COMMISSION_INCOMPLETE, case=case, found=len(chosen), size=size
        )
    scheduled = case_transition(case, "schedule_visit", actor=actor)
    visit = ExpertVisit.objects.create(
        case=scheduled,
        notice_on=notice_on,
        start_on=start_on,
        end_on=end_on,
        seed=seed,
        algorithm=draw.ALGORITHM,
        candidates=[c.as_json() for c in candidates],
    )
    ExpertSeat.objects.bulk_create(
        ExpertSeat(
            visit=visit,
            expert_id=expert_id,
            organization_id=scheduled.organization_id,
            start_on=start_on,
            is_chair=index == 0,
        )
        for index, expert_id in enumerate(chosen)
    )
    deadline_complete(scheduled, DEADLINE_BODY_STEP)
    tell(
        scheduled,
        "visit_scheduled",
        parties=("organization", "body", "experts"),
        start=start_on.strftime("%d.%m.%Y"),
        end=end_on.strftime("%d.%m.%Y"),
    )
    return visit


@entry_point
def accreditation_report_open(case, *, actor) -> ExpertSeat:
    """An expert of the commission opens the self-assessment report (the workspace's download
    calls this): the first time is recorded, К16."""
    seat = (
        ExpertSeat.objects.select_for_update(of=("self",))
        .filter(visit__case_id=case.pk, expert__user=actor)
        .first()
    )
    if seat is None:
        raise CasePermissionDenied()
    if seat.report_opened_at is None:
        seat.report_opened_at = timezone.now()
        seat.save(update_fields=["report_opened_at"])
    return seat


@entry_point
def accreditation_visit_complete(case, *, actor) -> AccreditationCase:
    """The visit has taken place; the expert report's term starts (К17)."""
    case = lock(case)
    if case.state != State.EXPERT_VISIT:
        raise CaseConflict(case=case)
    visit = case.visit
    # К16: every expert studied the self-assessment report before the visit's first day.
    unread = [
        seat.expert.full_name
        for seat in visit.seats.select_related("expert")
        if seat.report_opened_at is None
        or timezone.localtime(seat.report_opened_at).date() >= visit.start_on
    ]
    if unread:
        refuse(AccreditationRefusal.K16_REPORT_NOT_OPENED, case=case, names=", ".join(unread))
    completed = case_transition(case, "complete_visit", actor=actor)
    ExpertVisit.objects.filter(pk=visit.pk).update(completed_at=timezone.now())
    deadline_open(
        completed,
        DEADLINE_EXPERT_REPORT,
        working_days=int(conf.get("ACCREDITATION_EXPERT_REPORT_WORKING_DAYS")),
        start=visit.end_on,
    )
    tell(
        completed,
        "visit_completed",
        parties=("organization", "body", "experts"),
        due=expert_report_due(visit).strftime("%d.%m.%Y"),
    )
    return completed


@entry_point
def accreditation_expert_report_submit(
    case, *, actor, summary: str, findings: dict, recommendations=()
) -> ExpertReport:
    """К17: the commission's report, a finding on every standard of the body, and its
    recommendations (each with a due date, item 9). `findings` maps a Standard's id to
    (assessment, text); `recommendations` are (text, due_on, standard or None).

    A report after its term is accepted and marked late (ACCREDITATION_EXPERT_REPORT_LATE_
    ACCEPTED, default), so the commission's delay does not cost the organization its case; with
    the setting off it is refused."""
    case = lock(case)
    if not is_commission_expert_of(actor, case):
        raise CasePermissionDenied()
    if case.state != State.EXPERT_REPORT or ExpertReport.objects.filter(case=case).exists():
        raise CaseConflict(case=case)
    standards = list(Standard.objects.filter(body_id=case.body_id, is_active=True))
    missing = [s.code for s in standards if s.pk not in findings]
    if missing:
        refuse(
            AccreditationRefusal.K17_FINDINGS_INCOMPLETE, case=case, standards=", ".join(missing)
        )
    due_on = expert_report_due(case.visit)
    late = today() > due_on
    if late and not conf.get("ACCREDITATION_EXPERT_REPORT_LATE_ACCEPTED"):
        refuse(AccreditationRefusal.K17_REPORT_LATE, case=case, day=due_on.strftime("%d.%m.%Y"))
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Write the summary of the report.")})
    report = ExpertReport.objects.create(
        case=case,
        summary=summary.strip(),
        due_on=due_on,
        submitted_at=timezone.now(),
        submitted_by=actor,
        is_late=late,
    )
    by_id = {s.pk: s for s in standards}
    for standard_id, (assessment, _text) in findings.items():
        if standard_id not in by_id or assessment not in ExpertFinding.Assessment.values:
            raise ValidationError({"findings": _("Give an assessment of each standard.")})
    ExpertFinding.objects.bulk_create(
        ExpertFinding(report=report, standard=by_id[sid], assessment=a, text=t or "")
        for sid, (a, t) in findings.items()
    )
    for text, recommendation_due, standard in recommendations:
        recommendation_add(
            case,
            source=Recommendation.Source.EXPERTS,
            text=text,
            due_on=recommendation_due,
            standard=standard,
        )
    deadline_complete(case, DEADLINE_EXPERT_REPORT)
    deadline_open(
        case,
        DEADLINE_BODY_STEP,
        working_days=int(conf.get("ACCREDITATION_BODY_STEP_WORKING_DAYS")),
    )
    tell(case, "expert_report_submitted", parties=("organization", "body", "experts"))
    return report
