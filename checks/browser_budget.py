"""Browser request budget: the seed article, opened on a phone (375 px) and left alone until
the network is idle, makes at most 4 requests (the HTML, the CSS, at most one script, the
favicon) and none to any other origin.

Every request is counted, in order, before any interaction; a failure lists them all.
"""

import time
from pathlib import Path

from checks import browser
from checks.gate import GateResult

NAME = "browser budget"
PAGE = "networking-an-opportunity-lost/"
MAX_REQUESTS = 4
MAX_SCRIPTS = 1


def run(output: Path, page_path: str = PAGE) -> GateResult:
    reason = browser.missing()
    if reason:
        return browser.unavailable(NAME, reason)
    if browser.local_file(output, "/" + page_path) is None:
        return GateResult(NAME, False, "page missing", [f"/{page_path}: not in {output}"])
    started = time.monotonic()
    with browser.served(output) as base_url, browser.launched() as chromium:
        router = browser.Router(output, base_url, browser.public_origin(output))
        context = browser.new_context(chromium, router, viewport={"width": 375, "height": 800})
        try:
            page = context.new_page()
            page.goto(f"{base_url}/{page_path}", wait_until="networkidle")
            browser.wait_for_scripts(page)
            requests = list(router.requests)
            scripts = page.evaluate(
                "() => performance.getEntriesByType('resource')"
                ".filter((e) => e.initiatorType === 'script' || /\\.m?js(\\?|$)/.test(e.name))"
                ".map((e) => e.name)"
            )
            third_party = router.third_party()
        finally:
            context.close()
    return verdict(requests, scripts, third_party, time.monotonic() - started)


def verdict(
    requests: list[str], scripts: list[str], third_party: list[str], seconds: float
) -> GateResult:
    failures = []
    if len(requests) > MAX_REQUESTS:
        failures.append(f"{len(requests)} requests, budget {MAX_REQUESTS}:")
        failures += [f"  {url}" for url in requests]
    if len(scripts) > MAX_SCRIPTS:
        failures.append(f"{len(scripts)} scripts, budget {MAX_SCRIPTS}: {', '.join(scripts)}")
    failures += [f"third-party request: {url}" for url in third_party]
    figure = f"{len(requests)} requests, {len(third_party)} third-party ({seconds:.1f} s)"
    details = [f"request: {url}" for url in requests]
    return GateResult(NAME, not failures, figure, failures, details)
