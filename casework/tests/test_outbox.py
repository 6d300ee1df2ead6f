import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from casework import outbox
from casework.models import OutboxMessage
from casework.tests.sample.celery import celery_config, free_port
from casework.tests.sample.models import SampleApplication, SampleTaskRun
from registry.tests.factories import UserFactory

ACKNOWLEDGE = "casework.tests.sample.tasks.sample_application_acknowledge"

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    with celery_config(task_always_eager=True) as app:
        yield app


@pytest.fixture
def dead_broker():
    """Celery pointed at a port where nothing listens, and not eager."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    with celery_config(broker_url=url, task_always_eager=False) as app:
        yield app


@pytest.fixture
def application():
    return SampleApplication.objects.create(applicant=UserFactory(), subject="x")


def test_a_rolled_back_transaction_takes_its_messages_with_it(
    eager, application, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue(ACKNOWLEDGE, application_id=application.pk)
        raise RuntimeError
    assert not OutboxMessage.objects.exists()
    assert not SampleTaskRun.objects.exists()


def test_eager_mode_runs_the_task_after_commit_with_its_message_id(
    eager, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox.enqueue(ACKNOWLEDGE, application_id=application.pk)
        assert not SampleTaskRun.objects.exists()  # nothing runs before the commit
    message.refresh_from_db()
    assert message.dispatched_at is not None
    assert message.attempts == 1
    run = SampleTaskRun.objects.get()
    assert run.outbox_message_id == message.pk
    application.refresh_from_db()
    assert application.acknowledged_at is not None


def test_relay_sends_pending_rows_once(eager, application):
    first = OutboxMessage.objects.create(
        task_name=ACKNOWLEDGE, kwargs={"application_id": application.pk}
    )
    second = OutboxMessage.objects.create(
        task_name=ACKNOWLEDGE, kwargs={"application_id": application.pk}
    )
    assert outbox.relay_pending() == 2
    assert outbox.relay_pending() == 0
    assert set(SampleTaskRun.objects.values_list("outbox_message_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert not OutboxMessage.objects.filter(dispatched_at__isnull=True).exists()


def test_a_failing_eager_task_leaves_no_half_writes_and_is_recorded(eager, application):
    message = OutboxMessage.objects.create(
        task_name="casework.tests.sample.tasks.sample_task_failing_after_a_write",
        kwargs={"application_id": application.pk},
    )
    assert outbox.relay_pending() == 1
    message.refresh_from_db()
    assert message.dispatched_at is not None  # delivered; the task's own retries are Celery's
    assert message.last_error == "RuntimeError: sample failure"
    assert not SampleTaskRun.objects.exists()


def test_a_dead_broker_leaves_the_row_pending_and_fails_fast(
    dead_broker, application, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox.enqueue(ACKNOWLEDGE, application_id=application.pk)
    elapsed = time.monotonic() - started
    message.refresh_from_db()
    assert message.dispatched_at is None
    assert message.attempts == 1
    assert message.last_error
    assert elapsed < 1.5  # kombu's reconnection loop would take 2 s or more
    assert outbox.relay_pending() == 0
    message.refresh_from_db()
    assert message.attempts == 2


def test_message_id_is_read_back_from_the_celery_task_id():
    class Request:
        id = "outbox-42"

    assert outbox.message_id(Request()) == 42
    Request.id = "d6f1c1d2-0000"
    assert outbox.message_id(Request()) is None


def test_purge_deletes_only_rows_sent_long_ago():
    now = timezone.now()
    old = OutboxMessage.objects.create(task_name="x", dispatched_at=now - timedelta(days=31))
    recent = OutboxMessage.objects.create(task_name="x", dispatched_at=now - timedelta(days=1))
    pending = OutboxMessage.objects.create(task_name="x", created_at=now - timedelta(days=90))
    assert outbox.purge_dispatched(keep_days=30) == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
