"""In Chromium, the whole attestation journey with every role logging in through the login form
(issue 10): staff compose the commission; the organization fills in its self-assessment (a
refused file keeps the typed sections) and submits it; the head approves the commission; the
chair starts the visit; a member enters results (a refused 150 stays outlined, is not saved and
is gone on reload; "absent" is ticked); the chair writes and signs the conclusion, the member
signs; the organization acknowledges it; the head decides through the confirmation page; the
organization downloads the issued act from the case page; a visitor verifies it. Every page on
the way passes axe (WCAG 2.1 A/AA) and fits 390 px and 1440 px without sideways scrolling;
screenshots go to var/screenshots/attestation/."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from attestation import services
from attestation.models import Attestation, Column, ConclusionAttachment, ResultCell
from attestation.tests.factories import World, attestation_in, pdf, sample_of, today
from casework.tests.axe import look_at
from registry.models import Role
from registry.tests.factories import UserFactory, grant, staff_of, totp_code, with_totp

pytestmark = [pytest.mark.browser]

PASSWORD = "correct-horse-battery"  # the user factory's
SECTIONS = ("general", "staff", "students", "methodology", "upbringing", "material_assets")
SECTIONS += ("library", "knowledge")


class Journey:
    """Numbers the pages looked at, so the screenshots sort in the order of the journey."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def look(self, name):
        self.page.wait_for_load_state()
        self.count += 1
        look_at(self.page, f"{self.count:02d}-{name}", folder="attestation")


def _log_in(page, context, base, user, *, second_factor=False):
    """E-mail and password, then (staff and heads) the authenticator's code. Returns the
    session's cookies, to come back later as the same user (a TOTP code is accepted once)."""
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
    return context.cookies()


def _come_back(page, context, base, cookies):
    context.clear_cookies()
    context.add_cookies(cookies)
    page.goto(base + reverse("dashboard"))


def _work(page, action):
    """Follow the dashboard's "Awaiting me" item with this action."""
    page.locator("[data-worklist] a.btn", has_text=action).first.click()
    page.wait_for_load_state()


def _submit(page, text, scope="main"):
    page.locator(scope).locator("button[type='submit']", has_text=text).first.click()
    page.wait_for_load_state()


def _state(page):
    return page.locator("[data-state]").get_attribute("data-state")


