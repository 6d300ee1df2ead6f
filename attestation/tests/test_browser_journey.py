"""In Chromium, the whole attestation journey with every role logging in through the login form
(issue 10): staff compose the commission; the organization fills in its self-assessment (a
refused file keeps the typed sections) and submits it; the head approves the commission; the
chair starts the visit; a member enters results (a refused 150 stays outlined, is not saved and
is gone on reload; "absent" is ticked); the chair writes and signs the conclusion, the member
signs; the organization acknowledges it; the head decides through the confirmation page; the
organization downloads the issued act from the case page; a visitor verifies it.

The journey is walked in the portal's languages, as its people read it: the organization's
representative and the commission member in Kazakh, staff, the head and the chair in Russian
(pages follow the account's language; each page's <html lang> is checked); the visitor picks
Russian with the switch. Locators use names, ids, data- attributes and reverse() URLs, never the
wording, so a string not yet translated changes nothing. Every page on the way passes axe (WCAG
2.1 A/AA) and fits 390 px and 1440 px without sideways scrolling; screenshots go to
var/screenshots/attestation/, named with the page's language."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from attestation import services
from attestation.models import (
    Attestation,
    Column,
    ConclusionAttachment,
    ResultCell,
    Schedule,
    SelfAssessment,
)
from attestation.tests.factories import (
    World,
    attestation_in,
    decided_ready,
    pdf,
    results,
    sample_of,
    today,
)
from casework.tests.axe import look_at
from registry.models import Role, User
from registry.tests.factories import UserFactory, grant, staff_of, totp_code, with_totp

pytestmark = [pytest.mark.browser]

PASSWORD = "correct-horse-battery"  # the user factory's
SECTIONS = ("general", "staff", "students", "methodology", "upbringing", "material_assets")
SECTIONS += ("library", "knowledge")
# Who reads which language: the organization and the commission's members Kazakh, the
# authority (staff, head, the chair from its staff) Russian.
KAZAKH, RUSSIAN = "kk", "ru"


def reads(language, *users):
    """The users' accounts keep `language`: the pages they open are in it."""
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
        cookies = log_in(self.page, self.context, self.base, user, second_factor=second_factor)
        self.language = user.language
        return cookies

    def come_back(self, user, cookies):
        self.context.clear_cookies()
        self.context.add_cookies(cookies)
        self.page.goto(self.base + reverse("dashboard"))
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
        look_at(self.page, f"{self.prefix}{self.count:02d}-{name}-{language}", folder="attestation")


def log_in(page, context, base, user, *, second_factor=False):
    """E-mail and password, then (staff and heads) the authenticator's code. Returns the
    session's cookies, to come back later as the same user (a TOTP code is accepted once)."""
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


def work(page, url):
    """Follow the dashboard's "Awaiting me" item that leads to `url`."""
    page.locator(f"[data-worklist] a[href='{url}']").first.click()
    page.wait_for_load_state()


def post(page, url, fill=None):
    """Send the page's form that posts to `url`, its fields filled first."""
    form = page.locator(f"main form[action='{url}']").last
    for selector, value in (fill or {}).items():
        form.locator(selector).fill(value)
    form.locator("button[type='submit']").first.click()
    page.wait_for_load_state()


def state(page):
    return page.locator("[data-state]").get_attribute("data-state")


def settled(page):
    page.wait_for_timeout(300)
    expect(page.locator("input.grid-cell.is-saving")).to_have_count(0)


