"""Browser request budget: every page the browser gates look at (checks/pages.py: the home
page, one page of each template kind, the articles with the most images, tables and code),
opened on a phone (375 px wide, twice the density) and left alone until the network is
idle:

- makes at most 4 requests besides images (the HTML, the CSS, at most one script, the
  favicon), and at most one of them a script;
- makes none to any other origin;
- shows images above the fold (those in the first screen, as the browser picked them from
  srcset and <picture>) that weigh at most 150 KB together.

Every request is counted, in order, before any interaction; a failure lists them all.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from checks import browser
from checks.gate import GateResult
from checks.pages import browser_pages

NAME = "browser budget"
MAX_REQUESTS = 4
MAX_SCRIPTS = 1
IMAGE_BUDGET_BYTES = 150 * 1024
PHONE = {"viewport": {"width": 375, "height": 800}, "device_scale_factor": 2}
SCRIPTS = (
    "() => performance.getEntriesByType('resource')"
    ".filter((e) => e.initiatorType === 'script' || /\\.m?js(\\?|$)/.test(e.name))"
    ".map((e) => e.name)"
)
ABOVE_THE_FOLD = """() => [...document.images]
  .filter((img) => img.currentSrc && img.getBoundingClientRect().top < innerHeight
    && img.getBoundingClientRect().bottom > 0)
  .map((img) => img.currentSrc)"""


@dataclass
class PageView:
    path: str
    requests: list[str]
    images: list[str]
    scripts: list[str]
    third_party: list[str]
    first_screen: list[tuple[str, int]] = field(default_factory=list)

    @property
    def other_requests(self) -> list[str]:
        return [url for url in self.requests if url not in set(self.images)]


def run(output: Path, pages: list[str] | None = None) -> GateResult:
    """Open `pages` (paths relative to the site root; default: checks.pages.browser_pages)."""
    reason = browser.missing()
    if reason:
        return browser.unavailable(NAME, reason)
    output = Path(output)
    pages = browser_pages(output) if pages is None else pages
    problems = browser.absent_pages(output, pages)
    if problems:
        return GateResult(NAME, False, "pages missing", problems)
    started = time.monotonic()
    with browser.served(output) as base_url, browser.launched() as chromium:
        router = browser.Router(output, base_url, browser.public_origin(output))
        context = browser.new_context(chromium, router, **PHONE)
        try:
            tab = context.new_page()
            views = [view_page(tab, router, output, path) for path in pages]
        finally:
            context.close()
    return verdict(views, time.monotonic() - started)


def view_page(tab, router: browser.Router, output: Path, path: str) -> PageView:
    router.clear()
    tab.goto(f"{router.site_url}/{path}", wait_until="networkidle")
    browser.wait_for_scripts(tab)
    first_screen = []
    for url in dict.fromkeys(tab.evaluate(ABOVE_THE_FOLD)):
        local = browser.local_file(output, url) if router.is_own(url) else None
        first_screen.append((url, local.stat().st_size if local else 0))
    return PageView(
        path,
        list(router.requests),
        list(router.images),
        tab.evaluate(SCRIPTS),
        router.third_party(),
        first_screen,
    )


def page_failures(view: PageView) -> list[str]:
    where = f"/{view.path}"
    failures = []
    others = view.other_requests
    if len(others) > MAX_REQUESTS:
        failures.append(f"{where}: {len(others)} requests besides images, budget {MAX_REQUESTS}:")
        failures += [f"  {url}" for url in others]
    if len(view.scripts) > MAX_SCRIPTS:
        listed = ", ".join(view.scripts)
        failures.append(f"{where}: {len(view.scripts)} scripts, budget {MAX_SCRIPTS}: {listed}")
    failures += [f"{where}: third-party request: {url}" for url in view.third_party]
    weight = sum(size for _, size in view.first_screen)
    if weight > IMAGE_BUDGET_BYTES:
        listed = ", ".join(f"{url} {size} B" for url, size in view.first_screen)
        failures.append(
            f"{where}: images above the fold weigh {weight} B > {IMAGE_BUDGET_BYTES} B: {listed}"
        )
    return failures


def verdict(views: list[PageView], seconds: float) -> GateResult:
    failures = [failure for view in views for failure in page_failures(view)]
    busiest = max(views, key=lambda view: len(view.other_requests))
    heaviest = max(views, key=lambda view: sum(size for _, size in view.first_screen))
    third = sum(len(view.third_party) for view in views)
    figure = (
        f"{len(views)} pages, at most {len(busiest.other_requests)} requests besides images "
        f"(/{busiest.path}), {third} third-party, heaviest first screen "
        f"{sum(size for _, size in heaviest.first_screen):,} B (/{heaviest.path}) "
        f"({seconds:.1f} s)"
    )
    details = [f"request: /{view.path} {url}" for view in views for url in view.requests]
    return GateResult(NAME, not failures, figure, failures, details)
