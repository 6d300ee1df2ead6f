"""A broker outage delays queued work and loses none: with Redis stopped a submission still
succeeds, and once Redis is back the relay sends the task and a real worker runs it once."""

import shutil
import time

import pytest
from django.db import connection

from casework import outbox
from casework.models import OutboxMessage
from casework.tasks import outbox_relay
from casework.tests.sample.celery import (
    REDIS_SERVER,
    RedisServer,
    celery_config,
    database_url,
    free_port,
    start_worker,
    stop_worker,
)
from casework.tests.sample.factories import SampleApplicationFactory
from casework.tests.sample.models import SampleApplication, SampleTaskRun
from casework.tests.sample.services import sample_application_submit

pytestmark = [
    # The worker is another process: it must see committed rows of a shared database.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a worker process needs a shared PostgreSQL"
    ),
    pytest.mark.skipif(shutil.which(REDIS_SERVER) is None, reason="redis-server is missing"),
]


def wait_for(predicate, worker, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_with_redis_stopped_a_submission_succeeds_and_its_task_runs_once_after(tmp_path):
    redis = RedisServer(free_port(), tmp_path)
    redis.start()
    worker = start_worker(
        redis.url, database_url(connection.settings_dict), "default", tmp_path / "worker.log"
    )
    try:
        with celery_config(broker_url=redis.url, task_always_eager=False):
            # Redis up: the after-commit relay sends at once, over a pooled connection.
            before = SampleApplicationFactory()
            sample_application_submit(before, actor=before.applicant)
            ran = SampleTaskRun.objects.filter(application=before).exists
            assert wait_for(ran, worker), (tmp_path / "worker.log").read_text()

            application = SampleApplicationFactory()
            redis.stop()

            started = time.monotonic()
            submitted = sample_application_submit(application, actor=application.applicant)
            elapsed = time.monotonic() - started

            assert submitted.state == "submitted"
            assert SampleApplication.objects.get(pk=application.pk).state == "submitted"
            message = OutboxMessage.objects.get(kwargs__application_id=application.pk)
            assert message.dispatched_at is None  # pending, not lost
            assert message.attempts == 1 and message.last_error
            assert elapsed < 1.5  # the after-commit relay failed fast (no retry loop)
            assert outbox.relay_pending() == 0  # still down: the periodic relay waits too

            redis.start()
            # What beat does every few seconds: the worker runs the relay, which sends the row.
            outbox_relay.apply_async()
            ran = SampleTaskRun.objects.filter(application=application).exists
            assert wait_for(ran, worker), (tmp_path / "worker.log").read_text()
            assert outbox.relay_pending() == 0
            time.sleep(2)  # a second delivery, were there one, would show by now

        run = SampleTaskRun.objects.get(application=application)  # exactly one run
        assert run.outbox_message_id == message.pk
        message.refresh_from_db()
        assert message.dispatched_at is not None and message.attempts == 3
        assert SampleApplication.objects.get(pk=application.pk).acknowledged_at is not None
        assert SampleTaskRun.objects.filter(application=before).count() == 1
    finally:
        stop_worker(worker)
        redis.stop()
