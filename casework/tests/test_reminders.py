"""Deadline reminders: sent once each, whoever scans and however often, and escalated to the
head of department when the term has passed."""

import threading

import pytest
from django.db import connection, transaction

from casework import calendar
from casework.deadlines import (
    OVERDUE,
    deadline_open,
    deadline_pause,
    deadline_reminders_send,
    deadline_resume,
    reminder_schedule,
    reminder_send,
)
from casework.models import Deadline, Notification, ReminderSent
from casework.tests.deadline_factories import Office, local
from casework.tests.threads import race

pytestmark = [pytest.mark.django_db, pytest.mark.urls("casework.tests.sample.urls")]

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need the real PostgreSQL (scripts/test)",
)


@pytest.fixture(autouse=True)
def _kazakhstan(settings):
    settings.PORTAL_JURISDICTION = "KZ"
    settings.DEADLINE_REMINDER_OFFSETS = [3, 1]
    settings.DEADLINE_REMINDER_HOUR = 9
    calendar.cache_clear()
    yield
    calendar.cache_clear()


def open_decision_term(case):
    """Registered Monday 17 March 2025, five working days: due Thursday 27 March (after Nauryz)."""
    return deadline_open(case, "decision", working_days=5, at=local(2025, 3, 17))


def sent_kinds(deadline) -> list[str]:
    return list(deadline.reminders_sent.order_by("sent_at", "id").values_list("kind", flat=True))


def inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("id")
        .values_list("template_key", flat=True)
    )


def test_the_schedule_counts_working_days_back_from_the_last_day_over_nauryz():
    deadline = open_decision_term(Office().case())
    assert reminder_schedule(deadline) == [
        ("before_3", local(2025, 3, 19, 9)),
        ("before_1", local(2025, 3, 26, 9)),  # 21–25 March are off
        (OVERDUE, local(2025, 3, 28, 0)),
    ]
    assert deadline.next_reminder_at == local(2025, 3, 19, 9)


def test_scanning_twice_sends_each_reminder_once():
    office = Office()
    deadline = open_decision_term(office.case())

    assert deadline_reminders_send(now=local(2025, 3, 19, 9, 5)) == 1
    assert deadline_reminders_send(now=local(2025, 3, 19, 9, 5)) == 0
    assert deadline_reminders_send(now=local(2025, 3, 20, 12)) == 0
    assert deadline_reminders_send(now=local(2025, 3, 26, 9, 5)) == 1
    assert deadline_reminders_send(now=local(2025, 3, 26, 9, 5)) == 0

    assert sent_kinds(deadline) == ["before_3", "before_1"]
    assert inbox(office.staff) == ["deadline_reminder", "deadline_reminder"]
    assert inbox(office.head) == []
    deadline.refresh_from_db()
    assert deadline.next_reminder_at == local(2025, 3, 28, 0)


def test_a_scan_that_missed_days_sends_only_the_most_urgent_reminder():
    office = Office(language="en")
    case = office.case()
    deadline = open_decision_term(case)
    assert deadline_reminders_send(now=local(2025, 3, 26, 10)) == 1
    assert sent_kinds(deadline) == ["before_1"]
    notification = Notification.objects.get(recipient=office.staff)
    assert notification.subject == f"Case {case.number}: 1 working day left"
    assert "27 March 2025, 23:59" in notification.body


def test_overdue_goes_to_the_assignee_and_escalates_to_the_head_of_department():
    office = Office()
    elsewhere = Office()
    deadline = open_decision_term(office.case())

    assert deadline_reminders_send(now=local(2025, 3, 28, 0, 5)) == 1

    assert sent_kinds(deadline) == [OVERDUE]
    assert inbox(office.staff) == ["deadline_overdue"]
    assert inbox(office.head) == ["deadline_escalation"]
    assert inbox(office.other_staff) == []  # the case is assigned: only its assignee
    assert inbox(elsewhere.head) == []
    deadline.refresh_from_db()
    assert deadline.next_reminder_at is None  # nothing more to send
    assert deadline_reminders_send(now=local(2025, 4, 30)) == 0


def test_an_unassigned_case_reminds_every_staff_member_of_its_authority():
    office = Office()
    open_decision_term(office.case(assigned=False))
    deadline_reminders_send(now=local(2025, 3, 19, 9, 5))
    assert inbox(office.staff) == inbox(office.other_staff) == ["deadline_reminder"]
    assert inbox(office.head) == []


def test_a_paused_clock_sends_no_reminders_and_after_resuming_only_those_not_yet_sent():
    office = Office()
    case = office.case()
    deadline = open_decision_term(case)
    deadline_reminders_send(now=local(2025, 3, 19, 9, 5))  # "3 days before" sent
    deadline_pause(case, at=local(2025, 3, 19, 11))

    assert deadline_reminders_send(now=local(2025, 3, 28, 1)) == 0  # past the old end

    deadline_resume(case, at=local(2025, 3, 28, 10))  # now due Wednesday 2 April
    deadline.refresh_from_db()
    assert deadline.next_reminder_at == local(2025, 4, 1, 9)  # "1 day before"
    assert deadline_reminders_send(now=local(2025, 4, 1, 9, 5)) == 1
    assert deadline_reminders_send(now=local(2025, 4, 3, 0, 5)) == 1
    assert sent_kinds(deadline) == ["before_3", "before_1", OVERDUE]


def test_the_scan_reads_due_rows_in_batches_until_none_is_left():
    office = Office()
    for _ in range(7):
        open_decision_term(office.case())
    assert deadline_reminders_send(now=local(2025, 3, 19, 9, 5), batch_size=3) == 7
    assert ReminderSent.objects.count() == 7
    assert not Deadline.objects.filter(next_reminder_at__lte=local(2025, 3, 19, 9, 5)).exists()


def _in_threads(count: int, work) -> list:
    """Run `work()` in `count` threads released together; none may fail."""
    results = race(*[work] * count, timeout=60)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    return results


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_scans_at_the_same_moment_send_each_reminder_once():
    office = Office()
    deadlines = [open_decision_term(office.case()) for _ in range(40)]
    now = local(2025, 3, 19, 9, 5)

    sent = _in_threads(2, lambda: deadline_reminders_send(now=now, batch_size=10))

    assert sum(sent) == 40
    assert ReminderSent.objects.filter(deadline__in=deadlines).count() == 40
    assert Notification.objects.filter(recipient=office.staff).count() == 40
    assert deadline_reminders_send(now=now) == 0


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_unique_constraint_stops_a_second_sender_that_ignores_the_row_lock():
    office = Office()
    deadline = open_decision_term(office.case())

    def send():
        with transaction.atomic():
            mine = Deadline.objects.get(pk=deadline.pk)
            was_sent = reminder_send(mine, "before_3", now=local(2025, 3, 19, 9, 5))
            # Hold the transaction open: the other sender's insert must wait for this one.
            threading.Event().wait(0.3)
        return was_sent

    assert sorted(_in_threads(2, send)) == [False, True]
    assert sent_kinds(deadline) == ["before_3"]
    assert inbox(office.staff) == ["deadline_reminder"]
