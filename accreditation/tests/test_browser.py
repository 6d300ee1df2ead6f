"""In Chromium, the whole accreditation journey with every role logging in through the login form
(issue 11): the organization reads the start page and applies through the wizard (combined kind,
programmes ticked from the list); both sides sign the contract; the organization fills in the
self-assessment and uploads the signed report; the body reviews, recommends and schedules the
visit (the commission drawn); each expert downloads the self-assessment report (К16); the body
records the visit; the chair writes the report with a finding per standard (К17); the body
refers to the council; the members vote (К19); the head decides through the confirmation page;
the certificate is issued; the organization downloads it; an anonymous visitor finds it in the
public register and verifies it.

The journey is walked in the portal's languages, as its people read it: the organization and the
external experts in Kazakh, the body's staff, the council and the head in Russian (pages follow
the account's language; each page's <html lang> is checked); the visitor picks Kazakh with the
header's switch. Locators use names, ids, data- attributes and reverse() URLs, never the wording,
so a string not yet translated changes nothing. Every page passes axe (WCAG 2.1 A/AA) and fits 390
and 1440 px without sideways scrolling; screenshots go to var/screenshots/accreditation/, named
with the page's language."""

import datetime
import re
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from accreditation.models import AccreditationCase, Certificate, SelfAssessmentEntry
from casework.models import DocumentDownload
from casework.tests.axe import look_at
from registry.models import User
from registry.tests.factories import totp_code, with_totp

from .factories import PDF_BYTES, world

pytestmark = [pytest.mark.browser]

PASSWORD = "correct-horse-battery"  # the user factory's
# Who reads which language: the organization and the experts Kazakh, the body (staff, head) and
# its council Russian.
KAZAKH, RUSSIAN = "kk", "ru"


def _reads(language, *users):
    """The users' accounts keep `language`: the pages they open are in it."""
    for user in users:
        user.language = language
    User.objects.filter(pk__in=[user.pk for user in users]).update(language=language)


class Journey:
    """Numbers the pages looked at, so the screenshots sort in the order of the journey, and
    checks that each page is in the language of who reads it."""

    def __init__(self, page, context, base):
        self.page, self.context, self.base = page, context, base
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
        look_at(self.page, f"{self.count:02d}-{name}-{language}", folder="accreditation")


def _log_in(page, context, base, user, *, second_factor=False):
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
    return context.cookies()


def _come_back(context, cookies):
    context.clear_cookies()
    context.add_cookies(cookies)


def _act(page, name, fill=None):
    box = page.locator(f"section[data-action='{name}']")
    for selector, value in (fill or {}).items():
        box.locator(selector).fill(value)
    box.locator("button[type='submit']").click()
    page.wait_for_load_state()


def _state(page):
    return page.locator("[data-state]").get_attribute("data-state")


