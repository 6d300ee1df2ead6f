import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from casework.attachments import (
    attachment_checklist,
    attachment_checklist_missing,
    attachment_upload,
    safe_file_name,
)
from casework.models import Attachment
from casework.tests.files import (
    elf_bytes,
    image_bytes,
    mz_bytes,
    pdf_bytes,
    sample_application,
    stored_files,
    upload,
)
from registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def case():
    return sample_application()


def refusal(case, item, file, user=None) -> str:
    """Upload expecting a refusal; returns its message after checking nothing was stored."""
    with pytest.raises(ValidationError) as caught:
        attachment_upload(
            case=case, item_code=item, upload=file, uploaded_by=user or case.applicant
        )
    assert not Attachment.objects.exists()
    assert stored_files() == []
    return " ".join(caught.value.messages)


def test_a_pdf_is_stored_under_a_random_name_with_its_hash_uploader_and_time(case):
    content = pdf_bytes()
    before = timezone.now()
    attachment = attachment_upload(
        case=case,
        item_code="charter",
        upload=upload("Устав школы.pdf", content),
        uploaded_by=case.applicant,
    )
    assert attachment.version == 1 and attachment.is_current
    assert attachment.original_name == "Устав школы.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.uploaded_by == case.applicant and attachment.uploaded_at >= before
    path = Path(attachment.file.path)
    assert path.read_bytes() == content
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "attachments")
    assert "Устав" not in path.name and path.suffix == ".pdf"
    assert not path.is_relative_to(Path(settings.STATIC_ROOT))


def test_a_png_renamed_pdf_is_refused_where_only_pdf_is_taken_naming_both_types(case):
    message = refusal(case, "charter", upload("charter.pdf", image_bytes("PNG")))
    assert "“charter.pdf” was not accepted" in message
    assert "takes PDF" in message
    assert "a PNG image" in message


def test_a_png_renamed_pdf_is_accepted_as_png_where_images_are_taken(case):
    attachment = attachment_upload(
        case=case,
        item_code="premises_photo",
        upload=upload("photo.pdf", image_bytes("PNG")),
        uploaded_by=case.applicant,
    )
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "detected"),
    [(elf_bytes(), "an executable program (ELF)"), (mz_bytes(), "a Windows program (EXE)")],
    ids=["elf", "mz"],
)
def test_an_executable_renamed_pdf_is_refused(case, content, detected):
    message = refusal(case, "charter", upload("charter.pdf", content))
    assert "takes PDF" in message and detected in message


def test_an_executable_is_refused_even_where_images_are_taken(case):
    message = refusal(case, "premises_photo", upload("photo.jpg", elf_bytes(), "image/jpeg"))
    assert "takes JPEG, PNG" in message and "executable" in message


def test_a_file_of_unknown_content_is_refused(case):
    message = refusal(case, "charter", upload("charter.pdf", b"just some text, not a PDF"))
    assert "of an unrecognised type" in message


def test_an_oversized_file_is_refused_naming_the_limit(case, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    message = refusal(case, "charter", upload("big.pdf", pdf_bytes() + b"\n" * 2048))
    assert "“big.pdf” is too large" in message and "1.0\xa0KB" in message


def test_a_file_one_byte_over_the_limit_is_refused_and_one_at_the_limit_accepted(case, settings):
    content = pdf_bytes()
    settings.ATTACHMENT_MAX_BYTES = len(content) - 1
    refusal(case, "charter", upload("charter.pdf", content))
    settings.ATTACHMENT_MAX_BYTES = len(content)
    attachment_upload(
        case=case,
        item_code="charter",
        upload=upload("charter.pdf", content),
        uploaded_by=case.applicant,
    )
    assert Attachment.objects.count() == 1


def test_an_empty_file_is_refused(case):
    assert "is empty" in refusal(case, "charter", upload("charter.pdf", b""))


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\x\\Documents\\charter.pdf", "charter.pdf"),
        ("..\\..\\windows\\system32\\charter.pdf", "charter.pdf"),
        ("charter\r\n\x00.pdf", "charter.pdf"),
        ("..charter.pdf", "charter.pdf"),
    ],
)
def test_a_path_in_the_file_name_is_reduced_to_its_base_name(case, given, kept):
    # Decision: the storage name is random, so a path can never reach the disk; the name is
    # kept for display and download only, reduced to its last component.
    attachment = attachment_upload(
        case=case,
        item_code="charter",
        upload=upload(given, pdf_bytes()),
        uploaded_by=case.applicant,
    )
    assert attachment.original_name == kept
    assert Path(attachment.file.path).is_relative_to(Path(settings.MEDIA_ROOT) / "attachments")


@pytest.mark.parametrize("given", ["..\\..\\", "C:\\x\\", " . "])
def test_a_file_name_that_is_nothing_but_a_path_is_refused(case, given):
    assert "no usable name" in refusal(case, "charter", upload(given, pdf_bytes()))


def test_safe_file_name_keeps_the_extension_of_a_long_name():
    name = safe_file_name("а" * 300 + ".pdf")
    assert len(name) == 150 and name.endswith(".pdf")


def test_replacing_a_file_keeps_the_old_version(case):
    first = attachment_upload(
        case=case,
        item_code="charter",
        upload=upload("v1.pdf", pdf_bytes()),
        uploaded_by=case.applicant,
    )
    second = attachment_upload(
        case=case,
        item_code="charter",
        upload=upload("v2.pdf", pdf_bytes() + b"\n%v2"),
        uploaded_by=case.applicant,
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.superseded_by == second and second.is_current
    assert Path(first.file.path).exists() and Path(second.file.path).exists()
    [charter, photo] = attachment_checklist(case)
    assert charter.current == second and charter.earlier == [first]
    assert photo.current is None


def test_required_items_without_a_file_are_missing(case):
    assert [item.code for item in attachment_checklist_missing(case)] == ["charter"]
    attachment_upload(
        case=case,
        item_code="charter",
        upload=upload("c.pdf", pdf_bytes()),
        uploaded_by=case.applicant,
    )
    assert attachment_checklist_missing(case) == []


def test_an_unknown_checklist_item_is_refused(case):
    assert "no such checklist item" in refusal(case, "passport", upload("p.pdf", pdf_bytes()))


def test_a_stranger_may_not_upload_to_a_case(case):
    with pytest.raises(PermissionDenied):
        attachment_upload(
            case=case,
            item_code="charter",
            upload=upload("c.pdf", pdf_bytes()),
            uploaded_by=UserFactory(),
        )
    assert not Attachment.objects.exists() and stored_files() == []
