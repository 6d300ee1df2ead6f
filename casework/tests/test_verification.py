import itertools
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.documents import document_revoke, document_supersede
from casework.tests.files import issue_sample_document, sample_application
from casework.tests.sample.celery import free_port

pytestmark = pytest.mark.django_db

_addresses = itertools.count(1)


@pytest.fixture
def client(client):
    """Anonymous, in English, from an address of its own (the upload throttle counts per
    address, and the cache is shared by the parallel test processes)."""
    n = next(_addresses)
    address = f"10.{os.getpid() % 250}.{n // 250 % 250}.{n % 250}"
    client.defaults.update(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
    return client


@pytest.fixture
def valid():
    return issue_sample_document(language="ru")


def page(document) -> str:
    return reverse("verify_document", args=[document.verification_code])


def api(document) -> str:
    return reverse("api_verify_document", args=[document.verification_code])


def pdf_upload(content: bytes, name="copy.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def issued_bytes(document) -> bytes:
    return Path(document.file.path).read_bytes()


def tampered(content: bytes) -> bytes:
    """One byte changed in the middle of the file."""
    middle = len(content) // 2
    return content[:middle] + bytes([content[middle] ^ 0x01]) + content[middle + 1 :]


def test_a_valid_document_shows_type_number_organization_date_and_status(client, valid):
    response = client.get(page(valid))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert "Decision" in html and valid.number in html
    assert valid.organization.bin in html
    assert timezone.localtime(valid.issued_at).strftime("%d.%m.%Y") in html


def test_a_superseded_document_links_to_the_newer_one(client):
    case = sample_application()
    old = issue_sample_document(case, version_key="old")
    new = issue_sample_document(case, version_key="new")
    document_supersede(old, new)
    html = client.get(page(old)).content.decode()
    assert 'data-status="superseded"' in html
    assert f'href="{page(new)}"' in html and new.number in html


def test_a_revoked_document_shows_the_date_and_reason(client, valid):
    document_revoke(valid, "Issued to the wrong organization")
    html = client.get(page(valid)).content.decode()
    assert 'data-status="revoked"' in html
    assert "Issued to the wrong organization" in html
    assert timezone.localdate().strftime("%d.%m.%Y") in html


def test_the_issued_file_matches(client, valid):
    response = client.post(page(valid), {"file": pdf_upload(issued_bytes(valid))})
    assert response.status_code == 200
    assert 'data-result="match"' in response.content.decode()


def test_a_tampered_file_does_not_match(client, valid):
    response = client.post(page(valid), {"file": pdf_upload(tampered(issued_bytes(valid)))})
    html = response.content.decode()
    assert 'data-result="mismatch"' in html and 'data-result="match"' not in html


def test_a_superseded_documents_own_file_still_matches_it(client):
    case = sample_application()
    old = issue_sample_document(case, version_key="old")
    document_supersede(old, issue_sample_document(case, version_key="new"))
    html = client.post(page(old), {"file": pdf_upload(issued_bytes(old))}).content.decode()
    assert 'data-result="match"' in html and 'data-status="superseded"' in html


def test_an_unknown_code_is_not_found(client):
    assert client.get(reverse("verify_document", args=["no-such-code"])).status_code == 404


def test_a_document_not_yet_rendered_is_found_and_its_pdf_made_on_request(client):
    pending = issue_sample_document(render=False)
    assert 'data-status="valid"' in client.get(page(pending)).text
    pdf = client.get(reverse("verify_document_pdf", args=[pending.verification_code, "ru"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_search_by_number_and_date_tells_the_status_but_gives_no_file(client, valid):
    day = timezone.localtime(valid.issued_at).date()
    response = client.get(
        reverse("verify_search"), {"number": valid.number, "date": f"{day:%d.%m.%Y}"}
    )
    html = response.text
    assert response.status_code == 200
    assert 'data-result="found"' in html and 'data-status="valid"' in html
    # The code (and with it the PDF) is for whoever holds the document's QR code.
    assert valid.verification_code not in html and "/pdf/" not in html


def test_search_with_the_wrong_date_finds_nothing(client, valid):
    day = timezone.localtime(valid.issued_at).date().replace(year=2001)
    response = client.get(
        reverse("verify_search"), {"number": valid.number, "date": f"{day:%Y-%m-%d}"}
    )
    assert response.status_code == 200
    assert 'data-result="not-found"' in response.content.decode()


def test_uploads_are_throttled_per_address(client, valid, settings):
    settings.VERIFY_UPLOAD_RATE = "2/minute"
    content = issued_bytes(valid)
    for _ in range(2):
        assert client.post(page(valid), {"file": pdf_upload(content)}).status_code == 200
    response = client.post(page(valid), {"file": pdf_upload(content)})
    assert response.status_code == 429
    assert 'data-result="throttled"' in response.content.decode()
    assert client.get(page(valid)).status_code == 200  # looking stays free


def test_with_the_cache_down_uploads_are_compared_unthrottled(client, valid, settings):
    settings.VERIFY_UPLOAD_RATE = "1/minute"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    for _ in range(2):
        response = client.post(page(valid), {"file": pdf_upload(issued_bytes(valid))})
        assert 'data-result="match"' in response.content.decode()


# API -----------------------------------------------------------------------------------------


def test_the_api_reports_a_superseded_document_with_its_successor(client):
    case = sample_application()
    old = issue_sample_document(case, version_key="old")
    new = issue_sample_document(case, version_key="new")
    document_supersede(old, new)
    data = client.get(api(old)).json()
    assert data["status"] == "superseded" and data["number"] == old.number
    assert data["kind"] == "decision"
    assert data["organization"] == {"name": case.organization.name, "bin": case.organization.bin}
    assert data["issued_on"] == timezone.localtime(old.issued_at).date().isoformat()
    assert data["superseded_by"]["number"] == new.number
    assert data["superseded_by"]["verification_url"].endswith(page(new))
    assert data["act_status"]["code"] == "superseded"


def test_the_api_reports_a_revocation(client, valid):
    document_revoke(valid, "Court decision")
    data = client.get(api(valid)).json()
    assert data["status"] == "revoked" and data["revocation_reason"] == "Court decision"
    assert data["revoked_at"]


def test_the_api_compares_a_file(client, valid):
    content = issued_bytes(valid)
    assert client.post(api(valid), {"file": pdf_upload(content)}).json()["matches"] is True
    assert (
        client.post(api(valid), {"file": pdf_upload(tampered(content))}).json()["matches"] is False
    )


def test_the_api_searches_by_number_and_date(client, valid):
    day = timezone.localtime(valid.issued_at).date()
    response = client.get(
        reverse("api_verify_search"), {"number": valid.number, "date": day.isoformat()}
    )
    assert [d["number"] for d in response.json()] == [valid.number]
    assert "renditions" not in response.json()[0]  # the files are for the code's holder
    assert client.get(reverse("api_verify_search"), {"number": valid.number}).status_code == 400
