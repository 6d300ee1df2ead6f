"""The authority's PAdES seal: every rendered document carries it, pyHanko's own validator
accepts it against the test CA, and the verification page tells a changed, unsealed or foreign
file apart from the issued one."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from casework.documents import document_check_file, document_pdf
from casework.seal import seal_check, seal_pdf
from casework.seal_ca import seal_ca_make
from casework.tests.files import issue_sample_document, sample_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def pdf_of(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def changed_one_byte(content: bytes) -> bytes:
    # A byte inside the page content, which the signature covers.
    position = content.index(b"stream") + 20
    return content[:position] + bytes([content[position] ^ 0x01]) + content[position + 1 :]


def test_pyhanko_accepts_the_seal_of_an_issued_document(settings):
    document = issue_sample_document(sample_application())
    reader = PdfFileReader(io.BytesIO(pdf_of(document)))
    (signature,) = reader.embedded_signatures
    roots = [load_cert_from_pemder(path) for path in settings.DOCUMENT_SEAL_TRUST_ROOTS]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "document seal" in status.signing_cert.subject.human_friendly


def test_the_issued_file_passes_both_checks():
    document = issue_sample_document(sample_application())
    check = document_check_file(document, SimpleUploadedFile("x.pdf", pdf_of(document)))
    assert check.matches
    assert check.seal.valid and check.seal.signer


def test_one_changed_byte_fails_both_checks_with_a_clear_message():
    document = issue_sample_document(sample_application())
    tampered = changed_one_byte(pdf_of(document))
    check = document_check_file(document, SimpleUploadedFile("x.pdf", tampered))
    assert not check.matches
    assert check.seal.sealed and not check.seal.intact
    assert check.seal.message == (
        "The seal does not match the file: the file was changed after sealing."
    )


def test_a_seal_from_another_authority_is_intact_but_not_trusted(settings, tmp_path):
    document = issue_sample_document(sample_application())
    foreign = seal_ca_make(tmp_path / "foreign")
    original_roots = settings.DOCUMENT_SEAL_TRUST_ROOTS
    for name, value in foreign.items():
        setattr(settings, name, value)
    resealed = seal_pdf(document_pdf(document))
    settings.DOCUMENT_SEAL_TRUST_ROOTS = original_roots
    check = seal_check(resealed)
    assert check.sealed and check.intact and not check.trusted


def test_an_unsealed_pdf_says_it_carries_no_seal(settings):
    settings.DOCUMENT_SEAL_KEY = ""
    settings.DOCUMENT_SEAL_CERT = ""
    unsealed = seal_pdf(b"%PDF-1.4\n%%EOF\n")
    assert unsealed == b"%PDF-1.4\n%%EOF\n"
    check = seal_check(unsealed)
    assert not check.sealed and check.message == "The file carries no seal."


def test_the_verification_page_says_which_check_failed(client):
    document = issue_sample_document(sample_application())
    url = reverse("verify_document", args=[document.verification_code])
    good = client.post(url, {"file": SimpleUploadedFile("x.pdf", pdf_of(document))})
    assert 'data-result="match"' in good.text and 'data-seal="valid"' in good.text
    bad = client.post(
        url, {"file": SimpleUploadedFile("x.pdf", changed_one_byte(pdf_of(document)))}
    )
    assert 'data-result="mismatch"' in bad.text and 'data-seal="broken"' in bad.text


def test_the_verification_api_reports_the_seal(client):
    document = issue_sample_document(sample_application())
    url = reverse("api_verify_document", args=[document.verification_code])
    answer = client.post(url, {"file": SimpleUploadedFile("x.pdf", pdf_of(document))}).json()
    assert answer["matches"] is True
    assert answer["seal"]["sealed"] and answer["seal"]["intact"] and answer["seal"]["trusted"]


def test_the_seal_ca_command_writes_the_files_once(tmp_path, capsys):
    call_command("seal_ca", "--dir", str(tmp_path), "--if-missing", "--print-env")
    key = (tmp_path / "seal.key").read_bytes()
    call_command("seal_ca", "--dir", str(tmp_path), "--if-missing")
    assert (tmp_path / "seal.key").read_bytes() == key
    assert f"DOCUMENT_SEAL_KEY={tmp_path / 'seal.key'}" in capsys.readouterr().out
