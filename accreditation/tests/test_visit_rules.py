"""The external expert visit and its report, each boundary on both sides: К14 (told three months
ahead; a commission drawn with conflicts excluded), К15 (two to four working days, counted across
a holiday), К16 (the report studied before the visit), К17 (the report within three working days,
a finding on every standard), К18 (the council's materials include the expert report)."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, ExpertSeat
from accreditation.tests.factories import (
    at_recommendations,
    chair_of,
    on,
    report_submitted,
    visit_completed,
    visit_scheduled,
    world,
)
from casework import calendar
from casework.exceptions import TransitionRefused
from casework.models import CalendarDay, Deadline
from registry.models import ExpertAffiliation

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2027, 2, 1)
NOTICE = datetime.date(2027, 3, 7)
START = datetime.date(2027, 6, 7)  # a Monday, exactly three months after NOTICE


@pytest.fixture
def w():
    return world()


@pytest.fixture
def case(w):
    return at_recommendations(w, APPLIED)


@pytest.fixture
def wednesday_off():
    # A day off in the middle of the visit's week (an admin's row, as a decree would add).
    CalendarDay.objects.create(
        date=datetime.date(2027, 6, 9), kind=CalendarDay.Kind.DAY_OFF, note="test"
    )
    yield
    calendar.cache_clear()


def schedule_refusal(w, case, notice_on, start_on, end_on) -> str:
    with pytest.raises(TransitionRefused) as refused:
        visit_scheduled(w, case, notice_on, start_on, end_on)
    return refused.value.code


# К14: notice


def test_k14_a_visit_three_months_less_a_day_after_the_notice_is_refused(w, case):
    code = schedule_refusal(
        w, case, NOTICE, START - datetime.timedelta(days=1), START + datetime.timedelta(days=1)
    )
    assert code == "accreditation.k14.notice"


def test_k14_a_visit_exactly_three_months_after_the_notice_is_scheduled(w, case):
    visit = visit_scheduled(w, case, NOTICE, START, START + datetime.timedelta(days=1))
    assert visit.notice_on == NOTICE
    assert AccreditationCase.objects.get(pk=case.pk).state == AccreditationCase.State.EXPERT_VISIT


def test_k14_the_draw_excludes_experts_with_a_conflict_and_is_reproducible(w, case):
    ExpertAffiliation.objects.create(expert=w.experts[0], organization=w.organization)
    visit = visit_scheduled(w, case, NOTICE, START, START + datetime.timedelta(days=1), seed="s1")
    drawn = set(visit.seats.values_list("expert_id", flat=True))
    assert drawn == {e.pk for e in w.experts[1:]}
    from accreditation.draw import draw
    from licensing.draw import Candidate

    candidates = [Candidate.from_json(row) for row in visit.candidates]
    assert set(draw(candidates, visit.seed, 3)) == drawn


def test_k14_too_few_experts_without_a_conflict_is_refused(w, case):
    for expert in w.experts[:2]:
        ExpertAffiliation.objects.create(expert=expert, organization=w.organization)
    code = schedule_refusal(w, case, NOTICE, START, START + datetime.timedelta(days=1))
    assert code == "accreditation.k14.commission_incomplete"


# К15: two to four working days, a holiday not counted


def test_k15_a_visit_of_two_working_days_across_a_holiday_is_scheduled(w, case, wednesday_off):
    # Tuesday, (Wednesday off), Thursday.
    visit = visit_scheduled(w, case, NOTICE, datetime.date(2027, 6, 8), datetime.date(2027, 6, 10))
    assert visit.end_on == datetime.date(2027, 6, 10)


def test_k15_a_visit_of_four_working_days_across_a_holiday_is_scheduled(w, case, wednesday_off):
    # Monday to Friday is four working days with Wednesday off.
    visit = visit_scheduled(w, case, NOTICE, START, datetime.date(2027, 6, 11))
    assert visit.end_on == datetime.date(2027, 6, 11)


def test_k15_a_visit_of_five_working_days_across_a_holiday_is_refused(w, case, wednesday_off):
    code = schedule_refusal(w, case, NOTICE, START, datetime.date(2027, 6, 14))
    assert code == "accreditation.k15.visit_length"


def test_k15_a_visit_of_one_working_day_is_refused(w, case):
    assert schedule_refusal(w, case, NOTICE, START, START) == "accreditation.k15.visit_length"


# К16: the report studied before the visit


def test_k16_the_visit_cannot_be_recorded_while_an_expert_has_not_opened_the_report(w, case):
    visit = visit_scheduled(w, case, NOTICE, START, START + datetime.timedelta(days=1))
    with on(NOTICE):
        services.accreditation_report_open(case, actor=chair_of(visit))
    with on(visit.end_on), pytest.raises(TransitionRefused) as refused:
        services.accreditation_visit_complete(
            AccreditationCase.objects.get(pk=case.pk), actor=w.staff
        )
    assert refused.value.code == "accreditation.k16.report_not_opened"


def test_k16_a_report_first_opened_on_the_first_day_of_the_visit_is_too_late(w, case):
    visit = visit_scheduled(w, case, NOTICE, START, START + datetime.timedelta(days=1))
    with on(START):
        for seat in visit.seats.select_related("expert__user"):
            services.accreditation_report_open(case, actor=seat.expert.user)
    with on(visit.end_on), pytest.raises(TransitionRefused) as refused:
        services.accreditation_visit_complete(
            AccreditationCase.objects.get(pk=case.pk), actor=w.staff
        )
    assert refused.value.code == "accreditation.k16.report_not_opened"


def test_k16_the_visit_is_recorded_when_every_expert_opened_the_report_before_it(w, case):
    visit = visit_scheduled(w, case, NOTICE, START, START + datetime.timedelta(days=1))
    completed = visit_completed(w, case, visit)
    assert completed.state == AccreditationCase.State.EXPERT_REPORT
    assert not ExpertSeat.objects.filter(visit=visit, report_opened_at__isnull=True).exists()


# К17: the report within three working days of the visit's end


@pytest.fixture
def visited(w, case):
    # Monday 7 – Tuesday 8 June 2027; three working days later is Friday 11 June.
    visit = visit_scheduled(w, case, NOTICE, START, START + datetime.timedelta(days=1))
    visit_completed(w, case, visit)
    return visit


def test_k17_a_report_on_the_third_working_day_is_on_time(w, case, visited):
    report = report_submitted(w, case, visited, datetime.date(2027, 6, 11))
    assert report.due_on == datetime.date(2027, 6, 11)
    assert not report.is_late
    assert not Deadline.objects.filter(
        case_id=case.pk, kind="expert_report", state="running"
    ).exists()


def test_k17_a_report_on_the_fourth_working_day_is_accepted_and_marked_late(w, case, visited):
    # Monday 14 June is the fourth working day after the visit.
    report = report_submitted(w, case, visited, datetime.date(2027, 6, 14))
    assert report.is_late


def test_k17_a_report_on_the_fourth_working_day_is_refused_where_the_setting_says(
    settings, w, case, visited
):
    settings.ACCREDITATION_EXPERT_REPORT_LATE_ACCEPTED = False
    with pytest.raises(TransitionRefused) as refused:
        report_submitted(w, case, visited, datetime.date(2027, 6, 14))
    assert refused.value.code == "accreditation.k17.report_late"


def test_k17_the_report_has_a_finding_on_every_standard(w, case, visited):
    with on(datetime.date(2027, 6, 9)), pytest.raises(TransitionRefused) as refused:
        services.accreditation_expert_report_submit(
            AccreditationCase.objects.get(pk=case.pk),
            actor=chair_of(visited),
            summary="Summary.",
            findings={w.standards[0].pk: ("compliant", "")},
        )
    assert refused.value.code == "accreditation.k17.findings_incomplete"


def test_k18_the_case_goes_to_the_council_only_with_the_expert_report(w, case, visited):
    with on(datetime.date(2027, 6, 9)), pytest.raises(TransitionRefused) as refused:
        services.accreditation_council_refer(
            AccreditationCase.objects.get(pk=case.pk), actor=w.staff
        )
    assert refused.value.code == "accreditation.k18.no_expert_report"
