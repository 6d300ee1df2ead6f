"""In Chromium, the apostille's journey with every person logging in through the login form
(issue 12): a citizen reads the start page and requests an apostille with a scan through the
wizard; staff (second factor) confirm the fee, accept the request and affix the apostille
through the confirmation page; the citizen downloads the e-Apostille; a visitor with no account
finds it in the e-Register by its number and date. Every page on the way passes axe (WCAG 2.1
A/AA) and fits 390 px and 1440 px without sideways scrolling; screenshots go to
var/screenshots/apostille/, named with the page's language.

The journey is walked in the portal's languages, as its people read it: the citizen in Kazakh,
staff in Russian (pages follow the account's language; each page's <html lang> is checked); the
visitor picks Kazakh with the header's switch. Locators use names, ids, data- attributes and
reverse() URLs, never the wording, so a string not yet translated changes nothing."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from apostille import conf
from apostille.models import Apostille, ApostilleRequest
from casework.tests.axe import look_at
from registry.models import User
from registry.tests.factories import totp_code, with_totp

from .factories import DIRECTOR, pdf_scan, world

pytestmark = [pytest.mark.browser]

PASSWORD = "correct-horse-battery"  # the user factory's
# Who reads which language: the citizen Kazakh, the authority's staff Russian.
KAZAKH, RUSSIAN = "kk", "ru"


def _reads(language, *users):
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
        look_at(self.page, f"{self.count:02d}-{name}-{language}", folder="apostille")


def _log_in(page, context, base, user, *, second_factor=False):
    """Log in as a person does: e-mail and password, then (staff) the code of their
    authenticator. Returns the session's cookies, to come back later as the same user."""
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


def test_a_citizen_requests_staff_affix_the_citizen_downloads_a_visitor_finds_it(
    portal_live_server, page, context, settings, tmp_path
):
    base = portal_live_server.url
    settings.SITE_URL = base
    w = world()
    scan = tmp_path / "diploma.pdf"
    scan.write_bytes(pdf_scan("diploma"))
    _reads(KAZAKH, w.citizen)
    _reads(RUSSIAN, w.staff)
    journey = Journey(page, context, base)

    # The citizen: dashboard → start page → wizard → case page.
    citizen_session = journey.log_in(w.citizen)
    journey.look("citizen-dashboard")
    start = reverse("apostille:service_start")
    page.locator(f"[data-part='apostille-citizen'] a[href='{start}']").click()
    page.wait_for_url(re.compile(r"/apostille/$"))
    term = str(conf.get("APOSTILLE_TERM_WORKING_DAYS"))
    assert term in page.locator("[aria-labelledby='service-facts'] dl").inner_text()
    journey.look("start-page")
    page.locator(f"main a[href='{reverse('apostille:wizard_new')}']").click()
    page.wait_for_url(re.compile(r"/requests/new/"))
    journey.look("wizard-issuer")
    page.locator("input[name='q']").fill(w.organization.bin)
    page.locator("input[name='issued_on']").fill("2020-06-20")
    page.locator("main form[role='search'] button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator(f"[data-issuer-option='{w.organization.pk}'] input").is_checked()
    journey.look("wizard-issuer-found")
    page.locator("main button[data-next]").click()
    page.wait_for_url(re.compile(r"/requests/new/details/"))
    page.locator("select[name='document_type']").select_option(str(w.document_type.pk))
    page.locator("select[name='level']").select_option(str(w.level.pk))
    page.locator("input[name='series']").fill("ЖОБ")
    page.locator("input[name='document_number']").fill("0012345")
    page.locator("input[name='signer_name']").fill(DIRECTOR)
    page.locator("input[name='country_of_use']").fill("Germany")
    page.locator("input[name='fee_receipt_number']").fill("KZ-PAY-778899")
    journey.look("wizard-details")
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/documents/$"))
    page.locator("input[type='file'][id='file-scan']").set_input_files(str(scan))
    page.locator("li[data-item='scan'] button[type='submit']").click()
    page.wait_for_url(re.compile(r"/edit/documents/$"))
    assert "diploma.pdf" in page.locator("li[data-item='scan']").inner_text()
    journey.look("wizard-documents")
    page.locator("main a[data-next]").click()
    page.wait_for_url(re.compile(r"/edit/review/$"))
    journey.look("wizard-review")
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"/requests/\d+/$"))
    request = ApostilleRequest.objects.get()
    assert _state(page) == "submitted"
    assert page.locator("[data-term='legal']").is_visible()
    assert page.locator("[data-check='license']").get_attribute("data-outcome") == "passed"
    journey.look("case-citizen-submitted")
    case_url = base + request.get_absolute_url()

    # Staff: the queue, the case page with the checks, the fee, the decision confirmed.
    journey.log_in(w.staff, second_factor=True)
    journey.look("staff-dashboard")
    page.goto(base + reverse("apostille:queue"))
    journey.look("staff-queue")
    page.locator(f"tr[data-number='{request.number}'] a").click()
    page.wait_for_url(case_url)
    journey.look("case-staff-check")
    _act(page, "confirm_fee")
    _act(page, "accept")
    assert _state(page) == "review"
    _act(page, "affix", {"textarea": "Checked against the specimen"})
    assert page.locator("[data-confirm='affix']").is_visible()
    journey.look("affix-confirmation")
    page.locator("button[name='confirmed']").click()
    page.wait_for_url(case_url)
    assert _state(page) == "affixed"
    journey.look("case-staff-affixed")
    page.goto(base + reverse("apostille:specimen_list", args=[w.organization.pk]))
    journey.look("specimen-register")
    apostille = Apostille.objects.get()

    # The citizen downloads the e-Apostille; the request is then delivered.
    journey.come_back(w.citizen, citizen_session)
    page.goto(case_url)
    journey.look("case-citizen-affixed")
    with page.expect_download() as download:
        page.locator("a[data-download-apostille]").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    request.refresh_from_db()
    assert request.state == ApostilleRequest.State.DELIVERED
    page.goto(base + reverse("apostille:my_requests"))
    journey.look("my-requests")

    # A visitor with no account: from the verification page to the e-Register.
    journey.log_out()
    page.goto(base + reverse("verify_search"))
    journey.choose_language(KAZAKH)
    page.locator("[data-link='e-register'] a").click()
    page.wait_for_url(re.compile(r"/e-register/$"))
    journey.look("e-register")
    page.locator("input[name='number']").fill(apostille.number)
    page.locator("input[name='date']").fill(apostille.issued_on.isoformat())
    page.locator("main form button[type='submit']").click()
    page.wait_for_load_state()
    found = page.locator("[data-result='found']")
    assert found.is_visible()
    assert page.locator("[data-status]").get_attribute("data-status") == "valid"
    assert w.citizen.iin not in page.locator("main").inner_text()
    journey.look("e-register-found")
