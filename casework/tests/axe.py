"""axe-core in the browser tests: a page must have no violation of WCAG 2.1 A and AA. The axe
script comes with the axe-playwright-python package (nothing is fetched at run time) and is
evaluated through the DevTools protocol, which the pages' CSP does not govern."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

_axe = Axe()


def assert_accessible(page, where: str = "") -> None:
    results = _axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{where or page.url}:\n{results.generate_report()}"


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = (390, 1440)


def look_at(page, where: str, *, folder: str, widths=WIDTHS) -> None:
    """Look at the page as its users do, at a phone's and a desktop's width: no violation of
    WCAG 2.1 A/AA, nothing that scrolls the page sideways, and a full-page screenshot kept in
    var/screenshots/<folder>/ for people to look at. The viewport is put back afterwards."""
    before = page.viewport_size
    target = SCREENSHOTS / folder
    target.mkdir(parents=True, exist_ok=True)
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (
                f"{where} at {width} px scrolls sideways by {overflow} px; too wide: "
                + page.evaluate(_TOO_WIDE)
            )
            assert_accessible(page, f"{where} at {width} px")
            page.screenshot(path=str(target / f"{where}-{width}.png"), full_page=True)
    finally:
        if before:
            page.set_viewport_size(before)


# The innermost elements that reach past the right edge of the viewport, to name in a failure.
_TOO_WIDE = """
(() => {
  const edge = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(
    (el) => el.getBoundingClientRect().right > edge + 1 && el.children.length === 0
  );
  return wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 160)).join(" | ");
})()
"""
