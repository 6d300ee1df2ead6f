"""In Chromium, the whole licensing journey with every role logging in through the login form
(issue 10): the applicant reads the start page and files through the wizard; staff accept the
package and draw the commission; each expert fills in and signs the sheet (one Save keeps every
requirement and comment); the council members vote; the head closes the vote and grants through
the confirmation page; the applicant downloads the license from the case page; a visitor
verifies it. Every page on the way passes axe (WCAG 2.1 A/AA) and fits 390 px and 1440 px
without sideways scrolling; screenshots go to var/screenshots/licensing/."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import DocumentDownload, DocumentKind
from casework.tests.axe import look_at
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
PASSWORD = "correct-horse-battery"  # the user factory's


class Journey:
    """Numbers the pages looked at, so the screenshots sort in the order of the journey."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def look(self, name):
        self.page.wait_for_load_state()
        self.count += 1
        look_at(self.page, f"{self.count:02d}-{name}", folder="licensing")


def _log_in(page, context, base, user, *, second_factor=False):
    """Log in as a person does: e-mail and password, then (staff and heads) the code of their
    authenticator. Returns the session's cookies, to come back later as the same user (a TOTP
    code is accepted once)."""
    device = with_totp(user) if second_factor else None
    context.clear_cookies()
    page.goto(base + reverse("two_factor:login"))
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(user.email)
    page.locator("input[name='auth-password']").fill(PASSWORD)
    page.locator("main form button[type='submit']").first.click()
    if device is not None:
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


def _act(page, name, fill=None):
    """Use an action on the case page: its panel is open, with its own heading."""
    box = page.locator(f"section[data-action='{name}']")
    for selector, value in (fill or {}).items():
        box.locator(selector).fill(value)
    box.locator("button[type='submit']").click()
    page.wait_for_load_state()


def _state(page):
    return page.locator("[data-state]").get_attribute("data-state")


