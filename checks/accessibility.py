"""Accessibility gate: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds no violation on the
pages the browser gates look at (checks/pages.py: the home page, one page of each template
kind, the articles with the most images, tables and code), in light and dark, on a phone and
a desktop width.

Each page is opened in headless Chromium from a local server, after site.js has run, and
axe runs on the whole document. A failure names the page, scheme, width, rule and element.
"""

import time
from pathlib import Path

from checks import browser
from checks.gate import GateResult
from checks.pages import browser_pages

NAME = "accessibility"
SCHEMES = ["light", "dark"]
WIDTHS = [375, 1280]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Argument: {tags, within}: axe's rule tags, and a selector to check only that part (null:
# the whole document).
AXE_RUN = """async ({tags, within}) => {
  const result = await axe.run(within || document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def run(output: Path, pages: list[str] | None = None) -> GateResult:
    """Run axe on `pages` (paths relative to the site root; default: browser_pages)."""
    reason = browser.missing(need_axe=True)
    if reason:
        return browser.unavailable(NAME, reason)
    output = Path(output)
    pages = browser_pages(output) if pages is None else pages
    problems = browser.absent_pages(output, pages)
    if problems:
        return GateResult(NAME, False, "pages missing", problems)
    started = time.monotonic()
    failures: list[str] = []
    views = 0
    with browser.served(output) as base_url, browser.launched() as chromium:
        for scheme in SCHEMES:
            for width in WIDTHS:
                router = browser.Router(output, base_url, browser.public_origin(output))
                context = browser.new_context(
                    chromium, router, color_scheme=scheme, viewport={"width": width, "height": 800}
                )
                # Before the page's own scripts, by the browser: the page's CSP would
                # refuse a script tag added to it.
                context.add_init_script(path=str(browser.AXE))
                try:
                    page = context.new_page()
                    for path in pages:
                        url = f"{router.site_url}/{path}"
                        failures += check_page(page, url, path, scheme, width)
                        views += 1
                finally:
                    context.close()
    seconds = time.monotonic() - started
    figure = f"{views} page views, {len(failures)} violations ({seconds:.1f} s)"
    return GateResult(NAME, not failures, figure, failures)


def check_page(page, url: str, path: str, scheme: str, width: int) -> list[str]:
    """axe's violations on one page view, one line per rule and element."""
    page.goto(url, wait_until="load")
    browser.wait_for_scripts(page)
    found = page.evaluate(AXE_RUN, {"tags": TAGS, "within": None})
    where = f"/{path} [{scheme}, {width}px]"
    return [
        f"{where} {violation['id']} ({violation['impact']}: {violation['help']}): {target}"
        for violation in found
        for target in violation["targets"]
    ]
