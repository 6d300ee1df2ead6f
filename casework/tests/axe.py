"""axe-core in the browser tests: a page must have no violation of WCAG 2.1 A and AA. The axe
script comes with the axe-playwright-python package (nothing is fetched at run time) and is
evaluated through the DevTools protocol, which the pages' CSP does not govern."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

_axe = Axe()


def assert_accessible(page, where: str = "") -> None:
    results = _axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{where or page.url}:\n{results.generate_report()}"
