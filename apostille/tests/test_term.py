"""The term of the service: 15 working days (APOSTILLE_TERM_WORKING_DAYS) from registration,
counted on the jurisdiction's working-day calendar; the clock stands while the request is back
with the applicant for corrections and runs again, with the days it had left, when they come."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from apostille import services
from casework.deadlines import deadline_terms

from .factories import draft, world

pytestmark = pytest.mark.django_db


def _legal_due(request):
    return deadline_terms(request, "service").legal_due


def _at(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def test_fifteen_working_days_across_nauryz_with_a_return_for_corrections_in_between():
    w = world()
    request = draft(w)
    # Thursday 13 March 2025. Counted from the next day, skipping the weekends and Nauryz
    # (21–23 March, and 24–25 March in lieu of the weekend days), the 15th working day is
    # Tuesday 8 April.
    with time_machine.travel(_at(2025, 3, 13), tick=False):
        request = services.apostille_request_submit(request, actor=w.citizen)
    assert _legal_due(request) == datetime.date(2025, 4, 8)
    # The completeness check's own, shorter term comes first: 14 and 17 March.
    assert request.due_date == datetime.date(2025, 3, 17)
    services.apostille_fee_confirm(request, actor=w.staff)
    # Tuesday 18 March: back for corrections. The day counts as used; 12 working days are left
    # (19, 20 March, 26 March – 8 April) and the clock stands.
    with time_machine.travel(_at(2025, 3, 18, 11), tick=False):
        request = services.apostille_request_return(
            request, actor=w.staff, corrections="The scan of the back side is missing."
        )
    assert request.due_date is None and _legal_due(request) is None
    # Wednesday 26 March, after Nauryz: the corrections come and the 12 days run from the next
    # day, ending on Friday 11 April; 3 working days stood still (19, 20 and 26 March).
    with time_machine.travel(_at(2025, 3, 26, 9), tick=False):
        request = services.apostille_request_submit_corrections(request, actor=w.citizen)
    assert _legal_due(request) == datetime.date(2025, 4, 11)
    assert request.paused_days == 3
    # Decided in time, the term is done.
    with time_machine.travel(_at(2025, 4, 10), tick=False):
        accepted = services.apostille_request_accept(request, actor=w.staff)
        services.apostille_affix(accepted, actor=w.staff)
    request.refresh_from_db()
    assert request.due_date is None and _legal_due(request) is None


def test_the_term_is_a_setting(settings):
    settings.APOSTILLE_TERM_WORKING_DAYS = 5
    w = world()
    with time_machine.travel(_at(2025, 3, 13), tick=False):
        request = services.apostille_request_submit(draft(w), actor=w.citizen)
    # 14, 17, 18, 19, 20 March.
    assert _legal_due(request) == datetime.date(2025, 3, 20)


def test_staff_are_reminded_of_the_term_and_the_head_is_told_when_it_is_overdue():
    from casework.deadlines import deadline_reminders_send
    from casework.models import Notification

    w = world()
    with time_machine.travel(_at(2025, 3, 13), tick=False):
        request = services.apostille_request_submit(draft(w), actor=w.citizen)
    services.apostille_fee_confirm(request, actor=w.staff)
    with time_machine.travel(_at(2025, 3, 14), tick=False):
        services.apostille_request_accept(request, actor=w.staff)
    deadline_reminders_send(now=_at(2025, 4, 3, 10))  # three working days before 8 April
    assert Notification.objects.filter(recipient=w.staff, template_key="deadline_reminder")
    deadline_reminders_send(now=_at(2025, 4, 9, 10))
    assert Notification.objects.filter(recipient=w.head, template_key="deadline_escalation")
