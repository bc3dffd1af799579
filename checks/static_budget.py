"""Static budget gate: the seed article arrives in one round trip, and nothing shifts.

- The seed article's HTML plus the CSS and JavaScript it loads before interaction
  (stylesheets, preloads, and every external script that is not `async`: classic, `defer`
  and module scripts), each compressed with gzip -9, add up to at most 14 KB (14 * 1024
  bytes, about what a server sends in its first round trip). The favicon is counted as a
  request but not in the bytes: browsers fetch it at low priority, after the page.
- No CSS file of the output (and no <style> element) uses `@import`, which chains requests.
- Every <img> on every page has width and height attributes (no layout shift).

The number of requests a browser really makes is measured by the browser-budget gate.
"""

import gzip
import re
from pathlib import Path

from checks.gate import GateResult
from checks.links import CSS_COMMENT, Site, detect_siteurl, parse_file

NAME = "static budget"
SEED_PAGE = "networking-an-opportunity-lost/index.html"
BUDGET_BYTES = 14 * 1024
IMPORT = re.compile(r"@import\b", re.I)
PRELOADED = {"style", "script"}


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def loads_early(rel: list[str], attributes: dict[str, str]) -> bool:
    """A <link> whose target the browser fetches before the page is interactive."""
    if "stylesheet" in rel:
        return "alternate" not in rel
    return "modulepreload" in rel or ("preload" in rel and attributes.get("as") in PRELOADED)


def critical_resources(elements) -> tuple[list[str], list[str]]:
    """(URLs loaded before interaction, icon URLs) from a page's elements."""
    loaded, icons = [], []
    for tag, attributes in elements:
        rel = attributes.get("rel", "").lower().split()
        href = attributes.get("href", "").strip()
        if tag == "link" and href and loads_early(rel, attributes):
            loaded.append(href)
        elif tag == "link" and href and "icon" in rel:
            icons.append(href)
        elif tag == "script" and attributes.get("src") and "async" not in attributes:
            loaded.append(attributes["src"].strip())
    return loaded, icons


def page_weight(site: Site, page: Path) -> tuple[int, int, list[str], list[str]]:
    """(gzip bytes, requests, what was counted, problems) for one page."""
    base = site.url_of(page)
    loaded, icons = critical_resources(parse_file(page).elements)
    total = gzipped_size(page)
    counted = [f"{page.relative_to(site.output).as_posix()} {total} B"]
    problems = []
    for url in dict.fromkeys(loaded):
        kind, relative, _ = site.classify(url, base)
        target = site.target(relative) if kind == "internal" else None
        if target is None:
            problems.append(f"{counted[0].split()[0]}: {url} is not a file of the site")
            continue
        size = gzipped_size(target)
        total += size
        counted.append(f"{target.relative_to(site.output).as_posix()} {size} B")
    return total, 1 + len(dict.fromkeys(loaded)) + len(set(icons)), counted, problems


def css_imports(output: Path, pages: list[Path]) -> list[str]:
    found = []
    for path in sorted(output.rglob("*.css")):
        if IMPORT.search(CSS_COMMENT.sub("", path.read_text(encoding="utf-8", errors="replace"))):
            found.append(f"{path.relative_to(output).as_posix()}: CSS @import")
    for page in pages:
        if any(IMPORT.search(CSS_COMMENT.sub("", style)) for style in parse_file(page).styles):
            found.append(f"{page.relative_to(output).as_posix()}: @import in a <style> element")
    return found


def unsized_images(output: Path, pages: list[Path]) -> tuple[int, list[str]]:
    count, found = 0, []
    for page in pages:
        for tag, attributes in parse_file(page).elements:
            if tag != "img":
                continue
            count += 1
            if not attributes.get("width", "").strip() or not attributes.get("height", "").strip():
                where = page.relative_to(output).as_posix()
                found.append(f"{where}: <img src={attributes.get('src', '')!r}> lacks width/height")
    return count, found


def run(output: Path, page: str = SEED_PAGE, budget: int = BUDGET_BYTES) -> GateResult:
    """Weigh `page` (relative to `output`) against `budget` gzip bytes, and check every
    CSS file for @import and every <img> for width and height."""
    output = Path(output)
    seed = output / page
    if not seed.is_file():
        return GateResult(NAME, False, "no page", [f"{page} not found in {output}"])
    site = Site(output, detect_siteurl(output))
    total, requests, counted, failures = page_weight(site, seed)
    if total > budget:
        failures.append(
            f"{page}: {total} B gzipped (HTML + CSS + JS before interaction) > {budget} B "
            f"budget: {', '.join(counted)}"
        )
    pages = sorted(output.rglob("*.html"))
    failures += css_imports(output, pages)
    images, unsized = unsized_images(output, pages)
    failures += unsized
    figure = (
        f"{page.removesuffix('index.html')}: {total:,} B gzip of {budget:,} "
        f"({requests} requests), {len(unsized)}/{images} img unsized, "
        f"{sum('@import' in f for f in failures)} @import"
    )
    return GateResult(NAME, not failures, figure, failures, counted)