def test_the_whole_licensing_journey_every_role_through_the_login_form(
    portal_live_server, page, context, settings, tmp_path
):
    base = portal_live_server.url
    settings.SITE_URL = base
    settings.LICENSING_COMMISSION_SIZE = 2
    w = world()
    ChecklistItemFactory(kind="new_license", code="charter", title_ru="Устав", title_en="Charter")
    criteria = [
        InspectionCriterionFactory(text_en=text)
        for text in ("Premises meet the norms", "Teaching staff", "Library", "Safety")
    ]
    experts = drawable_experts(w, 2)
    council, members = council_for(w.authority, size=3)
    charter = tmp_path / "charter.pdf"
    charter.write_bytes(PDF_BYTES)
    journey = Journey(page)

    # The applicant: dashboard → start page → wizard → case page.
    _log_in(page, context, base, w.applicant)
    journey.look("applicant-dashboard")
    page.locator("[data-part='licensing-applicant'] a", has_text="New application").click()
    page.wait_for_url(re.compile(r"/licensing/apply/$"))
    journey.look("start-page")
    page.get_by_role("link", name="Start the application").click()
    page.wait_for_url(re.compile(r"/applications/new/$"))
    journey.look("wizard-kind")
    page.locator(f"input[name='choice'][value='{w.organization.pk}:new_license:0']").check()
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/details/$"))
    page.locator("select[name='level']").select_option(str(w.level.pk))
    for specialty in w.specialties:
        page.locator(f"input[name='specialties'][value='{specialty.pk}']").check()
    page.locator("input[name='activity_address']").fill("Алматы, Абай даңғылы, 10")
    journey.look("wizard-details")
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/documents/$"))
    page.locator("input[type='file'][id='file-charter']").set_input_files(str(charter))
    page.locator("li[data-item='charter'] button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/documents/$"))
    assert "charter.pdf" in page.locator("li[data-item='charter']").inner_text()
    journey.look("wizard-documents")
    page.locator("main a.btn-primary", has_text="Continue").click()
    page.wait_for_url(re.compile(r"/edit/review/$"))
    journey.look("wizard-review")
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = LicenseApplication.objects.get()
    assert _state(page) == "submitted"
    assert page.locator("[data-term='legal']").is_visible()
    journey.look("case-applicant-submitted")
    case_url = base + application.get_absolute_url()

    # Staff: the dashboard lists the package to check, one click from the case page.
    staff_session = _log_in(page, context, base, w.staff, second_factor=True)
    journey.look("staff-dashboard")
    page.goto(base + reverse("licensing:queue"))
    journey.look("staff-queue")
    page.locator(f"tr[data-number='{application.number}'] a").click()
    page.wait_for_url(case_url)
    journey.look("case-staff-check")
    _act(page, "accept")
    assert _state(page) == "review"
    visit = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    _act(page, "send_to_inspection", {"input[type='date']": visit})
    assert _state(page) == "inspection"
    journey.look("case-staff-inspection")

    # The experts: one Save keeps all four requirements and the comment; each signs.
    inspection = application.inspections.get()
    sheet_url = base + reverse("licensing:inspection_sheet", args=[inspection.pk])
    findings = list(inspection.findings.order_by("order", "pk"))
    assert len(findings) == len(criteria)
    for number, expert in enumerate(experts):
        _log_in(page, context, base, expert.user)
        page.goto(sheet_url)
        if number == 0:
            journey.look("inspection-sheet")
            for finding in findings:
                page.locator(f"#finding-{finding.pk} input[type='radio'][value='1']").check()
            page.locator(f"#finding-{findings[0].pk} textarea").fill("Labs checked on site")
            page.locator("button[name='save_sheet']").click()
            page.wait_for_load_state()
            assert "Saved: 4 requirements and 1 comment." in page.locator("main").inner_text()
            page.reload()
            for finding in findings:
                assert page.locator(
                    f"#finding-{finding.pk} input[type='radio'][value='1']"
                ).is_checked()
            assert (
                page.locator(f"#finding-{findings[0].pk} textarea").input_value()
                == "Labs checked on site"
            )
            journey.look("inspection-sheet-saved")
        page.get_by_role("button", name=re.compile("Sign the sheet")).click()
        page.wait_for_load_state()
    assert inspection.signatures.filter(voided_at__isnull=True).count() == 2

    _come_back(context, staff_session)
    page.goto(case_url)
    _act(page, "send_to_council")
    assert _state(page) == "council"

    # The council members vote on their page.
    review = application.council_reviews.get()
    review_url = base + reverse("licensing:council_review", args=[review.pk])
    for number, member in enumerate(members):
        _log_in(page, context, base, member)
        page.goto(review_url)
        if number == 0:
            journey.look("council-vote")
        page.locator("input[name='choice'][value='for']").check()
        page.locator("main form button[type='submit']").first.click()
        page.wait_for_load_state()
    journey.look("council-voted")

    # The head: the vote is closed; the decision awaits them on the dashboard; they grant
    # through the confirmation page.
    head_session = _log_in(page, context, base, w.head, second_factor=True)
    page.goto(review_url)
    page.locator("button[name='close']").click()
    page.wait_for_load_state()
    page.goto(base + reverse("dashboard"))
    journey.look("head-dashboard")
    page.goto(case_url)
    journey.look("case-head-decision")
    _act(page, "grant", {"textarea": "Order No. 12"})
    assert page.locator("[data-confirm='grant']").is_visible()
    journey.look("grant-confirmation")
    page.locator("button[name='confirmed']").click()
    page.wait_for_url(case_url)
    assert _state(page) == "granted"

    # The applicant downloads the license from the case page.
    application.refresh_from_db()
    _log_in(page, context, base, w.applicant)
    page.goto(case_url)
    journey.look("case-applicant-granted")
    license_row = page.locator(f"[data-document='{application.license.number}']")
    with page.expect_download() as download:
        license_row.locator("a[data-download]").first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert DocumentDownload.objects.filter(user=w.applicant, via="case").exists()
    page.goto(base + reverse("licensing:my_applications"))
    journey.look("my-applications")

    # A visitor with no account verifies the license by its code.
    document = current_document(DocumentKind.LICENSE, application.license.number)
    context.clear_cookies()
    page.goto(base + reverse("verify_document", args=[document.verification_code]))
    assert application.license.number in page.locator("main").inner_text()
    journey.look("verification")
    page.goto(base + reverse("licensing:register"))
    journey.look("register")
    page.goto(base + reverse("licensing:license_detail", args=[application.license.number]))
    journey.look("license-in-the-register")

    # The head's page for a decision on the license (suspension and the rest), and the
    # confirmation it asks for: nothing changes unconfirmed.
    _come_back(context, head_session)
    page.goto(base + reverse("licensing:license_status", args=[application.license.number]))
    journey.look("license-decision")
    page.locator("input[name='change'][value='suspend']").check()
    until = (timezone.localdate() + datetime.timedelta(days=180)).isoformat()
    page.locator("input[name='until']").fill(until)
    page.locator("textarea[name='reason']").fill("Not attested")
    page.locator("main form button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator("[data-confirm='license-status']").is_visible()
    journey.look("license-decision-confirmation")
    page.locator("button[name='back']").click()
    page.wait_for_load_state()
    assert page.locator("textarea[name='reason']").input_value() == "Not attested"
    application.license.refresh_from_db()
    assert application.license.status == "active"
