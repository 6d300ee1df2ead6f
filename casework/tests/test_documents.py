import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from casework.documents import (
    RENDER_TASK,
    document_issue,
    document_pdf,
    document_render,
    document_revoke,
    document_supersede,
)
from casework.models import DocumentKind, DocumentRendition, IssuedDocument, OutboxMessage
from casework.seal import seal_check
from casework.tests.files import (
    SAMPLE_TEMPLATE,
    issue_sample_document,
    sample_application,
    sample_content,
    stored_files,
)
from registry.tests.factories import admin_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_issuing_records_the_snapshot_and_queues_the_rendering_on_commit():
    case = sample_application()
    document = issue_sample_document(case, render=False)
    assert document.status == IssuedDocument.Status.VALID
    assert document.case == case and document.organization == case.organization
    assert document.context["organization"] == sample_content("kk")["organization"]
    assert not document.is_rendered and not document.file
    assert len(document.verification_code) >= 22
    message = OutboxMessage.objects.get()
    assert message.task_name == RENDER_TASK == "casework.tasks.render_document"
    assert message.kwargs == {"document_id": document.pk}


def test_issuing_the_same_version_twice_gives_one_record_and_one_queued_rendering():
    case = sample_application()
    first = issue_sample_document(case, version_key="v1", render=False)
    again = issue_sample_document(case, version_key="v1", render=False)
    assert again.pk == first.pk
    assert IssuedDocument.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_numbers_are_allotted_per_kind_and_year():
    case = sample_application()
    first = issue_sample_document(case, version_key="a", render=False)
    second = issue_sample_document(case, version_key="b", render=False)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"DEC-{year}-000001", f"DEC-{year}-000002")


def test_lazy_translations_in_the_content_are_frozen_in_the_document_language():
    case = sample_application()
    with translation.override("ru"), transaction.atomic():
        document = document_issue(
            case,
            DocumentKind.DECISION,
            SAMPLE_TEMPLATE,
            {"kind": gettext_lazy("Valid"), "when": timezone.localdate()},
            "en",
            "lazy",
        )
    assert document.context == {"kind": "Valid", "when": timezone.localdate().isoformat()}


def test_an_unknown_template_or_language_fails_at_issue_not_in_the_worker():
    case = sample_application()
    with pytest.raises(TemplateDoesNotExist):
        document_issue(case, DocumentKind.DECISION, "nope.html", {}, "kk", "t")
    with pytest.raises(ValueError, match="language"):
        document_issue(case, DocumentKind.DECISION, SAMPLE_TEMPLATE, {}, "de", "l")
    assert not IssuedDocument.objects.exists()


def test_rendering_stores_one_file_with_its_hash():
    document = issue_sample_document()
    path = Path(document.file.path)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.primary.rendered_at is not None
    assert stored_files() == [path]


def test_rendering_twice_leaves_the_first_file_alone():
    document = issue_sample_document()
    stamp = Path(document.file.path).stat().st_mtime_ns
    again = document_render(document.pk)
    assert again.file.name == document.file.name and again.sha256 == document.sha256
    assert Path(document.file.path).stat().st_mtime_ns == stamp
    assert len(stored_files()) == 1


def test_a_retry_after_a_crash_between_writing_and_committing_leaves_one_file():
    document = issue_sample_document(render=False)
    # What a worker killed after writing the file but before its commit leaves behind: a file
    # under the row's name, and a row without a hash.
    rendered = document_render(document.pk)
    name, content = rendered.file.name, Path(rendered.file.path).read_bytes()
    Path(rendered.file.path).write_bytes(content[: len(content) // 2])
    DocumentRendition.objects.filter(document=document).update(
        sha256="", file="", rendered_at=None
    )

    retried = document_render(document.pk)
    assert retried.file.name == name
    assert stored_files() == [Path(retried.file.path)]
    stored = Path(retried.file.path).read_bytes()
    assert retried.sha256 == hashlib.sha256(stored).hexdigest()
    assert seal_check(stored).valid
    # The pages are the same: rendering is pure (only the seal's signing time differs).
    assert document_pdf(retried) == document_pdf(rendered)


def test_a_superseded_document_points_to_its_successor():
    case = sample_application()
    old = issue_sample_document(case, version_key="old", render=False)
    new = issue_sample_document(case, version_key="new", render=False)
    document_supersede(old, new)
    old.refresh_from_db()
    assert old.status == IssuedDocument.Status.SUPERSEDED and old.superseded_by == new
    with pytest.raises(ValidationError, match="Only a valid document"):
        document_supersede(old, new)


def test_a_document_cannot_supersede_itself():
    document = issue_sample_document(render=False)
    with pytest.raises(ValidationError):
        document_supersede(document, document)


def test_revoking_needs_a_reason_and_happens_once():
    document = issue_sample_document(render=False)
    with pytest.raises(ValidationError, match="reason"):
        document_revoke(document, "  ")
    revoked = document_revoke(document, "Issued in error")
    assert revoked.status == IssuedDocument.Status.REVOKED
    assert revoked.revoked_at is not None and revoked.revocation_reason == "Issued in error"
    with pytest.raises(ValidationError, match="already revoked"):
        document_revoke(revoked, "again")


def test_the_admin_lists_documents_read_only_and_queues_unrendered_ones_again(verified_client):
    rendered = issue_sample_document(version_key="done")
    pending = issue_sample_document(version_key="pending", render=False)
    OutboxMessage.objects.all().delete()
    client = verified_client(admin_user())
    assert client.get(reverse("admin:casework_issueddocument_changelist")).status_code == 200
    assert client.get(reverse("admin:casework_issueddocument_add")).status_code == 403
    client.post(
        reverse("admin:casework_issueddocument_changelist"),
        {"action": "render_again", "_selected_action": [rendered.pk, pending.pk]},
    )
    assert [m.kwargs for m in OutboxMessage.objects.all()] == [{"document_id": pending.pk}]