def _settled(page):
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
    good = tmp_path / "charter.pdf"
    good.write_bytes(pdf().read())
    bad = tmp_path / "license.pdf"
    bad.write_bytes(b"not a pdf at all")
    case_url = base + attestation.get_absolute_url()
    journey = Journey(page)

    # Staff compose the commission: the chair from their own staff, a member by profile.
    _log_in(page, context, base, world.staff, second_factor=True)
    journey.look("staff-dashboard")
    _work(page, "Compose")
    journey.look("case-staff")
    _submit(page, "Compose the commission")
    for person, role in ((chair, "chair"), (member, "leading_teacher")):
        page.locator("#id_email").fill(person.email)
        page.locator("#id_role").select_option(role)
        _submit(page, "Add a member")
    assert attestation.commissions.get().members.count() == 2
    journey.look("case-commission-composed")

    # The organization: the start page, then the self-assessment from "Awaiting me".
    _log_in(page, context, base, world.representative)
    journey.look("organization-dashboard")
    page.goto(base + reverse("attestation:service_start"))
    journey.look("service-start")
    page.goto(base + reverse("dashboard"))
    _work(page, "Fill in")
    journey.look("self-assessment")
    for code in SECTIONS:
        page.locator(f"#id_{code}").fill(f"Our {code} as the standard requires.")
    page.locator("#file-self_assessment_charter").set_input_files(str(good))
    page.locator("#file-self_assessment_license").set_input_files(str(bad))
    _submit(page, "Save and submit")
    # The refused file saved nothing, and every typed section is still on the page.
    expect(page.locator(".portal-messages .alert-danger").last).to_contain_text("Nothing was saved")
    expect(page.locator("#id_general")).to_have_value("Our general as the standard requires.")
    journey.look("self-assessment-refused")
    page.locator("#file-self_assessment_charter").set_input_files(str(good))
    page.locator("#file-self_assessment_license").set_input_files(str(good))
    _submit(page, "Save and submit")
    assert _state(page) == Attestation.State.SELF_ASSESSMENT_SUBMITTED
    journey.look("case-organization-submitted")

    # The head approves the commission.
    head = _log_in(page, context, base, world.head, second_factor=True)
    journey.look("head-dashboard")
    _work(page, "Approve")
    page.locator("input[name='order_number']").last.fill("17-ОД")
    _submit(page, "Approve the commission")
    assert _state(page) == Attestation.State.COMMISSION_APPROVED
    journey.look("case-commission-approved")

    # The start date arrives; the roster is loaded (А24) and the conclusion's files attached.
    Attestation.objects.filter(pk=attestation.pk).update(start_date=today())
    chair_session = _log_in(page, context, base, chair, second_factor=True)
    page.goto(case_url)
    _submit(page, "Start the visit")
    assert _state(page) == Attestation.State.VISIT
    _cohort, students = sample_of(attestation, size=20)
    for item in ConclusionAttachment:
        services.attestation_file_upload(
            attestation, item.value, pdf(f"{item.value}.pdf"), actor=chair
        )
    page.reload()
    journey.look("case-visit-chair")

    # A member enters the results: 150 is refused visibly and never saved.
    _log_in(page, context, base, member)
    _work(page, "Enter results")
    first = page.locator(f"#cell-{students[0].pk}-test")
    first.fill("150")
    expect(first).to_have_class(re.compile("is-invalid"))
    expect(page.locator(f"#err-{students[0].pk}-test")).to_contain_text("from 0 to 100")
    expect(page.locator("#grid-status")).to_contain_text("NOT saved")
    journey.look("grid-refused")
    page.reload()
    expect(page.locator(f"#cell-{students[0].pk}-test")).to_have_value("")
    assert not ResultCell.objects.filter(value=150).exists()
    # The first student did not come: ticked, not typed.
    page.locator(f"#cell-{students[0].pk}-absent").check()
    _settled(page)
    for index, student in enumerate(students[1:]):
        cell = page.locator(f"#cell-{student.pk}-test")
        cell.fill("90" if index % 2 else "76")
        cell.press("Enter")
    _settled(page)
    assert ResultCell.objects.filter(column=Column.TEST, value__isnull=False).count() == 19
    assert ResultCell.objects.get(student=students[0], column=Column.ABSENT).value == 1
    expect(page.locator(f"[data-grade-for='{students[2].pk}']")).to_have_text("Excellent")
    journey.look("grid-filled")

    # The chair writes the conclusion beside the figures and signs it; the member signs.
    _come_back(page, context, base, chair_session)
    _work(page, "Write")
    _submit(page, "Start the conclusion")
    page.locator("#id_section_findings").fill("The organization complies with the standard.")
    page.locator("#id_compliant").check()
    page.locator("#id_recommendation").select_option("attest")
    _submit(page, "Save", "#conclusion-form")
    expect(page.locator("#recommendation-following")).to_contain_text("“Attest”")
    journey.look("conclusion-chair")
    page.locator("#sign-button").click()
    page.wait_for_load_state()
    _log_in(page, context, base, member)
    _work(page, "Sign")
    journey.look("conclusion-member")
    page.locator("#sign-button").click()
    page.wait_for_load_state()
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION

    # The organization acknowledges the conclusion (А31).
    _log_in(page, context, base, world.representative)
    _work(page, "Acknowledge")
    journey.look("case-organization-conclusion")
    _submit(page, "Confirm receipt of the conclusion")

    # The head decides on the decision page, through the confirmation page.
    _come_back(page, context, base, head)
    _work(page, "Decide")
    expect(page.locator("#acknowledgement")).to_contain_text("acknowledged the conclusion on")
    journey.look("decision")
    page.locator("#id_decision_0").check()
    page.locator("#id_order_number").fill("101-ОД")
    _submit(page, "Continue")
    expect(page.locator("#decision-consequences")).to_contain_text("101-ОД")
    journey.look("decision-confirm")
    _submit(page, "Confirm and record the decision")
    assert _state(page) == Attestation.State.ATTESTED
    journey.look("case-head-decided")

    # The organization downloads the order from the case page; a visitor verifies it.
    _log_in(page, context, base, world.representative)
    page.goto(case_url)
    journey.look("case-organization-decided")
    links = page.locator("[data-issued-documents] a[data-download]")
    with page.expect_download() as download:
        links.first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    context.clear_cookies()
    attestation.refresh_from_db()
    order_day = timezone.localtime(attestation.decided_at).date()
    page.goto(
        base
        + reverse("verify_search")
        + f"?number={attestation.order_number}&date={order_day:%Y-%m-%d}"
    )
    assert page.locator("[data-result='found'] [data-status='valid']").first.is_visible()
    journey.look("verify")
