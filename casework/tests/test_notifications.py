"""Notifications: rendered in the recipient's language, e-mailed through the outbox after
commit and only once, and read in the inbox, where each person sees only their own."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from casework.models import Notification, OutboxMessage
from casework.notifications import (
    EMAIL_TASK,
    notification_email_send,
    notification_unread_count,
    notify,
)
from casework.tests.deadline_factories import local, sample_case
from registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def reminder_context(case, due_at=None):
    return {
        "case": case,
        "kind_label": "decision",
        "due_at": due_at or local(2025, 3, 27, 23, 59),
        "days_left": 3,
    }


def test_the_text_is_rendered_in_the_recipients_language_not_the_senders():
    case = sample_case()
    kazakh, russian = UserFactory(language="kk"), UserFactory(language="ru")
    with translation.override("en"):
        for_kazakh = notify(kazakh, "deadline_reminder", reminder_context(case))
        for_russian = notify(russian, "deadline_reminder", reminder_context(case))
        assert translation.get_language() == "en"  # the sender's language is left alone
    # Django's own catalogues name the month: Kazakh "Наурыз", Russian "марта".
    assert "27 Наурыз 2025, 23:59" in for_kazakh.body
    assert "27 марта 2025, 23:59" in for_russian.body
    assert case.number in for_kazakh.subject


def test_the_email_is_queued_in_the_outbox_and_sent_once_with_the_inbox_text():
    recipient = UserFactory(language="ru", email="head@example.kz")
    notification = notify(
        recipient, "deadline_reminder", reminder_context(sample_case()), link="/inbox/"
    )

    message = OutboxMessage.objects.get(task_name=EMAIL_TASK)
    assert message.kwargs == {"notification_id": notification.pk}
    assert mail.outbox == []  # nothing leaves before the outbox relays it

    assert notification_email_send(notification.pk) is True
    assert notification_email_send(notification.pk) is False  # a repeated delivery
    (email,) = mail.outbox
    assert email.to == ["head@example.kz"]
    assert email.subject == notification.subject
    assert notification.body in email.body
    assert email.body.rstrip().endswith("/inbox/")
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_eager_relay_sends_the_email_only_after_the_commit(django_capture_on_commit_callbacks):
    from casework.tests.sample.celery import celery_config

    recipient = UserFactory()
    with (
        celery_config(task_always_eager=True),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        notify(recipient, "deadline_reminder", reminder_context(sample_case()))
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [[recipient.email]]


def test_a_rolled_back_transaction_leaves_no_notification_and_no_email():
    recipient = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipient, "deadline_reminder", reminder_context(sample_case()))
        raise RuntimeError
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.filter(task_name=EMAIL_TASK).exists()


def test_a_subject_is_one_line():
    notification = notify(UserFactory(), "deadline_overdue", reminder_context(sample_case()))
    assert "\n" not in notification.subject


# The inbox.


def make_notifications(user, count, **kwargs):
    now = timezone.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            template_key="test",
            subject=f"Subject {i}",
            body=f"Body {i}",
            created_at=now - datetime.timedelta(minutes=i),
            **kwargs,
        )
        for i in range(count)
    )


def test_the_inbox_shows_only_the_users_own_notifications(client):
    user, other = UserFactory(), UserFactory()
    make_notifications(user, 2)
    Notification.objects.create(recipient=other, template_key="t", subject="Not yours", body="x")
    client.force_login(user)
    response = client.get(reverse("inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Subject 0" in page and "Subject 1" in page
    assert "Not yours" not in page


def test_the_inbox_needs_a_login(client):
    response = client.get(reverse("inbox"))
    assert response.status_code == 302
    assert "next=/inbox/" in response["Location"]


def test_the_inbox_costs_the_same_queries_for_one_notification_and_thirty(client):
    user = UserFactory()
    client.force_login(user)
    make_notifications(user, 1)
    with CaptureQueriesContext(transaction.get_connection()) as one:
        client.get(reverse("inbox"))
    make_notifications(user, 29)
    with CaptureQueriesContext(transaction.get_connection()) as thirty:
        response = client.get(reverse("inbox"))
    assert response.content.decode().count('id="notification-') == 30
    assert len(thirty) == len(one)


def test_the_header_badge_shows_the_unread_count(client):
    user = UserFactory()
    read, *_ = make_notifications(user, 3)
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-inbox-unread="2"' in page


def test_staff_see_their_inbox_after_the_second_factor(verified_client):
    from registry.tests.factories import AuthorityFactory, staff_of

    staff = staff_of(AuthorityFactory())
    make_notifications(staff, 1)
    response = verified_client(staff).get(reverse("inbox"))
    assert response.status_code == 200
    assert "Subject 0" in response.content.decode()


def test_marking_one_read_leaves_the_others_unread(client):
    user = UserFactory()
    first, second = make_notifications(user, 2)
    client.force_login(user)
    response = client.post(reverse("inbox_mark_read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    assert notification_unread_count(user) == 1


def test_nobody_can_mark_someone_elses_notification_read(client):
    owner, intruder = UserFactory(), UserFactory()
    (notification,) = make_notifications(owner, 1)
    client.force_login(intruder)
    client.post(reverse("inbox_mark_read", args=[notification.pk]))
    assert client.post(reverse("inbox_open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client):
    user, other = UserFactory(), UserFactory()
    make_notifications(user, 3)
    make_notifications(other, 1)
    client.force_login(user)
    client.post(reverse("inbox_mark_all_read"))
    assert notification_unread_count(user) == 0
    assert notification_unread_count(other) == 1


def test_marking_read_needs_a_post(client):
    user = UserFactory()
    (notification,) = make_notifications(user, 1)
    client.force_login(user)
    assert client.get(reverse("inbox_mark_read", args=[notification.pk])).status_code == 405


def test_opening_marks_read_and_follows_only_a_link_inside_the_portal(client):
    user = UserFactory()
    inside, outside = make_notifications(user, 2)
    Notification.objects.filter(pk=inside.pk).update(link="/dashboard/")
    Notification.objects.filter(pk=outside.pk).update(link="https://evil.example/")
    client.force_login(user)
    assert client.post(reverse("inbox_open", args=[inside.pk]))["Location"] == "/dashboard/"
    assert client.post(reverse("inbox_open", args=[outside.pk]))["Location"] == reverse("inbox")
    assert notification_unread_count(user) == 0