def test_the_whole_attestation_journey_every_role_through_the_login_form(
    portal_live_server, page, context, settings, tmp_path
):
    base = portal_live_server.url
    settings.SITE_URL = base
    world = World()
    attestation = attestation_in(
        world, Attestation.State.NOTIFIED, start_date=today() + datetime.timedelta(days=40)
    )
    chair = staff_of(world.authority, full_name="Commission Chair")
    member = grant(UserFactory(full_name="Member One"), Role.COMMISSION_MEMBER)
    reads(KAZAKH, world.representative, member)
    reads(RUSSIAN, world.staff, world.head, chair)
    good = tmp_path / "charter.pdf"
    good.write_bytes(pdf().read())
    bad = tmp_path / "license.pdf"
    bad.write_bytes(b"not a pdf at all")
    case = attestation.get_absolute_url()
    case_url = base + case
    conclusion_url = reverse("attestation:conclusion", args=[attestation.pk])
    journey = Journey(page, context, base)

    # Staff compose the commission: the chair from their own staff, a member by profile.
    journey.log_in(world.staff, second_factor=True)
    journey.look("staff-dashboard")
    work(page, case)
    journey.look("case-staff")
    post(page, reverse("attestation:commission_form", args=[attestation.pk, "attestation"]))
    commission = attestation.commissions.get()
    for person, role in ((chair, "chair"), (member, "leading_teacher")):
        page.locator("#id_email").fill(person.email)
        page.locator("#id_role").select_option(role)
        post(page, reverse("attestation:member_add", args=[commission.pk]))
    assert commission.members.count() == 2
    journey.look("case-commission-composed")

    # The organization: the start page, then the self-assessment from "Awaiting me".
    journey.log_in(world.representative)
    journey.look("organization-dashboard")
    page.goto(base + reverse("attestation:service_start"))
    journey.look("service-start")
    page.goto(base + reverse("dashboard"))
    work(page, reverse("attestation:self_assessment", args=[attestation.pk]))
    journey.look("self-assessment")
    for code in SECTIONS:
        page.locator(f"#id_{code}").fill(f"Our {code} as the standard requires.")
    page.locator("#file-self_assessment_charter").set_input_files(str(good))
    page.locator("#file-self_assessment_license").set_input_files(str(bad))
    page.locator("#self-assessment-form button[name='submit']").click()
    page.wait_for_load_state()
    # The refused file saved nothing, and every typed section is still on the page.
    expect(page.locator(".portal-messages .alert-danger").last).to_be_visible()
    expect(page.locator("#id_general")).to_have_value("Our general as the standard requires.")
    assert not SelfAssessment.objects.filter(
        attestation=attestation, submitted_at__isnull=False
    ).exists()
    journey.look("self-assessment-refused")
    page.locator("#file-self_assessment_charter").set_input_files(str(good))
    page.locator("#file-self_assessment_license").set_input_files(str(good))
    page.locator("#self-assessment-form button[name='submit']").click()
    page.wait_for_load_state()
    assert state(page) == Attestation.State.SELF_ASSESSMENT_SUBMITTED
    journey.look("case-organization-submitted")

    # The head approves the commission.
    head = journey.log_in(world.head, second_factor=True)
    journey.look("head-dashboard")
    work(page, case)
    post(
        page,
        reverse("attestation:commission_approve", args=[commission.pk]),
        {"input[name='order_number']": "17-ОД"},
    )
    assert state(page) == Attestation.State.COMMISSION_APPROVED
    journey.look("case-commission-approved")

    # The start date arrives; the roster is loaded (А24) and the conclusion's files attached.
    Attestation.objects.filter(pk=attestation.pk).update(start_date=today())
    chair_session = journey.log_in(chair, second_factor=True)
    page.goto(case_url)
    post(page, reverse("attestation:visit_start", args=[attestation.pk]))
    assert state(page) == Attestation.State.VISIT
    _cohort, students = sample_of(attestation, size=20)
    for item in ConclusionAttachment:
        services.attestation_file_upload(
            attestation, item.value, pdf(f"{item.value}.pdf"), actor=chair
        )
    page.reload()
    journey.look("case-visit-chair")

    # A member enters the results: 150 is refused visibly and never saved.
    journey.log_in(member)
    work(page, reverse("attestation:grid", args=[attestation.pk]))
    first = page.locator(f"#cell-{students[0].pk}-test")
    first.fill("150")
    expect(first).to_have_class(re.compile("is-invalid"))
    expect(page.locator(f"#err-{students[0].pk}-test")).to_contain_text("100")  # the range
    expect(page.locator("#grid-status .grid-status-error")).to_contain_text("150")
    journey.look("grid-refused")
    page.reload()
    expect(page.locator(f"#cell-{students[0].pk}-test")).to_have_value("")
    assert not ResultCell.objects.filter(value=150).exists()
    # The first student did not come: ticked, not typed.
    page.locator(f"#cell-{students[0].pk}-absent").check()
    settled(page)
    for index, student in enumerate(students[1:]):
        cell = page.locator(f"#cell-{student.pk}-test")
        cell.fill("90" if index % 2 else "76")
        cell.press("Enter")
    settled(page)
    assert ResultCell.objects.filter(column=Column.TEST, value__isnull=False).count() == 19
    assert ResultCell.objects.get(student=students[0], column=Column.ABSENT).value == 1
    expect(page.locator(f"[data-grade-for='{students[2].pk}']")).to_have_attribute(
        "data-grade", "excellent"
    )
    journey.look("grid-filled")

    # The chair writes the conclusion beside the figures and signs it; the member signs.
    journey.come_back(chair, chair_session)
    work(page, conclusion_url)
    page.locator("main form button[name='draft']").click()
    page.wait_for_load_state()
    page.locator("#id_section_findings").fill("The organization complies with the standard.")
    page.locator("#id_compliant").check()
    page.locator("#id_recommendation").select_option("attest")
    page.locator("#conclusion-form button[type='submit']:not([name])").click()
    page.wait_for_load_state()
    expect(page.locator("#recommendation-following")).to_have_attribute("data-following", "attest")
    journey.look("conclusion-chair")
    page.locator("#sign-button").click()
    page.wait_for_load_state()
    journey.log_in(member)
    work(page, conclusion_url)
    journey.look("conclusion-member")
    page.locator("#sign-button").click()
    page.wait_for_load_state()
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION

    # The organization acknowledges the conclusion (А31).
    journey.log_in(world.representative)
    work(page, case)
    journey.look("case-organization-conclusion")
    post(page, reverse("attestation:acknowledge", args=[attestation.pk]))
    assert attestation.commissions.get().conclusion.acknowledged_at is not None

    # The head decides on the decision page, through the confirmation page.
    journey.come_back(world.head, head)
    work(page, reverse("attestation:decide", args=[attestation.pk]))
    expect(page.locator("#acknowledgement")).to_have_attribute("data-acknowledged", "yes")
    journey.look("decision")
    page.locator("#decision-form input[name='decision'][value='attest']").check()
    page.locator("#id_order_number").fill("101-ОД")
    page.locator("#decision-form button[type='submit']").click()
    page.wait_for_load_state()
    expect(page.locator("#decision-consequences")).to_contain_text("101-ОД")
    journey.look("decision-confirm")
    page.locator("main form button[name='confirmed']").click()
    page.wait_for_load_state()
    assert state(page) == Attestation.State.ATTESTED
    journey.look("case-head-decided")

    # The organization downloads the order from the case page; a visitor verifies it.
    journey.log_in(world.representative)
    page.goto(case_url)
    journey.look("case-organization-decided")
    links = page.locator("[data-issued-documents] a[data-download]")
    with page.expect_download() as download:
        links.first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    journey.log_out()
    attestation.refresh_from_db()
    order_day = timezone.localtime(attestation.decided_at).date()
    page.goto(
        base
        + reverse("verify_search")
        + f"?number={attestation.order_number}&date={order_day:%Y-%m-%d}"
    )
    journey.choose_language(RUSSIAN)
    assert page.locator("[data-result='found'] [data-status='valid']").first.is_visible()
    journey.look("verify")