def test_the_whole_accreditation_journey_every_role_through_the_login_form(
    portal_live_server, page, context, settings, tmp_path
):
    base = portal_live_server.url
    settings.SITE_URL = base
    w = world()
    report = tmp_path / "self-assessment.pdf"
    report.write_bytes(PDF_BYTES)
    experts = [expert.user for expert in w.experts]
    _reads(KAZAKH, w.applicant, *experts)
    _reads(RUSSIAN, w.staff, w.head, *w.council_users)
    journey = Journey(page, context, base)

    # The organization: dashboard → start page → wizard → case page.
    journey.log_in(w.applicant)
    journey.look("organization-dashboard")
    start = reverse("accreditation:service_start")
    page.locator(f"[data-part='accreditation-applicant'] a[href='{start}']").click()
    page.wait_for_url(re.compile(r"/accreditation/apply/$"))
    journey.look("start-page")
    page.locator(f"main a[href='{reverse('accreditation:wizard_start')}']").click()
    page.wait_for_url(re.compile(r"/cases/new/$"))
    journey.look("wizard-start")
    page.locator(f"input[name='body'][value='{w.body.pk}']").check()
    page.locator("input[name='kind'][value='combined']").check()
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/programmes/$"))
    journey.look("wizard-programmes")
    page.locator(f"input[name='programmes'][value='{w.programmes[0].pk}']").check()
    page.locator("main form[method='post'] button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/review/$"))
    assert w.license.number in page.locator("main").inner_text()
    journey.look("wizard-review")
    page.locator("main form[method='post'] button[type='submit']").click()
    page.wait_for_url(re.compile(r"/accreditation/cases/\d+/$"))
    case = AccreditationCase.objects.get()
    case_url = base + case.get_absolute_url()
    assert _state(page) == "application"
    assert page.locator("[data-term='legal']").is_visible()
    journey.look("case-organization-applied")
    _act(page, "sign_contract")
    organization_session = context.cookies()

    # The body's staff: the queue, the contract, later the review and the visit.
    staff_session = journey.log_in(w.staff, second_factor=True)
    page.goto(base + reverse("accreditation:queue"))
    journey.look("body-queue")
    page.locator(f"tr[data-case='{case.number}'] a").click()
    page.wait_for_url(case_url)
    _act(page, "sign_contract")
    assert _state(page) == "self_assessment"

    # The organization: the self-assessment per criterion, the signed report, sent.
    journey.come_back(w.applicant, organization_session)
    page.goto(base + reverse("accreditation:self_assessment", args=[case.pk]))
    journey.look("self-assessment")
    for criterion in w.criteria:
        section = page.locator(f"#c{criterion.pk}")
        section.locator("input[type='radio'][value='met']").check()
        section.locator("textarea").fill("Met: the evidence is attached.")
        section.locator("form:has(input[name='criterion']) button[type='submit']").click()
        page.wait_for_load_state()
        assert page.locator(".portal-messages .alert-success").is_visible()
        assert SelfAssessmentEntry.objects.filter(case=case, criterion=criterion).exists()
    page.locator("input#file-report").set_input_files(str(report))
    page.locator("[data-item='self_assessment_report'] button[type='submit']").click()
    page.wait_for_load_state()
    assert (
        "self-assessment.pdf" in page.locator("[data-item='self_assessment_report']").inner_text()
    )
    journey.look("self-assessment-filled")
    page.locator("main button[name='submit']").click()
    page.wait_for_url(case_url)
    assert _state(page) == "body_review"

    # The body: review, a recommendation, the visit (three months ahead, three working days).
    journey.come_back(w.staff, staff_session)
    page.goto(case_url)
    journey.look("case-body-review")
    _act(page, "review", {"textarea": "The report covers every standard."})
    assert _state(page) == "recommendations"
    due = (timezone.localdate() + relativedelta(months=6)).isoformat()
    _act(page, "recommend", {"textarea": "Publish graduate employment.", "input[type='date']": due})
    start = timezone.localdate() + relativedelta(months=3, days=7)
    start += datetime.timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday
    box = page.locator("section[data-action='schedule_visit']")
    box.locator("input[name='schedule_visit-start_on']").fill(start.isoformat())
    box.locator("input[name='schedule_visit-end_on']").fill(
        (start + datetime.timedelta(days=2)).isoformat()
    )
    journey.look("case-body-schedule")
    box.locator("button[type='submit']").click()
    page.wait_for_load_state()
    assert _state(page) == "expert_visit", page.locator("main").inner_text()[:600]
    journey.look("case-body-visit-scheduled")

    # The experts: their workspace, the self-assessment report downloaded (К16).
    case.refresh_from_db()
    seats = list(case.visit.seats.select_related("expert__user"))
    chair = next(seat.expert.user for seat in seats if seat.is_chair)
    report_url = reverse("accreditation:self_assessment_report", args=[case.pk])
    for number, seat in enumerate(seats):
        journey.log_in(seat.expert.user)
        page.goto(base + reverse("accreditation:expert_visits"))
        if number == 0:
            journey.look("expert-workspace")
        with page.expect_download() as download:
            page.locator(f"[data-visit='{case.number}'] a[href='{report_url}']").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert all(seat.report_opened_at for seat in case.visit.seats.all())

    journey.come_back(w.staff, staff_session)
    page.goto(case_url)
    _act(page, "complete_visit")
    assert _state(page) == "expert_report"

    # The chair writes the report: a finding per standard.
    journey.log_in(chair)
    page.goto(base + reverse("accreditation:expert_report", args=[case.pk]))
    journey.look("expert-report-form")
    page.locator("textarea[name='summary']").fill("The university meets the standards.")
    for standard in w.standards:
        page.locator(f"input[name='assessment_{standard.pk}'][value='compliant']").check()
    page.locator("main form[method='post'] button[type='submit']").click()
    page.wait_for_url(case_url)
    journey.look("case-expert-reported")

    journey.come_back(w.staff, staff_session)
    page.goto(case_url)
    _act(page, "refer_to_council", {"textarea": "Self-assessment, review, expert report."})
    assert _state(page) == "council"

    # The council members vote; the votes stay hidden until each has voted.
    vote_url = base + reverse("accreditation:council_vote", args=[case.pk])
    for number, member in enumerate(w.council_users):
        journey.log_in(member)
        page.goto(vote_url)
        if number == 0:
            journey.look("council-vote")
        page.locator("input[name='choice'][value='accredit']").check()
        page.locator("main form[method='post'] button[type='submit']").click()
        page.wait_for_load_state()
    journey.look("council-voted")

    # The head decides through the confirmation page.
    journey.log_in(w.head, second_factor=True)
    page.goto(base + reverse("dashboard"))
    journey.look("head-dashboard")
    page.goto(case_url)
    journey.look("case-head-decision")
    _act(page, "decide")
    assert page.locator("[data-confirm='decide']").is_visible()
    journey.look("decision-confirmation")
    page.locator("button[name='confirmed']").click()
    page.wait_for_url(case_url)
    assert _state(page) == "decided"
    certificate = Certificate.objects.get(case=case)

    # The organization downloads the certificate from the case page.
    journey.come_back(w.applicant, organization_session)
    page.goto(case_url)
    journey.look("case-organization-certificate")
    row = page.locator(f"[data-document='{certificate.number}']")
    with page.expect_download() as download:
        row.locator("a[data-download]").first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert DocumentDownload.objects.filter(user=w.applicant, via="case").exists()

    # An anonymous visitor finds it in the register and verifies it.
    journey.log_out()
    page.goto(base + reverse("accreditation:register"))
    journey.choose_language(KAZAKH)
    journey.look("register")
    page.locator("input[name='q']").fill(w.organization.bin)
    page.locator("main form[role='search'] button[type='submit']").click()
    page.wait_for_load_state()
    row = page.locator(f"tr[data-certificate='{certificate.number}']")
    assert row.is_visible()
    journey.look("register-found")
    page.goto(base + reverse("accreditation:programme_register"))
    assert w.programmes[0].code in page.locator("main").inner_text()
    journey.look("programme-register")
    page.goto(base + reverse("accreditation:register"))
    certificate.refresh_from_db()
    verify = reverse("verify_document", args=[certificate.document.verification_code])
    page.locator(f"tr[data-certificate='{certificate.number}'] a[href='{verify}']").click()
    page.wait_for_url(base + verify)
    assert certificate.number in page.locator("main").inner_text()
    journey.look("verification")
    page.goto(base + reverse("accreditation:bodies_register"))
    journey.look("bodies-register")
