"""In Chromium: two commission members enter the results of a 50-student sample from the
keyboard (typing, Enter, arrows, a pasted column; a stale write is marked, not saved), the chair
sees the figures, writes and signs the conclusion, the members sign, and the head decides.

The languages are the other way round from the journey's (test_browser_journey): the members
and the organization read Russian, the chair and the head Kazakh, so the grid, the conclusion
and the decision are each seen in both; the locators never depend on the wording."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from attestation import services
from attestation.models import Attestation, Column, ConclusionAttachment, ResultCell
from attestation.tests.factories import World, attestation_in, commission_for, pdf, sample_of, today
from attestation.tests.test_browser_journey import KAZAKH, RUSSIAN, reads
from casework.tests.axe import look_at

pytestmark = [pytest.mark.browser]


def _log_in(context, base, user, *, second_factor=False):
    """A logged-in session for `user` in this browser context (the login page is tested in
    registry); staff and heads also get the second factor, as after a TOTP login."""
    client = Client()
    client.force_login(user)
    if second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _created = TOTPDevice.objects.get_or_create(
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


def _settled(page):
    """Every save the grid sent has been answered."""
    page.wait_for_timeout(300)  # the last keystroke's save has left
    expect(page.locator("input.grid-cell.is-saving")).to_have_count(0)


def _type_down(page, values):
    for value in values:
        page.keyboard.type(str(value))
        page.keyboard.press("Enter")


def test_members_enter_50_results_the_chair_signs_and_the_head_decides(
    portal_live_server, browser, page, context
):
    base = portal_live_server.url
    world = World()
    attestation = attestation_in(
        world, Attestation.State.VISIT, start_date=today() - datetime.timedelta(days=1)
    )
    commission = commission_for(attestation, members=2)
    chair = commission.chair.user
    first, second = [m.user for m in commission.members.exclude(role="chair").order_by("pk")]
    _cohort, students = sample_of(attestation, size=50)
    reads(RUSSIAN, first, second, world.representative)
    reads(KAZAKH, chair, world.head)
    for item in ConclusionAttachment:
        services.attestation_file_upload(
            attestation, item.value, pdf(f"{item.value}.pdf"), actor=chair
        )
    grid_url = base + reverse("attestation:grid", args=[attestation.pk])

    # The second member opens the grid now: everything they see is at version 0.
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    second_page = other.new_page()
    _log_in(other, base, second)
    second_page.goto(grid_url)

    # The first member: rows 1-2 absent, rows 3-25 typed; the grid starts in the first cell.
    _log_in(context, base, first)
    page.goto(grid_url)
    assert page.evaluate("document.activeElement.dataset.column") == Column.TEST
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.column") == Column.ABSENT
    for _row in range(2):  # "Absent" is a checkbox: Space ticks it, Enter goes down
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    _type_down(page, [40] * 10 + [88] * 13)  # rows 3-12 unsatisfactory, 13-25 excellent
    _settled(page)
    assert ResultCell.objects.filter(entered_by=first).count() == 25

    # A value out of range is refused as typed and never sent.
    page.keyboard.type("140")
    assert "is-invalid" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Escape")

    # The second member types over row 3 from their stale screen: marked, not saved.
    row3 = f"input[data-student='{students[2].pk}'][data-column='test']"
    second_page.locator(row3).focus()
    second_page.keyboard.type("99")
    second_page.keyboard.press("Enter")
    _settled(second_page)
    assert "is-conflict" in second_page.locator(row3).get_attribute("class")
    assert ResultCell.objects.get(student=students[2], column=Column.TEST).value == 40
    second_page.locator(row3).focus()
    second_page.keyboard.press("Escape")
    assert second_page.locator(row3).input_value() == "40"

    # Rows 26-40 typed, rows 41-50 pasted as a column from a spreadsheet.
    for _ in range(23):
        second_page.keyboard.press("ArrowDown")
    assert second_page.evaluate("document.activeElement.dataset.student") == str(students[25].pk)
    _type_down(second_page, [75] * 15)
    second_page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData('text/plain', Array(10).fill('62').join('\\r\\n') + '\\r\\n');
          document.activeElement.dispatchEvent(
            new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    _settled(second_page)
    assert ResultCell.objects.filter(column=Column.TEST).count() == 48
    # 48 of 50 took part (96 %); 38 of 48 positive (79.2 %).
    assert second_page.locator("[data-total='participation']").inner_text() in ("96.0", "96,0")
    cohort_row = second_page.locator("tr[data-cohort='11 A']")
    assert cohort_row.locator("[data-field='took_part']").inner_text() == "48"
    assert second_page.locator("html").get_attribute("lang") == RUSSIAN
    look_at(second_page, "keyboard-grid-filled-ru", folder="attestation")
    other.close()

    # The chair sees the figures, writes the conclusion and signs it.
    _log_in(context, base, chair, second_factor=True)
    page.goto(base + attestation.get_absolute_url())
    assert page.locator("[data-total='took_part']").inner_text() == "48"
    assert page.locator("[data-total='positive_share']").inner_text() in ("79.2", "79,2")
    page.goto(base + reverse("attestation:conclusion", args=[attestation.pk]))
    page.locator("button[name='draft']").click()
    page.wait_for_load_state()
    page.locator("#id_section_findings").fill("The organization complies with the standard.")
    page.locator("#id_compliant").check()
    page.locator("#id_recommendation").select_option("attest")
    page.locator("#conclusion-form button[type='submit']:not([name])").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == KAZAKH
    look_at(page, "keyboard-conclusion-chair-kk", folder="attestation")
    page.locator("#sign-button").click()
    page.wait_for_load_state()
    assert page.locator("#signatures li").count() == 1

    for member in (first, second):
        _log_in(context, base, member)
        page.goto(base + reverse("attestation:conclusion", args=[attestation.pk]))
        page.locator("#sign-button").click()
        page.wait_for_load_state()
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION

    # The head of department decides "attest".
    _log_in(context, base, world.head, second_factor=True)
    page.goto(base + attestation.get_absolute_url())
    form = page.locator("#decision-form")
    form.locator("input[name='decision'][value='attest']").check()
    form.locator("input[name='order_number']").fill("101-ОД")
    form.locator("button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == KAZAKH
    look_at(page, "keyboard-decision-confirm-kk", folder="attestation")
    page.locator("button[name='confirmed']").click()  # the confirmation page
    page.wait_for_load_state()
    assert page.locator("[data-state]").get_attribute("data-state") == "attested"
    attestation.refresh_from_db()
    assert attestation.decision_figures["total"]["positive"] == 38

    # The organization's representative downloads the order and the conclusion from the case
    # page; an anonymous visitor with the order's number and date learns its status.
    _log_in(context, base, world.representative)
    page.goto(base + attestation.get_absolute_url())
    links = page.locator("[data-issued-documents] a[data-download]")
    assert links.count() >= 2
    with page.expect_download() as download:
        links.first.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    context.clear_cookies()
    order_day = timezone.localtime(attestation.decided_at).date()
    page.goto(
        base
        + reverse("verify_search")
        + f"?number={attestation.order_number}&date={order_day:%Y-%m-%d}"
    )
    assert page.locator("[data-result='found'] [data-status='valid']").first.is_visible()
