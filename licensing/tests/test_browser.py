"""In Chromium, the whole licensing journey with every role logging in through the login form
(issue 10): the applicant reads the start page and files through the wizard; staff accept the
package and draw the commission; each expert fills in and signs the sheet (one Save keeps every
requirement and comment); the council members vote; the head closes the vote and grants through
the confirmation page; the applicant downloads the license from the case page; a visitor
verifies it. A second walk opens the remaining pages: staff's paper application, the expert's
inspections, the council's inbox, the head's bulk reissue and refusal confirmation.

The journeys are walked in the portal's languages, as their people read it: the applicant and
the experts in Kazakh, staff, the head and the council in Russian (pages follow the account's
language; each page's <html lang> is checked); the visitor picks Kazakh with the switch.
Locators use names, ids, data- attributes and reverse() URLs, never the wording, so a string
not yet translated changes nothing. Every page on the way passes axe (WCAG 2.1 A/AA) and fits
390 px and 1440 px without sideways scrolling; screenshots go to var/screenshots/licensing/,
named with the page's language."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import DocumentDownload, DocumentKind
from casework.tests.axe import look_at
from licensing.documents import current_document
from licensing.models import BulkReissueItem, LicenseApplication
from licensing.services import bulk_reissue_run
from registry.models import User
from registry.tests.factories import OrganizationFactory, totp_code, with_totp

from .factories import (
    ChecklistItemFactory,
    InspectionCriterionFactory,
    LicenseFactory,
    RefusalReasonFactory,
    before_council,
    council_for,
    drawable_experts,
    in_review,
    licensed,
    world,
)

pytestmark = [pytest.mark.browser]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PASSWORD = "correct-horse-battery"  # the user factory's
# Who reads which language: the applicant side and the experts Kazakh, the authority and its
# council Russian.
KAZAKH, RUSSIAN = "kk", "ru"


def _reads(language, *users):
    for user in users:
        user.language = language
    User.objects.filter(pk__in=[user.pk for user in users]).update(language=language)


class Journey:
    """Numbers the pages looked at, so the screenshots sort in the order of the journey, and
    checks that each page is in the language of who reads it."""

    def __init__(self, page, context, base, prefix=""):
        self.page, self.context, self.base, self.prefix = page, context, base, prefix
        self.count = 0
        self.language = None  # a visitor without an account: the browser's language

    def log_in(self, user, *, second_factor=False):
        cookies = _log_in(self.page, self.context, self.base, user, second_factor=second_factor)
        self.language = user.language
        return cookies

    def come_back(self, user, cookies):
        _come_back(self.context, cookies)
        self.language = user.language

    def log_out(self):
        self.context.clear_cookies()
        self.language = None

    def choose_language(self, language):
        """A visitor picks the language with the header's switch (kept in a cookie)."""
        self.page.locator(f"header button[data-language='{language}']").click()
        self.page.wait_for_load_state()
        self.language = language

    def look(self, name):
        self.page.wait_for_load_state()
        language = self.page.locator("html").get_attribute("lang")
        if self.language is not None:
            assert language == self.language, f"{name}: a page in {language!r}"
        self.count += 1
        look_at(self.page, f"{self.prefix}{self.count:02d}-{name}-{language}", folder="licensing")


def _log_in(page, context, base, user, *, second_factor=False):
    """Log in as a person does: e-mail and password, then (staff and heads) the code of their
    authenticator. Returns the session's cookies, to come back later as the same user (a TOTP
    code is accepted once)."""
    device = with_totp(user) if second_factor else None
    context.clear_cookies()
    page.goto(base + reverse("two_factor:login"))
    page.locator("input[name='auth-username']").fill(user.email)
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
    _reads(KAZAKH, w.applicant, *(expert.user for expert in experts))
    _reads(RUSSIAN, w.staff, w.head, *members)
    charter = tmp_path / "charter.pdf"
    charter.write_bytes(PDF_BYTES)
    journey = Journey(page, context, base)

    # The applicant: dashboard → start page → wizard → case page.
    journey.log_in(w.applicant)
    journey.look("applicant-dashboard")
    start = reverse("licensing:service_start")
    page.locator(f"[data-part='licensing-applicant'] a[href='{start}']").click()
    page.wait_for_url(re.compile(r"/licensing/apply/$"))
    journey.look("start-page")
    page.locator(f"main a[href='{reverse('licensing:wizard_start')}']").click()
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
    page.locator("main a[data-next]").click()
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
    staff_session = journey.log_in(w.staff, second_factor=True)
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
        journey.log_in(expert.user)
        page.goto(sheet_url)
        if number == 0:
            journey.look("inspection-sheet")
            for finding in findings:
                page.locator(f"#finding-{finding.pk} input[type='radio'][value='1']").check()
            page.locator(f"#finding-{findings[0].pk} textarea").fill("Labs checked on site")
            page.locator("button[name='save_sheet']").click()
            page.wait_for_load_state()
            assert page.locator(".portal-messages .alert-success").is_visible()
            assert inspection.findings.filter(met=True).count() == 4
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
        page.locator("button[name='sign']").click()
        page.wait_for_load_state()
    assert inspection.signatures.filter(voided_at__isnull=True).count() == 2

    journey.come_back(w.staff, staff_session)
    page.goto(case_url)
    _act(page, "send_to_council")
    assert _state(page) == "council"

    # The council members vote on their page.
    review = application.council_reviews.get()
    review_url = base + reverse("licensing:council_review", args=[review.pk])
    for number, member in enumerate(members):
        journey.log_in(member)
        page.goto(review_url)
        if number == 0:
            journey.look("council-vote")
        page.locator("input[name='choice'][value='for']").check()
        page.locator("main form button[type='submit']").first.click()
        page.wait_for_load_state()
    journey.look("council-voted")

    # The head: the vote is closed; the decision awaits them on the dashboard; they grant
    # through the confirmation page.
    head_session = journey.log_in(w.head, second_factor=True)
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
    journey.log_in(w.applicant)
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
    journey.log_out()
    page.goto(base + reverse("verify_document", args=[document.verification_code]))
    journey.choose_language(KAZAKH)
    assert application.license.number in page.locator("main").inner_text()
    journey.look("verification")
    page.goto(base + reverse("licensing:register"))
    journey.look("register")
    page.goto(base + reverse("licensing:license_detail", args=[application.license.number]))
    journey.look("license-in-the-register")

    # The head's page for a decision on the license (suspension and the rest), and the
    # confirmation it asks for: nothing changes unconfirmed.
    journey.come_back(w.head, head_session)
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