def test_the_other_attestation_pages_each_role_in_its_language(
    portal_live_server, page, context, settings
):
    """The pages the journey does not pass through, or passes in one language only: staff
    propose a schedule (Russian), the head reads it and a decision page (Kazakh); the
    organization reads the start page, its list and the self-assessment in Russian."""
    base = portal_live_server.url
    settings.SITE_URL = base
    world = World()
    notified = attestation_in(
        world, Attestation.State.NOTIFIED, start_date=today() + datetime.timedelta(days=20)
    )
    other = World()
    ready = decided_ready(other)
    _cohort, students = sample_of(ready, size=5)
    results(students, absent=1)
    reads(RUSSIAN, world.staff, world.representative)
    reads(KAZAKH, world.head, other.head)
    journey = Journey(page, context, base, prefix="more-")

    # Staff propose the schedule of a year with nothing in it yet: the portal lists who is due.
    journey.log_in(world.staff, second_factor=True)
    page.goto(base + reverse("attestation:index"))
    journey.look("index-staff")
    year = today().year + 2
    post(page, reverse("attestation:schedule_propose"), {"input[name='year']": str(year)})
    schedule = Schedule.objects.get(authority=world.authority, year=year)
    page.wait_for_url(re.compile(rf"{reverse('attestation:schedule', args=[schedule.pk])}$"))
    assert page.locator("#schedule-entries tbody tr").count() == schedule.entries.count() >= 1
    journey.look("schedule-draft-staff")

    # The head reads the draft with its approval form.
    journey.log_in(world.head, second_factor=True)
    page.goto(base + reverse("attestation:schedule", args=[schedule.pk]))
    approve = reverse("attestation:schedule_approve", args=[schedule.pk])
    assert page.locator(f"main form[action='{approve}']").is_visible()
    journey.look("schedule-draft-head")

    # The organization: the start page, its attestations, the self-assessment saved unsent.
    journey.log_in(world.representative)
    page.goto(base + reverse("attestation:service_start"))
    journey.look("service-start")
    page.goto(base + reverse("attestation:index"))
    assert page.locator(f"main a[href='{notified.get_absolute_url()}']").is_visible()
    journey.look("index-organization")
    page.goto(base + reverse("attestation:self_assessment", args=[notified.pk]))
    page.locator("#id_general").fill("Общая характеристика по стандарту.")
    page.locator("#self-assessment-form button[type='submit']:not([name])").click()
    page.wait_for_load_state()
    saved = SelfAssessment.objects.get(attestation=notified)
    assert saved.general.startswith("Общая") and saved.submitted_at is None
    expect(page.locator(".portal-messages .alert-success")).to_be_visible()
    journey.look("self-assessment-saved")

    # Another authority's head: the decision page and the case page in Kazakh.
    journey.log_in(other.head, second_factor=True)
    work(page, reverse("attestation:decide", args=[ready.pk]))
    expect(page.locator("#acknowledgement")).to_have_attribute("data-acknowledged", "no")
    journey.look("decision")
    page.goto(base + ready.get_absolute_url())
    assert page.locator("#decision-form").is_visible()
    journey.look("case-head-conclusion")
