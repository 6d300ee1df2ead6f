"""What the documents licensing issues tell their readers and how their owners get them: the
status of the act on the verification page and in the API, a document for every act in the
register, and the download from the case page."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework.models import DocumentDownload, DocumentKind, IssuedDocument, Notification
from licensing import services
from licensing.documents import current_document, register_documents_issue
from licensing.models import License, LicenseAppendix
from registry.tests.factories import OrganizationFactory, applicant_for

from .factories import council_decided, licensed, world

pytestmark = pytest.mark.django_db


def _day(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _verification(client, document) -> tuple[str, dict]:
    page = client.get(reverse("verify_document", args=[document.verification_code]))
    assert page.status_code == 200
    api = client.get(reverse("api_verify_document", args=[document.verification_code]))
    assert api.status_code == 200
    return page.content.decode(), api.json()["act_status"]


def test_the_verification_page_and_api_follow_a_license_suspended_resumed_and_revoked(client):
    w = world()
    license_ = licensed(w)
    register_documents_issue(License.objects.filter(pk=license_.pk))
    pdf = current_document(DocumentKind.LICENSE, license_.number)
    appendix_pdf = current_document(DocumentKind.LICENSE_APPENDIX, license_.appendices.get().number)
    today = timezone.localdate()
    until = today + datetime.timedelta(days=90)

    services.license_status_change(
        license_, "suspend", actor=w.head, reason="Не аттестована (А34)", until=until
    )
    decision = IssuedDocument.objects.filter(kind=DocumentKind.DECISION).latest("id")
    for document in (pdf, appendix_pdf):
        html, act = _verification(client, document)
        assert 'data-status="suspended"' in html
        assert f"from {_day(today)} until {_day(until)}" in html
        assert decision.number in html
        assert (act["code"], act["since"], act["until"]) == (
            "suspended",
            today.isoformat(),
            until.isoformat(),
        )
        assert decision.number in act["basis"] and "А34" in act["basis"]

    services.license_status_change(license_, "resume", actor=w.head, reason="Устранено (А37)")
    html, act = _verification(client, pdf)
    assert 'data-status="valid"' in html
    assert (act["code"], act["since"], act["until"], act["basis"]) == ("valid", None, None, "")

    services.license_status_change(license_, "revoke", actor=w.head, reason="Не устранено (А38)")
    revocation = IssuedDocument.objects.filter(kind=DocumentKind.DECISION).latest("id")
    for document in (pdf, appendix_pdf):
        html, act = _verification(client, document)
        assert 'data-status="revoked"' in html
        assert f"Since {_day(today)}" in html and revocation.number in html
        assert (act["code"], act["since"], act["until"]) == ("revoked", today.isoformat(), None)
        assert revocation.number in act["basis"] and "А38" in act["basis"]


def test_a_terminated_license_reads_terminated_not_revoked(client):
    w = world()
    license_ = licensed(w)
    register_documents_issue(License.objects.filter(pk=license_.pk))
    services.license_status_change(license_, "terminate", actor=w.head, reason="Ликвидация")
    _html, act = _verification(client, current_document(DocumentKind.LICENSE, license_.number))
    assert (act["code"], act["since"]) == ("terminated", timezone.localdate().isoformat())


def test_the_command_issues_the_missing_register_documents_once_dated_as_the_register():
    w = world()
    old = licensed(w, appendices=2)
    License.objects.filter(pk=old.pk).update(issued_on=datetime.date(2015, 3, 2))
    LicenseAppendix.objects.filter(license=old).update(issued_on=datetime.date(2015, 3, 2))
    call_command("license_documents_issue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    documents = IssuedDocument.objects.filter(organization=w.organization)
    assert sorted(documents.values_list("kind", "number")) == sorted(
        [(DocumentKind.LICENSE, old.number)]
        + [(DocumentKind.LICENSE_APPENDIX, a.number) for a in old.appendices.all()]
    )
    assert {timezone.localtime(d.issued_at).date() for d in documents} == {
        datetime.date(2015, 3, 2)
    }
    assert not any(d.is_rendered for d in documents)  # made on first request
    call_command("license_documents_issue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert documents.count() == 3


def test_the_applicant_downloads_the_granted_license_from_the_case_page_and_others_cannot(
    client,
):
    w = world()
    granted = services.license_application_grant(council_decided(w), actor=w.head)
    license_pdf = current_document(DocumentKind.LICENSE, granted.license.number)
    client.force_login(w.applicant)
    page = client.get(granted.get_absolute_url()).content.decode()
    links = re.findall(r'href="([^"]+)"[^>]*data-download="(\w+)"', page)
    url = reverse("document_download", args=[license_pdf.pk, "en"])
    assert (url, "en") in links

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    download = DocumentDownload.objects.get()
    assert (download.user, download.rendition.document, download.rendition.language) == (
        w.applicant,
        license_pdf,
        "en",
    )

    foreigner = applicant_for(OrganizationFactory(), language="en")
    client.force_login(foreigner)
    assert client.get(url).status_code == 404
    assert DocumentDownload.objects.count() == 1


def test_each_representative_is_told_of_a_suspension_with_the_decision_in_their_language(client):
    w = world()
    license_ = licensed(w)
    reader_of_kazakh = applicant_for(w.organization, language="kk")
    until = timezone.localdate() + datetime.timedelta(days=30)
    services.license_status_change(license_, "suspend", actor=w.head, reason="А34", until=until)
    decision = IssuedDocument.objects.get(kind=DocumentKind.DECISION)
    told = Notification.objects.get(recipient=w.applicant, template_key="licensing_license_status")
    assert told.subject == f"License {license_.number} is suspended"
    assert f"suspended until {_day(until)}" in told.body
    assert told.link == reverse("document_download", args=[decision.pk, "en"])
    kazakh = Notification.objects.get(recipient=reader_of_kazakh)
    assert kazakh.link == reverse("document_download", args=[decision.pk, "kk"])
    # Staff acted on their own motion: the decision belongs to the license, and its holder's
    # representatives download it.
    client.force_login(reader_of_kazakh)
    response = client.get(kazakh.link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(applicant_for(OrganizationFactory(), language="en"))
    assert client.get(kazakh.link).status_code == 404


def test_the_register_api_names_the_licensee_in_the_language_asked_for(client):
    w = world()
    license_ = licensed(w)
    License.objects.filter(pk=license_.pk).update(
        holder_name_kk="Қазақша атауы", holder_name_ru="Русское название"
    )
    rows = client.get(
        "/api/v1/licensing/licenses/", {"q": license_.number}, HTTP_ACCEPT_LANGUAGE="kk"
    ).json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert [row["holder_name"] for row in rows] == ["Қазақша атауы"]
