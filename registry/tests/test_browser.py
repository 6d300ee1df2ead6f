"""In Chromium: a staff member logs in with the second factor, switches to Kazakh, finds an
organization by its BIN and sees its Kazakh name; a new staff member sets up TOTP; an admin
reaches the admin site through the same login."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp

from registry.models import Region
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    RegionFactory,
    admin_user,
    staff_of,
    totp_code,
    with_totp,
)

# Each test asks for the live server before the page, so the session's server starts before the
# session's browser and stops after it: no keep-alive connection outlives the server's database.
pytestmark = [pytest.mark.browser]


@pytest.fixture
def registry_data(portal_live_server):
    country = RegionFactory(kind=Region.Kind.COUNTRY, name_kk="Қазақстан", name_ru="Казахстан")
    region = RegionFactory(parent=country, name_kk="Алматы қаласы", name_ru="город Алматы")
    authority = AuthorityFactory(jurisdiction=region)
    organization = OrganizationFactory(
        region=region,
        name_kk="«Абай атындағы № 12 мектеп-гимназиясы» КММ",
        name_ru="КГУ «Школа-гимназия № 12 имени Абая»",
        name_en="Abai School-Gymnasium No. 12",
    )
    OrganizationFactory.create_batch(3, region=region)
    staff = staff_of(authority, full_name="Ерлан Мұқанов")
    device = with_totp(staff)
    return organization, staff, device


def test_staff_logs_in_with_totp_switches_to_kazakh_and_finds_an_organization_by_bin(
    portal_live_server, page, registry_data, tmp_path
):
    organization, staff, device = registry_data
    base = portal_live_server.url

    page.goto(base + reverse("dashboard"))
    # Not logged in: the dashboard sends us to the login page.
    page.wait_for_url(re.compile(r"/account/login/"))
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(staff.email)
    page.locator("input[name='auth-password']").fill("correct-horse-battery")
    page.locator("main form button[type='submit']").first.click()

    token = page.locator("input[name='token-otp_token']")
    token.wait_for()
    token.fill(totp_code(device))
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert staff.full_name in page.locator("header").inner_text()

    page.locator("button[data-language='kk']").click()
    page.wait_for_function("document.documentElement.lang === 'kk'")

    page.goto(base + reverse("home"))
    # Keyboard users meet the skip link first, and it takes them to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'")
    page.locator("input[name='q']").fill(organization.bin)
    page.locator("form[role='search'] button[type='submit']").click()
    page.wait_for_url(re.compile(r"\?q=" + organization.bin))
    result = page.get_by_role("link", name=organization.name_kk)
    assert result.count() == 1
    result.click()

    page.wait_for_url(re.compile(rf"/organizations/{organization.bin}/$"))
    heading = page.locator("h1")
    assert heading.inner_text().strip() == organization.name_kk
    assert page.locator("html").get_attribute("lang") == "kk"

    # The stylesheets were served: the header carries the portal's colour, not the default.
    header_colour = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(11, 58, 110)"
    page.screenshot(path=str(tmp_path / "organization-kk.png"), full_page=True)
    assert (tmp_path / "organization-kk.png").stat().st_size > 0


def test_staff_without_a_device_sets_up_totp_in_the_browser_and_reaches_the_dashboard(
    portal_live_server, page
):
    staff = staff_of(AuthorityFactory())
    base = portal_live_server.url

    page.goto(base + reverse("two_factor:login"))
    page.locator("input[name='auth-username']").fill(staff.email)
    page.locator("input[name='auth-password']").fill("correct-horse-battery")
    page.locator("main form button[type='submit']").first.click()
    # The middleware sends staff without a device to set one up.
    page.wait_for_url(re.compile(r"/account/two_factor/setup/$"))
    page.locator("main form button[type='submit']").first.click()  # past the welcome step

    secret = page.locator("main code").inner_text().strip()
    # The QR code (an SVG from the portal itself) loads under the Content-Security-Policy.
    page.wait_for_function(
        "() => { const img = document.querySelector('.portal-qr img');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    page.locator("input[name='generator-token']").fill(f"{totp(b32decode(secret)):06d}")
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_url(re.compile(r"/account/two_factor/setup/complete/$"))
    page.locator("main a[href='/dashboard/']").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    assert page.locator("h1").count() == 1


def test_admin_reaches_the_admin_site_through_the_two_factor_login(portal_live_server, page):
    admin = admin_user()
    device = with_totp(admin)
    base = portal_live_server.url

    page.goto(base + reverse("admin:index"))
    page.wait_for_url(re.compile(r"/account/login/"))
    page.locator("input[name='auth-username']").fill(admin.email)
    page.locator("input[name='auth-password']").fill("correct-horse-battery")
    page.locator("main form button[type='submit']").first.click()
    page.locator("input[name='token-otp_token']").fill(totp_code(device))
    page.locator("main form button[type='submit']").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("#site-name, #content").count() > 0
