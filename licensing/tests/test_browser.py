"""In Chromium: an applicant files a new-license application through the wizard with an upload;
staff take it through the completeness check and the inspection draw; the drawn experts fill
and sign the sheet; the council votes; the head grants; the license PDF's QR link verifies."""

import datetime
import io
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casework.documents import document_render
from casework.models import DocumentKind
from licensing.documents import current_document
from licensing.models import LicenseApplication

from .factories import (
    ChecklistItemFactory,
    InspectionCriterionFactory,
    council_for,
    drawable_experts,
    world,
)

pytestmark = [pytest.mark.browser]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _log_in(context, base, user, *, second_factor=False):
    """Put a logged-in session for `user` in the browser (the login page itself is tested in
    registry): staff also get the second factor in the session, as after a TOTP login."""
    client = Client()
    client.force_login(user)
    if second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="default", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
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

    # Staff: the queue shows it; the package is complete; the commission is drawn.
    _log_in(context, base, w.staff, second_factor=True)
    page.goto(base + reverse("licensing:queue"))
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
            page.locator(f"#finding-{finding.pk} button[type='submit']").click()
            page.wait_for_load_state()
        page.get_by_role("button", name=re.compile("Sign|Подписать")).click()
        page.wait_for_load_state()
    assert inspection.signatures.filter(voided_at__isnull=True).count() == 2

    _log_in(context, base, w.staff, second_factor=True)
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
    _log_in(context, base, w.head, second_factor=True)
    page.goto(base + reverse("licensing:council_review", args=[review.pk]))
    page.locator("button[name='close']").click()
    page.wait_for_load_state()
    page.goto(case_url)
    _act(page, "grant")
    assert page.locator("[data-state]").get_attribute("data-state") == "granted"

    # The worker renders the PDF; the link printed beside its QR code verifies it.
    application.refresh_from_db()
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
