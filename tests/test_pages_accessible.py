"""In Chromium: the pages every role meets outside a procedure — the public registry, the login
and password pages, verification, the dashboard, the inbox, the account and the dossier — pass
axe (WCAG 2.1 A/AA) and fit a 390 px phone and a 1440 px screen, in Kazakh and in Russian, with
screenshots kept in var/screenshots/common/. Procedures check their own pages in their own
browser tests."""

import re

import pytest
from django.urls import reverse

from casework.models import Notification
from casework.tests.axe import look_at
from registry.models import Region
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    RegionFactory,
    applicant_for,
    staff_of,
    totp_code,
    with_totp,
)

pytestmark = [pytest.mark.browser]

PASSWORD = "correct-horse-battery"  # the factories'


@pytest.fixture
def people(portal_live_server):
    country = RegionFactory(kind=Region.Kind.COUNTRY, name_kk="Қазақстан", name_ru="Казахстан")
    region = RegionFactory(parent=country, name_kk="Алматы қаласы", name_ru="город Алматы")
    authority = AuthorityFactory(jurisdiction=region)
    organization = OrganizationFactory(region=region)
    OrganizationFactory.create_batch(3, region=region)
    applicant = applicant_for(organization, full_name="Әсел Нұрланқызы", language="kk")
    staff = staff_of(authority, full_name="Ерлан Мұқанов", language="ru")
    Notification.objects.create(
        recipient=applicant, template_key="sample", subject="Өтініш тіркелді", body="Мәтін"
    )
    return organization, applicant, staff


def _log_in(page, base, user, device=None):
    page.context.clear_cookies()
    page.goto(base + reverse("two_factor:login"))
    look_at(page, f"login-{user.language}", folder="common")
    page.get_by_label(re.compile("e-mail|пошта|почта", re.IGNORECASE)).fill(user.email)
    page.locator("input[name='auth-password']").fill(PASSWORD)
    page.locator("main form button[type='submit']").first.click()
    if device is not None:
        token = page.locator("input[name='token-otp_token']")
        token.wait_for()
        look_at(page, f"login-token-{user.language}", folder="common")
        token.fill(totp_code(device))
        page.locator("main form button[type='submit']").first.click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def _visit(page, base, name, url):
    page.goto(base + url)
    look_at(page, name, folder="common")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_public_pages_pass_axe_at_phone_and_desktop_widths(
    portal_live_server, people, page, language
):
    organization, _applicant, _staff = people
    base = portal_live_server.url
    page.goto(base + reverse("home"))
    page.locator(f"button[data-language='{language}']").click()
    page.wait_for_function(f"document.documentElement.lang === '{language}'")
    _visit(page, base, f"home-{language}", reverse("home"))
    _visit(page, base, f"search-{language}", reverse("home") + f"?q={organization.bin}")
    _visit(
        page,
        base,
        f"organization-{language}",
        reverse("organization_detail", args=[organization.bin]),
    )
    _visit(page, base, f"authorities-{language}", reverse("authority_list"))
    _visit(page, base, f"regions-{language}", reverse("region_list"))
    _visit(page, base, f"verify-{language}", reverse("verify_search"))
    _visit(
        page,
        base,
        f"verify-not-found-{language}",
        reverse("verify_search") + "?number=X-1&date=2026-01-01",
    )
    _visit(page, base, f"password-reset-{language}", reverse("password_reset"))
    _visit(page, base, f"not-found-{language}", "/no-such-page/")


def test_the_pages_of_a_logged_in_applicant_and_staff_member_pass_axe(
    portal_live_server, people, page
):
    organization, applicant, staff = people
    base = portal_live_server.url

    _log_in(page, base, applicant)  # in Kazakh, the applicant's language
    assert page.locator("html").get_attribute("lang") == "kk"
    look_at(page, "dashboard-applicant-kk", folder="common")
    _visit(page, base, "inbox-applicant-kk", reverse("inbox"))
    _visit(page, base, "profile-applicant-kk", reverse("account_profile"))
    _visit(
        page, base, "dossier-applicant-kk", reverse("organization_dossier", args=[organization.bin])
    )

    _log_in(page, base, staff, with_totp(staff))  # in Russian
    assert page.locator("html").get_attribute("lang") == "ru"
    look_at(page, "dashboard-staff-ru", folder="common")
    _visit(page, base, "security-staff-ru", reverse("two_factor:profile"))
    _visit(page, base, "dossier-staff-ru", reverse("organization_dossier", args=[organization.bin]))
