"""A worker killed in the middle of a PDF: the task runs again and exactly one document with one
file exists.

A real Celery worker (`--pool=solo -Q documents`) renders with DOCUMENT_RENDER_TEST_DELAY set
in its environment, so it sits between rendering and writing; the test SIGKILLs it there. The
message was not acknowledged (acks_late), so Redis hands it out again once the broker's
visibility timeout has passed: the workers here run with CELERY_VISIBILITY_TIMEOUT=3 instead of
an hour. (reject_on_worker_lost covers a prefork child dying under a live parent; with the
whole worker killed, the visibility timeout is what brings the message back.)
"""

import hashlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from casework.models import IssuedDocument, OutboxMessage
from casework.tests.files import issue_sample_document, sample_application, stored_files
from casework.tests.sample.celery import (
    RedisServer,
    celery_config,
    database_url,
    free_port,
    start_worker,
    stop_worker,
)

pytestmark = [
    # The worker is another process: it must see committed rows of a shared database.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a worker process needs a shared PostgreSQL"
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is missing"),
]

VISIBILITY_TIMEOUT = 3


def wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}. Worker log:\n{log.read_text()}")


def worker_in_a_transaction() -> bool:
    """Whether another session holds a transaction open on this test database: the worker,
    between locking the document row and committing its file and hash."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
        )
        return cursor.fetchone()[0] > 0


@pytest.fixture
def broker(tmp_path):
    """A Redis of this test's own: with the suite's shared one, a worker of a test running in
    parallel could take this test's redelivered message (and this worker theirs)."""
    redis = RedisServer(free_port(), tmp_path)
    redis.start()
    yield redis.url
    redis.stop()


def documents_worker(monkeypatch, broker_url: str, log: Path, *, delay: float):
    monkeypatch.setenv("DOCUMENT_RENDER_TEST_DELAY", str(delay))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", str(VISIBILITY_TIMEOUT))
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(settings.MEDIA_ROOT))
    return start_worker(broker_url, database_url(connection.settings_dict), "documents", log)


def test_a_worker_killed_mid_pdf_leaves_one_document_with_one_file(monkeypatch, tmp_path, broker):
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    with celery_config(broker_url=broker, task_always_eager=False):
        case = sample_application()
        # The request: issue in a transaction; after its commit the outbox hands the task to
        # Redis, on the documents queue.
        with transaction.atomic():
            document = issue_sample_document(case, render=False)
        message = OutboxMessage.objects.get()
        assert message.dispatched_at is not None, message.last_error

        first = documents_worker(monkeypatch, broker, first_log, delay=60)
        try:
            wait_for(worker_in_a_transaction, 60, "the worker to start rendering", first_log)
            time.sleep(1)  # rendering done, now sleeping before the write
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop_worker(first)

        document.refresh_from_db()
        assert not document.is_rendered and stored_files() == []
        assert f"render_document[{message.celery_task_id}] received" in first_log.read_text()

        # A starting worker restores the unacknowledged messages older than the visibility
        # timeout once, then (kombu 5.7) only every ~100 s: start it after the timeout passed.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = documents_worker(monkeypatch, broker, second_log, delay=0)
        try:
            wait_for(
                lambda: IssuedDocument.objects.get(pk=document.pk).is_rendered,
                60,
                "the redelivered task to render the document",
                second_log,
            )
            time.sleep(1)  # a further delivery, were there one, would show by now
        finally:
            stop_worker(second)

    log = second_log.read_text()
    assert f"render_document[{message.celery_task_id}] received" in log
    assert f"render_document[{message.celery_task_id}] succeeded" in log
    assert IssuedDocument.objects.count() == 1
    document.refresh_from_db()
    [file] = stored_files()
    assert file == Path(document.file.path)
    assert document.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
