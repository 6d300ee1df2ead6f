"""The same document version issued or rendered by several processes at once: one record, one
rendering queued, one file."""

import hashlib
from pathlib import Path

import pytest
from django.db import connection, transaction

from casework.documents import document_issue, document_render
from casework.models import DocumentKind, IssuedDocument, OutboxMessage
from casework.tests.files import (
    SAMPLE_TEMPLATE,
    issue_sample_document,
    sample_application,
    sample_content,
    stored_files,
)
from casework.tests.sample.celery import celery_config, free_port
from casework.tests.threads import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


@pytest.fixture(autouse=True)
def _no_broker():
    """Nothing listens on the broker port: the after-commit relay fails at once and the
    outbox rows stay pending, which is all these tests look at."""
    with celery_config(broker_url=f"redis://127.0.0.1:{free_port()}/0", task_always_eager=False):
        yield


def test_eight_requests_issuing_the_same_version_get_one_record_and_one_queued_rendering():
    case = sample_application()

    def issue():
        with transaction.atomic():
            return document_issue(
                case, DocumentKind.DECISION, SAMPLE_TEMPLATE, sample_content("kk"), "kk", "same"
            ).pk

    outcomes = race(*[issue] * 8)
    document = IssuedDocument.objects.get()
    assert outcomes == [document.pk] * 8
    assert OutboxMessage.objects.filter(kwargs={"document_id": document.pk}).count() == 1


def test_two_workers_rendering_the_same_document_leave_one_file():
    document = issue_sample_document(render=False)
    outcomes = race(*[lambda: document_render(document.pk).sha256] * 2)
    document.refresh_from_db()
    assert outcomes == [document.sha256] * 2
    [file] = stored_files()
    assert hashlib.sha256(file.read_bytes()).hexdigest() == document.sha256
    assert file == Path(document.file.path)