def test_the_other_licensing_pages_each_role_in_its_language(
    portal_live_server, page, context, settings, tmp_path
):
    """The pages the journey does not pass through: staff's paper application, the expert's
    inspections, the council's inbox, the head's bulk reissue and refusal confirmation, and the
    refused case as the applicant reads it."""
    base = portal_live_server.url
    settings.SITE_URL = base
    settings.LICENSING_COMMISSION_SIZE = 2
    w = world()
    application, members = before_council(w, council_size=2)
    inspection = application.inspections.get()
    experts = [m.expert.user for m in inspection.members.select_related("expert__user")]
    reissue = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    reason = RefusalReasonFactory()
    renamed = OrganizationFactory(region=w.organization.region)
    LicenseFactory(organization=renamed, authority=w.authority)
    _reads(KAZAKH, w.applicant, *experts)
    _reads(RUSSIAN, w.staff, w.head, *members)
    journey = Journey(page, context, base, prefix="more-")

    # Staff register a paper application: the form, then the form with its errors.
    journey.log_in(w.staff, second_factor=True)
    page.goto(base + reverse("licensing:paper_new"))
    journey.look("paper-application")
    page.locator("input[name='bin']").fill("123")
    page.locator("main form button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator("input[name='bin'][aria-invalid='true']").is_visible()
    assert not LicenseApplication.objects.filter(channel="in_person").exists()
    journey.look("paper-application-errors")

    # An expert's inspections and a council member's inbox.
    journey.log_in(experts[0])
    page.goto(base + reverse("licensing:expert_inspections"))
    sheet = reverse("licensing:inspection_sheet", args=[inspection.pk])
    assert page.locator(f"main a[href='{sheet}']").is_visible()
    journey.look("expert-inspections")
    journey.log_in(members[0])
    page.goto(base + reverse("licensing:council_inbox"))
    review = application.council_reviews.get()
    vote = reverse("licensing:council_review", args=[review.pk])
    assert page.locator(f"main a[href='{vote}']").is_visible()
    journey.look("council-inbox")

    # The head starts a bulk reissue from a file: a row without the Kazakh name and a row
    # with a BIN that does not exist fail; the dashboard asks the head to retry the first.
    journey.log_in(w.head, second_factor=True)
    page.goto(base + reverse("licensing:bulk_reissue_new"))
    journey.look("bulk-reissue-new")
    renames = tmp_path / "renames.csv"
    rows = [
        "bin,name_ru,name_kk,name_en",
        f"{renamed.bin},КГУ «Школа № 7»,,",
        "123456789012,Нет,Жоқ,",
    ]
    renames.write_text("\n".join(rows) + "\n")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.locator("input[name='effective_date']").fill(yesterday.isoformat())
    page.locator("input[name='csv_file']").set_input_files(str(renames))
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/bulk-reissue/\d+/$"))
    run = BulkReissueItem.objects.get(bin=renamed.bin).run
    assert page.locator("tr[data-bin='123456789012']").is_visible()  # failed on reading
    journey.look("bulk-reissue-running")
    bulk_reissue_run(run.pk)  # the worker's part
    # The page brings itself up to date, without a reload: the second failure appears.
    page.locator(f"tr[data-bin='{renamed.bin}']").wait_for(timeout=15_000)
    assert page.locator("[data-run][data-refresh]").count() == 0
    journey.look("bulk-reissue-failed")
    page.goto(base + reverse("dashboard"))
    retry = reverse("licensing:bulk_reissue_detail", args=[run.pk])
    assert page.locator(f"main a[href='{retry}']").count() >= 1
    journey.look("head-dashboard-retry")

    # The head refuses the reissue through the confirmation page.
    case_url = base + reissue.get_absolute_url()
    page.goto(case_url)
    box = page.locator("section[data-action='refuse']")
    box.locator(f"input[name='refuse-reasons'][value='{reason.pk}']").check()
    box.locator("textarea[name='refuse-text']").fill("Основание не подтверждено")
    box.locator("button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator("[data-confirm='refuse']").is_visible()
    journey.look("refusal-confirmation")
    page.locator("button[name='confirmed']").click()
    page.wait_for_url(case_url)
    assert _state(page) == "refused"
    journey.look("case-head-refused")

    # The applicant reads the refusal, with the appeal open to them.
    journey.log_in(w.applicant)
    page.goto(case_url)
    assert page.locator("section[data-action='appeal']").is_visible()
    journey.look("case-applicant-refused")
