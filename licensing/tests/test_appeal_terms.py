"""The appeal's terms (seed 002: the applicant may appeal a refusal): the period to appeal, of
which the applicant is reminded, and the term to decide an appeal once filed, of which staff
are reminded with escalation to the head, like any term of the case."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from casework.calendar import calendar_for
from casework.deadlines import deadline_reminders_send
from casework.models import Deadline, Notification
from licensing import services
from licensing.models import LicenseApplication
from licensing.services.reminders import appeal_period_reminders_send

from .factories import RefusalReasonFactory, in_review, licensed, world

pytestmark = pytest.mark.django_db
REMINDER = "licensing_appeal_period_reminder"


def _refused(w):
    return services.license_application_refuse(
        in_review(w, "reissue", license=licensed(w), reissue_ground="name_change"),
        actor=w.head,
        reasons=[RefusalReasonFactory()],
    )


def _deadline(application, kind):
    return Deadline.objects.get(
        case_type=ContentType.objects.get_for_model(LicenseApplication),
        case_id=application.pk,
        kind=kind,
    )


def _at_days_before_end(deadline, days: int) -> datetime.datetime:
    return deadline.due_at - datetime.timedelta(days=days, hours=1)


def test_a_refusal_opens_the_appeal_period_ending_where_the_appeal_is_still_accepted(settings):
    settings.LICENSING_APPEAL_PERIOD_DAYS = 30
    w = world()
    refused = _refused(w)
    period = _deadline(refused, "appeal_period")
    assert period.state == Deadline.State.RUNNING
    last_day = timezone.localtime(period.due_at).date()
    assert last_day == services.appeal_deadline(refused)
    assert calendar_for().is_working_day(last_day)
    refused.refresh_from_db()
    assert refused.due_date == last_day


def test_the_applicant_is_reminded_of_the_appeal_period_once_per_reminder(settings):
    settings.LICENSING_APPEAL_REMINDER_DAYS = [7, 1]
    w = world()
    refused = _refused(w)
    period = _deadline(refused, "appeal_period")

    assert appeal_period_reminders_send(now=_at_days_before_end(period, 10)) == 0
    week_before = _at_days_before_end(period, 6)
    assert appeal_period_reminders_send(now=week_before) == 1
    assert appeal_period_reminders_send(now=week_before) == 0
    assert appeal_period_reminders_send(now=_at_days_before_end(period, 0)) == 1
    reminders = Notification.objects.filter(template_key=REMINDER)
    assert [n.recipient for n in reminders] == [w.applicant, w.applicant]
    assert refused.number in reminders.first().subject
    assert reminders.first().link == refused.get_absolute_url()


def test_staff_are_not_reminded_of_the_applicants_appeal_period():
    w = world()
    refused = _refused(w)
    period = _deadline(refused, "appeal_period")
    assert period.next_reminder_at is None
    deadline_reminders_send(now=period.due_at + datetime.timedelta(days=5))
    assert not Notification.objects.filter(
        template_key__startswith="deadline_", body__contains=refused.number
    ).exists()


def test_the_period_closes_when_it_has_run_out_and_the_refusal_stands():
    w = world()
    refused = _refused(w)
    period = _deadline(refused, "appeal_period")
    assert appeal_period_reminders_send(now=period.due_at + datetime.timedelta(hours=1)) == 0
    period.refresh_from_db()
    assert period.state == Deadline.State.DONE
    refused.refresh_from_db()
    assert refused.due_date is None
    assert refused.state == LicenseApplication.State.REFUSED
    assert not Notification.objects.filter(template_key=REMINDER).exists()


def test_no_reminder_to_appeal_once_a_corrected_application_answers_the_refusal():
    w = world()
    refused = _refused(w)
    services.license_application_resubmit(refused, actor=w.applicant)
    period = _deadline(refused, "appeal_period")
    assert appeal_period_reminders_send(now=_at_days_before_end(period, 1)) == 0


def test_an_appeal_closes_the_period_and_starts_the_term_to_decide_it(settings):
    settings.LICENSING_APPEAL_DECISION_WORKING_DAYS = 20
    w = world()
    appealed = services.license_application_appeal(_refused(w), actor=w.applicant, text="Ошибка")
    assert _deadline(appealed, "appeal_period").state == Deadline.State.DONE
    term = _deadline(appealed, "appeal_decision")
    assert term.state == Deadline.State.RUNNING
    assert term.working_days == 20
    expected = calendar_for().add_working_days(timezone.localdate(), 20)
    assert timezone.localtime(term.due_at).date() == expected
    appealed.refresh_from_db()
    assert appealed.due_date == expected


def test_an_appeal_not_decided_in_time_reminds_staff_and_escalates_to_the_head():
    w = world()
    appealed = services.license_application_appeal(_refused(w), actor=w.applicant, text="Ошибка")
    term = _deadline(appealed, "appeal_decision")
    deadline_reminders_send(now=term.due_at + datetime.timedelta(hours=1))
    overdue = Notification.objects.get(recipient=w.staff, template_key="deadline_overdue")
    assert appealed.number in overdue.subject
    assert Notification.objects.filter(recipient=w.head, template_key="deadline_escalation")


@pytest.mark.parametrize("upheld", [True, False])
def test_deciding_the_appeal_closes_its_term(upheld):
    w = world()
    appealed = services.license_application_appeal(_refused(w), actor=w.applicant, text="Ошибка")
    decided = services.license_application_appeal_decide(appealed, actor=w.head, upheld=upheld)
    assert _deadline(decided, "appeal_decision").state == Deadline.State.DONE
    live = Deadline.objects.filter(case_id=decided.pk, state=Deadline.State.RUNNING)
    assert list(live.values_list("kind", flat=True)) == (["service"] if upheld else [])
