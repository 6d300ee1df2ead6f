"""One legal act, one document: one number and one code, a rendition per language with its own
SHA-256, the status of the act on the verification page, and downloads for the case's people
only, each recorded."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from casework.documents import (
    ActStatus,
    document_act_status,
    document_annul,
    document_issue,
    document_rendition_ready,
    documents_declare_status,
    in_language,
)
from casework.models import DocumentDownload, DocumentKind, DocumentRendition, IssuedDocument
from casework.seal import seal_check
from casework.tests.files import SAMPLE_TEMPLATE, issue_sample_document, sample_application
from casework.tests.glyphs import assert_every_glyph_embedded
from casework.tests.threads import race
from registry.tests.factories import OrganizationFactory, applicant_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def localized_content(language: str) -> dict:
    """What a procedure passes: words that follow the rendition's language."""
    return {
        "decision": in_language(lambda: str(DocumentKind.DECISION.label)),
        "language_said": language,
        "organization": "Test",
        "authority": "Authority",
        "applicant": "Applicant",
        "subject": "Subject",
        "signatory": "Signatory",
        "signatory_position": "Head",
        "case_number": "SMP-1",
    }


def issue(case=None, **kwargs):
    case = case or sample_application()
    return document_issue(
        case,
        DocumentKind.DECISION,
        SAMPLE_TEMPLATE,
        localized_content,
        "ru",
        f"{case.pk}:v1",
        **kwargs,
    )


def test_one_act_has_one_number_one_code_and_a_rendition_per_language():
    document = issue()
    renditions = {r.language: r for r in document.renditions.all()}
    assert set(renditions) == {"kk", "ru", "en"}
    assert renditions["ru"].context["language_said"] == "ru"
    # Words of the content follow each rendition's language.
    assert renditions["ru"].context["decision"] == "Решение"
    assert renditions["kk"].context["decision"] != renditions["en"].context["decision"]
    assert IssuedDocument.objects.count() == 1


def test_fetching_it_in_three_languages_gives_three_files_three_hashes_and_no_new_number():
    case = sample_application()
    document = issue(case)
    numbers_before = (document.number, document.verification_code)
    hashes = {}
    for language in ("kk", "ru", "en"):
        rendition = document_rendition_ready(document, language)
        content = Path(rendition.file.path).read_bytes()
        assert rendition.sha256 == hashlib.sha256(content).hexdigest()
        assert seal_check(content).valid
        hashes[language] = rendition.sha256
    assert len(set(hashes.values())) == 3
    document.refresh_from_db()
    assert (document.number, document.verification_code) == numbers_before
    assert IssuedDocument.objects.count() == 1
    assert DocumentRendition.objects.filter(document=document).exclude(sha256="").count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent readers need PostgreSQL")
def test_readers_asking_for_one_language_at_once_get_one_file():
    document = issue()
    outcomes = race(*[lambda: document_rendition_ready(document, "kk").sha256] * 4)
    rendition = DocumentRendition.objects.get(document=document, language="kk")
    assert outcomes == [rendition.sha256] * 4
    assert IssuedDocument.objects.count() == 1


def test_the_holder_is_named_as_each_rendition_prints_it():
    organization = OrganizationFactory(
        name_ru="Школа № 1", name_kk="№ 1 мектеп", name_en="School 1"
    )
    document = issue(sample_application(organization=organization))
    names = {r.language: r.holder_name for r in document.renditions.all()}
    assert names == {"ru": "Школа № 1", "kk": "№ 1 мектеп", "en": "School 1"}
    # A later rename leaves the act as it was printed.
    organization.name_ru = "Гимназия № 1"
    organization.save()
    assert DocumentRendition.objects.get(document=document, language="ru").holder_name == (
        "Школа № 1"
    )


def test_an_expiring_act_reads_expired_the_day_after_its_last_day(client):
    last_day = timezone.localdate() - datetime.timedelta(days=1)
    document = issue_sample_document()
    IssuedDocument.objects.filter(pk=document.pk).update(valid_until=last_day)
    document.refresh_from_db()
    status = document_act_status(document)
    assert (status.code, status.since) == ("expired", timezone.localdate())
    assert document_act_status(document, today=last_day).code == "valid"
    page = client.get(reverse("verify_document", args=[document.verification_code]))
    assert 'data-status="expired"' in page.text


def test_a_procedure_says_how_its_act_stands(client):
    document = issue_sample_document()
    since = datetime.date(2026, 3, 1)
    until = datetime.date(2026, 9, 1)
    documents_declare_status(
        DocumentKind.DECISION,
        lambda d: ActStatus("suspended", since=since, until=until, basis="Order 12-OD"),
    )
    try:
        page = client.get(reverse("verify_document", args=[document.verification_code])).text
        api = client.get(reverse("api_verify_document", args=[document.verification_code]))
    finally:
        documents_declare_status(DocumentKind.DECISION, lambda d: None)
    assert 'data-status="suspended"' in page and "01.03.2026" in page and "01.09.2026" in page
    assert "Order 12-OD" in page
    assert api.json()["act_status"] == {
        "code": "suspended",
        "label": "Suspended",
        "since": "2026-03-01",
        "until": "2026-09-01",
        "basis": "Order 12-OD",
    }


def test_an_annulled_act_says_so_with_its_reason(client):
    document = issue_sample_document()
    document_annul(document, "Set aside by the court")
    page = client.get(reverse("verify_document", args=[document.verification_code])).text
    assert 'data-status="annulled"' in page and "Set aside by the court" in page


def test_the_code_holder_downloads_each_language_and_the_download_is_recorded(client):
    document = issue_sample_document(language="ru")
    response = client.get(reverse("verify_document_pdf", args=[document.verification_code, "kk"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    kazakh = DocumentRendition.objects.get(document=document, language="kk")
    assert hashlib.sha256(body).hexdigest() == kazakh.sha256
    assert DocumentDownload.objects.get().via == "verification"


def test_the_applicant_downloads_from_the_case_and_a_stranger_gets_404(client):
    case = sample_application()
    document = issue_sample_document(case)
    url = reverse("document_download", args=[document.pk, "ru"])
    client.force_login(applicant_for(OrganizationFactory()))
    assert client.get(url).status_code == 404
    assert not DocumentDownload.objects.exists()
    client.force_login(case.applicant)
    response = client.get(url)
    assert response.status_code == 200
    download = DocumentDownload.objects.get()
    assert (download.user, download.via, download.rendition.language) == (
        case.applicant,
        "case",
        "ru",
    )
    assert client.get(reverse("document_download", args=[document.pk, "xx"])).status_code == 404


def test_an_anonymous_visitor_cannot_download_from_the_case(client):
    document = issue_sample_document()
    assert client.get(reverse("document_download", args=[document.pk, "ru"])).status_code == 404


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_character_of_the_sample_document_has_a_glyph(language):
    document = issue_sample_document(language=language)
    text = assert_every_glyph_embedded(
        Path(document.file.path).read_bytes(), f"sample {language}"
    )
    assert document.number in text


def test_the_dossier_lists_the_organizations_documents_with_their_downloads(client):
    case = sample_application()
    document = issue_sample_document(case)
    client.force_login(case.applicant)
    page = client.get(reverse("organization_dossier", args=[case.organization.bin])).text
    assert f'data-document="{document.number}"' in page
    assert reverse("document_download", args=[document.pk, "ru"]) in page
