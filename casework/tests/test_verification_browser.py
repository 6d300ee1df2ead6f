"""In Chromium: an anonymous visitor with a document's QR link reads the act's status in Kazakh
and Russian on a phone and a desktop, downloads the PDF in each language and checks a copy; a
visitor with only the number and date learns the status and gets no file. Screenshots are kept
in the test's folder for people to look at."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.tests.axe import assert_accessible
from casework.tests.files import issue_sample_document
from registry.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser]

WIDTHS = {"phone": 390, "desktop": 1440}


@pytest.fixture
def document(portal_live_server):
    from casework.tests.files import sample_application

    organization = OrganizationFactory(
        name_kk="«Абай атындағы № 12 мектеп-гимназиясы» КММ",
        name_ru="КГУ «Школа-гимназия № 12 имени Абая»",
    )
    return issue_sample_document(sample_application(organization=organization), language="kk")


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_visitor_with_the_qr_link_reads_the_status_and_downloads_the_pdf(
    portal_live_server, page, document, language, width, tmp_path
):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": portal_live_server.url}]
    )
    page.goto(
        portal_live_server.url + reverse("verify_document", args=[document.verification_code])
    )
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("[data-status='valid']").is_visible()
    holder = page.locator("[data-holder]").inner_text()
    assert holder == (
        "«Абай атындағы № 12 мектеп-гимназиясы» КММ"
        if language == "kk"
        else ("КГУ «Школа-гимназия № 12 имени Абая»")
    )
    # Nothing runs off the page at a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
    page.screenshot(path=str(tmp_path / f"verify-{language}-{width}.png"), full_page=True)
    assert_accessible(page, f"verification page, {language}, {width}")

    with page.expect_download() as download_info:
        page.locator(f"[data-renditions] a[data-language='{language}']").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # The downloaded copy checks out: checksum and seal.
    page.set_input_files(
        "input[type='file']",
        files=[{"name": "copy.pdf", "mimeType": "application/pdf", "buffer": pdf}],
    )
    page.locator("section[aria-labelledby='verify-file-title'] button[type='submit']").click()
    assert page.locator("[data-result='match']").is_visible()
    assert page.locator("[data-seal='valid']").is_visible()
    assert_accessible(page, f"verification result, {language}, {width}")


def test_a_visitor_with_number_and_date_gets_the_status_and_no_file(
    portal_live_server, page, document, tmp_path
):
    page.goto(portal_live_server.url + reverse("verify_search"))
    page.locator("input[name='number']").fill(document.number)
    page.locator("input[name='date']").fill(
        f"{timezone.localtime(document.issued_at).date():%Y-%m-%d}"
    )
    page.locator("main form button[type='submit']").click()
    page.wait_for_url(re.compile(r"number="))
    assert page.locator("[data-result='found'] [data-status='valid']").is_visible()
    assert page.locator("a[href*='/pdf/']").count() == 0
    assert document.verification_code not in page.content()
    page.screenshot(path=str(tmp_path / "verify-search.png"), full_page=True)
    assert_accessible(page, "search by number and date")


def test_axe_finds_a_violation_when_there_is_one(page):
    page.set_content('<html lang="en"><head><title>x</title></head><body><img src="a.png"></body>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, "an image without text")
