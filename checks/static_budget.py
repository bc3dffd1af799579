"""Static budget gate: every article arrives in one round trip, its first images stay small,
and nothing shifts.

- Every article page (checks/pages.py: its `og:type` is `article`): its HTML plus the CSS
  and JavaScript it loads before interaction (stylesheets, preloads, and every external
  script that is not `async`), each compressed with gzip -9, add up to at most 14 KB (14 *
  1024 bytes, about what a server sends in its first round trip). The favicon is counted
  as a request but not in the bytes: browsers fetch it at low priority, after the page.
- Its images that load at once (without `loading="lazy"`: the cover, or the first image)
  weigh at most 150 KB on a phone: 375 CSS px at twice the density, so the candidate of
  each <picture>'s first source (AVIF) or srcset at least 750 px wide is what is counted.
- No CSS file of the output (and no <style> element) uses `@import`, which chains requests.
- Every <img> on every page has width and height attributes (no layout shift).

The report names the heaviest article page. What a browser really requests is measured by
the browser-budget gate on the pages it chooses.
"""

import gzip
import re
from pathlib import Path

from checks.gate import GateResult
from checks.links import CSS_COMMENT, Site, detect_siteurl, parse_file, srcset_urls
from checks.pages import article_pages

NAME = "static budget"
BUDGET_BYTES = 14 * 1024
IMAGE_BUDGET_BYTES = 150 * 1024
PHONE_PIXELS = 375 * 2  # a 375 px wide phone screen at twice the density
IMPORT = re.compile(r"@import\b", re.I)
PRELOADED = {"style", "script"}
_CANDIDATE = re.compile(r"^\s*(?P<url>\S+)\s+(?P<width>\d+)w\s*$")


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
        target = _local(site, url, base)
        if target is None:
            problems.append(f"{counted[0].split()[0]}: {url} is not a file of the site")
            continue
        size = gzipped_size(target)
        total += size
        counted.append(f"{target.relative_to(site.output).as_posix()} {size} B")
    return total, 1 + len(dict.fromkeys(loaded)) + len(set(icons)), counted, problems


def _local(site: Site, url: str, base: str) -> Path | None:
    kind, relative, _ = site.classify(url, base)
    return site.target(relative) if kind == "internal" else None


def first_images(site: Site, page: Path) -> list[tuple[str, int]]:
    """(URL, bytes) of each image of `page` that loads at once, as a phone picks it."""
    base = site.url_of(page)
    found, source = [], None
    for tag, attributes in parse_file(page).elements:
        if tag == "source" and source is None:
            source = attributes.get("srcset", "")
        elif tag == "picture":
            source = None
        elif tag == "img":
            if attributes.get("loading", "").lower() != "lazy":
                url = _phone_candidate(source or attributes.get("srcset", ""))
                url = url or attributes.get("src", "")
                target = _local(site, url, base)
                found.append((url, target.stat().st_size if target else 0))
            source = None
    return found


def _phone_candidate(srcset: str) -> str:
    """The smallest candidate at least PHONE_PIXELS wide (or the widest there is)."""
    candidates = []
    for candidate in srcset.split(","):
        match = _CANDIDATE.match(candidate)
        if match:
            candidates.append((int(match["width"]), match["url"]))
    if not candidates:
        urls = srcset_urls(srcset)
        return urls[0] if urls else ""
    wide = [item for item in sorted(candidates) if item[0] >= PHONE_PIXELS]
    return (wide[0] if wide else max(candidates))[1]


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


def weigh_articles(
    site: Site, budget: int
) -> tuple[list[str], list[tuple[int, str, int]], list[str]]:
    """Failures, (bytes, page, requests) of every article page, and what was counted."""
    failures, weights, details = [], [], []
    for path in article_pages(site.output):
        page = site.output / path
        page = page if path.endswith(".html") else page / "index.html"
        total, requests, counted, problems = page_weight(site, page)
        failures += problems
        weights.append((total, path, requests))
        details.append(f"/{path}: {total} B gzip: {', '.join(counted)}")
        if total > budget:
            failures.append(
                f"{page.relative_to(site.output).as_posix()}: {total} B gzipped (HTML + CSS + "
                f"JS before interaction) > {budget} B budget: {', '.join(counted)}"
            )
        images = first_images(site, page)
        if sum(size for _, size in images) > IMAGE_BUDGET_BYTES:
            listed = ", ".join(f"{url} {size} B" for url, size in images)
            failures.append(
                f"/{path}: images loaded at once weigh more than {IMAGE_BUDGET_BYTES} B on a "
                f"phone: {listed}"
            )
    return failures, weights, details


def run(output: Path, budget: int = BUDGET_BYTES) -> GateResult:
    """Weigh every article page of `output` against `budget` gzip bytes, and check every
    CSS file for @import and every <img> for width and height."""
    output = Path(output)
    site = Site(output, detect_siteurl(output))
    failures, weights, details = weigh_articles(site, budget)
    if not weights:
        failures.append(f"no article page in {output} (none has og:type article)")
    pages = sorted(output.rglob("*.html"))
    failures += css_imports(output, pages)
    images, unsized = unsized_images(output, pages)
    failures += unsized
    heaviest = max(weights, default=(0, "", 0))
    figure = (
        f"{len(weights)} articles, heaviest /{heaviest[1]}: {heaviest[0]:,} B gzip of "
        f"{budget:,} ({heaviest[2]} requests), {len(unsized)}/{images} img unsized, "
        f"{sum('@import' in f for f in failures)} @import"
    )
    return GateResult(NAME, not failures, figure, failures, details)
