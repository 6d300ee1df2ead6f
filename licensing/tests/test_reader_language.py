"""The reader's language: an applicant who reads Kazakh gets the notifications and documents of
their case in Kazakh although staff work in Russian; every rendition of a document is worded in
its own language; pages and the public register name things in the reader's language."""

import pytest
from django.urls import reverse

from casework.documents import document_rendition_ready
from casework.models import DocumentKind, IssuedDocument, Notification
from casework.tests.glyphs import pdf_text
from licensing.documents import current_document

from .factories import InspectionCriterionFactory, council_decided, world

pytestmark = pytest.mark.django_db

COLLEGE = {"name_kk": "Жоғары техникалық колледж", "name_ru": "Высший технический колледж"}
CRITERION = {
    "text_kk": "Оқу ғимараты санитариялық талаптарға сай",
    "text_ru": "Учебное здание соответствует санитарным требованиям",
    "text_en": "The school building meets the sanitary requirements",
}


def _kazakh_case():
    w = world(**COLLEGE)
    w.applicant.language = "kk"
    w.applicant.save(update_fields=["language"])
    for person in (w.staff, w.head):
        person.language = "ru"
        person.save(update_fields=["language"])
    InspectionCriterionFactory(**CRITERION)
    return w, council_decided(w)


def test_a_kazakh_applicant_gets_the_grant_and_its_documents_in_kazakh_though_staff_act_in_russian(
    verified_client,
):
    w, application = _kazakh_case()
    client = verified_client(w.head)
    answer = client.post(
        reverse("api-application-action", args=[application.pk, "grant"]),
        {},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert answer.status_code == 200, answer.content
    assert answer["Content-Language"] == "ru"

    told = Notification.objects.get(recipient=w.applicant, template_key="licensing_granted")
    assert "өтініш қанағаттандырылды" in told.subject
    assert application.get_absolute_url() in told.link

    license_ = application.organization.licenses.get()
    license_pdf = current_document(DocumentKind.LICENSE, license_.number)
    appendix_pdf = current_document(DocumentKind.LICENSE_APPENDIX, license_.appendices.get().number)
    assert (license_pdf.language, appendix_pdf.language) == ("kk", "kk")
    kazakh, russian = appendix_pdf.rendition("kk"), appendix_pdf.rendition("ru")
    assert kazakh.holder_name == COLLEGE["name_kk"] and russian.holder_name == COLLEGE["name_ru"]
    assert kazakh.context["level"] == w.level.name_kk
    assert russian.context["level"] == w.level.name_ru
    assert {s["name"] for s in kazakh.context["specialties"]} <= {s.name_kk for s in w.specialties}
    # The issuing language's PDF says it in Kazakh.
    text = pdf_text(document_rendition_ready(license_pdf, "kk").file.read())
    assert "МЕМЛЕКЕТТІК ЛИЦЕНЗИЯ" in text.upper() and COLLEGE["name_kk"] in " ".join(text.split())

    # The sheet and the council's decision, issued on staff's steps, are the applicant's too.
    sheet = IssuedDocument.objects.get(kind=DocumentKind.CONCLUSION)
    assert sheet.language == "kk"
    assert [f["criterion"] for f in sheet.rendition("kk").context["findings"]] == [
        CRITERION["text_kk"]
    ]
    assert [f["criterion"] for f in sheet.rendition("ru").context["findings"]] == [
        CRITERION["text_ru"]
    ]
    council = IssuedDocument.objects.get(kind=DocumentKind.DECISION)
    assert council.language == "kk"
    assert council.rendition("kk").context["organization"] == COLLEGE["name_kk"]


def test_a_kazakh_reader_sees_the_criteria_of_the_sheet_and_the_register_in_kazakh(
    client, verified_client
):
    w, application = _kazakh_case()
    inspection = application.inspections.get()
    client.force_login(w.applicant)
    sheet = client.get(reverse("licensing:inspection_sheet", args=[inspection.pk]))
    assert sheet.status_code == 200
    html = sheet.content.decode()
    assert CRITERION["text_kk"] in html
    assert CRITERION["text_ru"] not in html and CRITERION["text_en"] not in html
    # The API names the criterion in the language asked for, beside the wording signed.
    finding = client.get(
        reverse("api-inspection", args=[inspection.pk]), HTTP_ACCEPT_LANGUAGE="kk"
    ).json()["findings"][0]
    assert finding["criterion_name"] == CRITERION["text_kk"]

    verified_client(w.head).post(
        reverse("api-application-action", args=[application.pk, "grant"]),
        {},
        content_type="application/json",
    )
    client.logout()
    register = client.get(
        reverse("licensing:register"), {"q": COLLEGE["name_kk"]}, HTTP_ACCEPT_LANGUAGE="kk"
    )
    html = register.content.decode()
    assert f">{COLLEGE['name_kk']}</td>" in html and COLLEGE["name_ru"] not in html
    assert f">{w.authority.name_kk}</td>" in html
