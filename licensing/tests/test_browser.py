"""In Chromium: an applicant files a new-license application through the wizard with an upload;
staff log in with their second factor and take it through the completeness check and the
inspection draw; the drawn experts fill
and sign the sheet; the council votes; the head grants; the license PDF's QR link verifies."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.documents import document_render
from casework.models import DocumentDownload, DocumentKind
from licensing.documents import current_document
from licensing.models import LicenseApplication
from registry.tests.factories import totp_code, with_totp

from .factories import (
    ChecklistItemFactory,
    InspectionCriterionFactory,
    council_for,
    drawable_experts,
    world,
)

pytestmark = [pytest.mark.browser]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _log_in_through_the_form(page, context, base, user):
    """Log in as a person does: e-mail and password, then the TOTP code of their device.
    Returns the session's cookies, to come back as the same user later (a TOTP code is
    accepted once, so a second login within the same 30 seconds would be refused)."""
    device = with_totp(user)
    context.clear_cookies()
    page.goto(base + reverse("two_factor:login"))
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(user.email)
    page.locator("input[name='auth-password']").fill("correct-horse-battery")  # the factory's
    page.locator("main form button[type='submit']").first.click()
    token = page.locator("input[name='token-otp_token']")
    token.wait_for()
    token.fill(totp_code(device))
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert user.full_name in page.locator("header").inner_text()
    return context.cookies()


def _come_back(context, cookies):
    context.clear_cookies()
    context.add_cookies(cookies)


def _log_in(context, base, user):
    """Put a logged-in session for `user` in the browser, for the people without a second
    factor (the applicant, the experts, the council members); staff and the head log in
    through the form."""
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def _act(page, name, fill=None):
    """Open an action on the case page, fill its fields, submit it."""
    box = page.locator(f"details[data-action='{name}']")
    box.locator("summary").click()
    for selector, value in (fill or {}).items():
        box.locator(selector).fill(value)
    box.locator("button[type='submit']").click()
    page.wait_for_load_state()


def test_a_new_license_from_the_wizard_to_a_verified_pdf(
    portal_live_server, page, context, settings, tmp_path
):
    base = portal_live_server.url
    settings.SITE_URL = base
    settings.LICENSING_COMMISSION_SIZE = 2
    w = world()
    ChecklistItemFactory(kind="new_license", code="charter", title_ru="Устав", title_en="Charter")
    InspectionCriterionFactory(text_ru="Помещения соответствуют нормам")
    experts = drawable_experts(w, 2)
    council, members = council_for(w.authority, size=3)
    charter = tmp_path / "charter.pdf"
    charter.write_bytes(PDF_BYTES)

    # The applicant: kind and organization, details, the upload, review, submit.
    _log_in(context, base, w.applicant)
    page.goto(base + reverse("licensing:wizard_start"))
    page.locator("input[name='kind'][value='new_license']").check()
    page.locator("select[name='organization']").select_option(str(w.organization.pk))
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/details/$"))
    page.locator("select[name='level']").select_option(str(w.level.pk))
    page.locator("select[name='specialties']").select_option([str(s.pk) for s in w.specialties])
    page.locator("input[name='activity_address']").fill("Алматы, Абай даңғылы, 10")
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/documents/$"))
    page.locator("input[type='file'][id='file-charter']").set_input_files(str(charter))
    page.locator("li[data-item='charter'] button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/documents/$"))
    assert "charter.pdf" in page.locator("li[data-item='charter']").inner_text()
    page.locator("main a.btn-primary").click()
    page.wait_for_url(re.compile(r"/edit/review/$"))
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = LicenseApplication.objects.get()
    assert page.locator("[data-state]").get_attribute("data-state") == "submitted"
    case_url = base + application.get_absolute_url()

    # Staff log in with the second factor; the dashboard leads to the queue, which shows it;
    # the package is complete; the commission is drawn.
    staff_session = _log_in_through_the_form(page, context, base, w.staff)
    page.locator("[data-part='licensing-staff'] a", has_text="1 open application").click()
    page.wait_for_url(re.compile(r"/licensing/queue/"))
    page.locator(f"tr[data-number='{application.number}'] a").click()
    page.wait_for_url(case_url)
    _act(page, "accept")
    assert page.locator("[data-state]").get_attribute("data-state") == "review"
    visit = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    _act(page, "send_to_inspection", {"input[type='date']": visit})
    assert page.locator("[data-state]").get_attribute("data-state") == "inspection"
    assert "re-running the draw gives the same commission" in page.content()

    # The drawn experts: each marks and signs the sheet.
    inspection = application.inspections.get()
    finding = inspection.findings.get()
    for expert in experts:
        _log_in(context, base, expert.user)
        page.goto(base + reverse("licensing:inspection_sheet", args=[inspection.pk]))
        if expert == experts[0]:
            page.locator(f"#finding-{finding.pk} input[type='radio'][value='1']").check()
            page.locator("button[name='save_sheet']").click()
            page.wait_for_load_state()
        page.get_by_role("button", name=re.compile("Sign|Подписать")).click()
        page.wait_for_load_state()
    assert inspection.signatures.filter(voided_at__isnull=True).count() == 2

    _come_back(context, staff_session)
    page.goto(case_url)
    _act(page, "send_to_council")
    assert page.locator("[data-state]").get_attribute("data-state") == "council"

    # The council votes on its page.
    review = application.council_reviews.get()
    for member in members:
        _log_in(context, base, member)
        page.goto(base + reverse("licensing:council_review", args=[review.pk]))
        page.locator("input[name='choice'][value='for']").check()
        page.locator("main form button[type='submit']").first.click()
        page.wait_for_load_state()

    # The head closes the vote and grants.
    _log_in_through_the_form(page, context, base, w.head)
    page.goto(base + reverse("licensing:council_review", args=[review.pk]))
    page.locator("button[name='close']").click()
    page.wait_for_load_state()
    page.goto(case_url)
    _act(page, "grant")
    assert page.locator("[data-state]").get_attribute("data-state") == "granted"

    # The applicant downloads the license from the case page (made on this first request).
    application.refresh_from_db()
    _log_in(context, base, w.applicant)
    page.goto(case_url)
    license_row = page.locator(f"[data-document='{application.license.number}']")
    with page.expect_download() as download:
        license_row.locator("a[data-download]").first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert DocumentDownload.objects.filter(user=w.applicant, via="case").exists()

    # The worker renders the PDF; the link printed beside its QR code verifies it.
    document = document_render(
        current_document(DocumentKind.LICENSE, application.license.number).pk
    )
    with document.file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    url = re.search(r"https?://\S+/verify/[\w-]+/", text.replace("\n", " ")).group(0)
    assert url == f"{base}{reverse('verify_document', args=[document.verification_code])}"
    page.goto(url)
    assert application.license.number in page.content()
    assert page.locator("main").inner_text().strip()
    page.screenshot(path=str(tmp_path / "verified.png"), full_page=True)
