"""Deadlines on the working-day calendar (Kazakhstan): opening, pausing for the applicant's
corrections, resuming, closing, and the case's due date kept in step."""

import datetime

import pytest
from django.db import IntegrityError

from casework import calendar
from casework.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_list,
    deadline_open,
    deadline_pause,
    deadline_resume,
)
from casework.models import Deadline
from casework.tests.deadline_factories import local, sample_case
from casework.tests.sample.models import SampleApplication

pytestmark = pytest.mark.django_db

D = datetime.date
END = datetime.time(23, 59, 59)


@pytest.fixture(autouse=True)
def _kazakhstan(settings):
    settings.PORTAL_JURISDICTION = "KZ"
    settings.DEADLINE_REMINDER_OFFSETS = [3, 1]
    settings.DEADLINE_REMINDER_HOUR = 9
    calendar.cache_clear()
    yield
    calendar.cache_clear()


def stored(case) -> SampleApplication:
    return SampleApplication.objects.get(pk=case.pk)


def local_end(deadline) -> tuple[datetime.date, datetime.time]:
    moment = deadline.due_at.astimezone(local(2025, 1, 1).tzinfo)
    return moment.date(), moment.time()


def test_a_working_day_term_steps_over_nauryz_and_ends_at_the_end_of_its_last_day():
    case = sample_case()
    # Registered Monday 17 March 2025; five working days: 18, 19, 20, (21–25 off), 26, 27.
    deadline = deadline_open(case, "decision", working_days=5, at=local(2025, 3, 17))
    assert local_end(deadline) == (D(2025, 3, 27), END)
    assert deadline.state == Deadline.State.RUNNING
    assert case.due_date == stored(case).due_date == D(2025, 3, 27)


def test_a_calendar_day_term_ending_on_saturday_moves_to_the_end_of_monday():
    case = sample_case()
    deadline = deadline_open(case, "reply", calendar_days=10, start=D(2026, 6, 3))
    assert local_end(deadline) == (D(2026, 6, 15), END)  # 13 June is a Saturday


def test_a_paused_clock_resumes_with_the_working_days_left_across_a_weekend_and_nauryz():
    case = sample_case()
    deadline_open(case, "decision", working_days=5, at=local(2025, 3, 17))  # due Thu 27 March

    # Sent back for corrections on Wednesday 19 March: 20, 26 and 27 March are left.
    (paused,) = deadline_pause(case, at=local(2025, 3, 19))
    assert paused.remaining_working_days == 3
    assert paused.next_reminder_at is None
    assert stored(case).due_date is None  # the clock stands: no due date to miss

    # Corrections arrive on Friday 28 March: three working days from Monday 31 March.
    (resumed,) = deadline_resume(case, at=local(2025, 3, 28))
    assert resumed.state == Deadline.State.RUNNING
    assert local_end(resumed) == (D(2025, 4, 2), END)
    assert stored(case).due_date == D(2025, 4, 2)
    # The clock stood on 20, 26, 27 and 28 March: the original end moved by as many days.
    assert stored(case).paused_days == case.paused_days == 4
    assert calendar.add_working_days(D(2025, 3, 27), 4) == D(2025, 4, 2)


def test_pausing_and_resuming_on_the_same_day_changes_nothing():
    case = sample_case()
    opened = deadline_open(case, "decision", working_days=5, at=local(2025, 3, 17))
    deadline_pause(case, at=local(2025, 3, 18, 9))
    (resumed,) = deadline_resume(case, at=local(2025, 3, 18, 17))
    assert resumed.due_at == opened.due_at
    assert stored(case).paused_days == 0


def test_a_term_paused_after_its_end_resumes_with_the_rest_of_that_day():
    case = sample_case()
    deadline_open(case, "decision", working_days=1, start=D(2026, 6, 10))  # due 11 June
    (paused,) = deadline_pause(case, at=local(2026, 6, 16))
    assert paused.remaining_working_days == 0
    (resumed,) = deadline_resume(case, at=local(2026, 6, 20))  # a Saturday
    assert local_end(resumed) == (D(2026, 6, 22), END)  # seed 004: the next working day


def test_resuming_a_case_without_a_paused_clock_does_nothing():
    case = sample_case()
    assert deadline_resume(case) == []
    assert stored(case).paused_days == 0


def test_the_case_due_date_is_the_end_of_its_earliest_running_term():
    case = sample_case()
    deadline_open(case, "decision", working_days=15, start=D(2026, 6, 1))
    deadline_open(case, "completeness_check", working_days=2, start=D(2026, 6, 1))
    assert stored(case).due_date == D(2026, 6, 3)
    deadline_complete(case, "completeness_check")
    assert stored(case).due_date == D(2026, 6, 22)
    deadline_complete(case)
    assert stored(case).due_date is None
    assert set(deadline_list(case).values_list("state", flat=True)) == {Deadline.State.DONE}


def test_opening_a_kind_again_restarts_its_term():
    case = sample_case()
    first = deadline_open(case, "decision", working_days=5, start=D(2026, 6, 1))
    second = deadline_open(case, "decision", working_days=5, start=D(2026, 6, 15))
    first.refresh_from_db()
    assert first.state == Deadline.State.CANCELLED
    assert second.state == Deadline.State.RUNNING
    assert stored(case).due_date == D(2026, 6, 22)


def test_the_database_refuses_two_live_terms_of_one_kind():
    case = sample_case()
    deadline = deadline_open(case, "decision", working_days=5)
    deadline.pk = None
    with pytest.raises(IntegrityError):
        deadline.save()


def test_a_closed_term_sends_no_more_reminders():
    case = sample_case()
    deadline = deadline_open(case, "decision", working_days=10)
    assert deadline.next_reminder_at is not None
    assert deadline_cancel(case) == 1
    deadline.refresh_from_db()
    assert (deadline.state, deadline.next_reminder_at) == (Deadline.State.CANCELLED, None)


def test_a_term_opened_with_less_time_than_an_offset_skips_that_reminder():
    case = sample_case()
    # Opened Wednesday 24 June 2026 at 10:00, due Friday 26: "3 days before" (23 June) has passed.
    deadline = deadline_open(case, "decision", working_days=2, at=local(2026, 6, 24))
    assert deadline.next_reminder_at == local(2026, 6, 25, 9)  # "1 day before"


def test_a_term_opened_already_past_its_end_still_gets_its_overdue_reminder():
    case = sample_case()
    deadline = deadline_open(
        case, "decision", working_days=1, start=D(2026, 6, 1), at=local(2026, 6, 10)
    )
    assert deadline.next_reminder_at == local(2026, 6, 3, 0)  # right after 2 June 23:59:59
