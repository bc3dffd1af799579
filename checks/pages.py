"""Which pages of a built site the gates look at, chosen from the build, never by name.

- every article page (its `og:type` is `article`): the static budget weighs each;
- for the browser gates: the home page, one page of every template kind (the theme marks
  each kind on <body class="page-...">), and the articles with the most images, tables,
  code blocks, videos and headings (the table of contents grows with them); of equals, one
  not chosen yet, so that as many articles as possible are seen. Redirect pages of old
  addresses are left out: they leave at once (the links gate follows them).

So the gates hold for content nobody wrote yet, and pass with any article deleted.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from checks.links import is_redirect_page, parse_file

_KIND = re.compile(r"\bpage-[\w-]+")


@dataclass(frozen=True)
class PageFacts:
    path: str  # site-relative URL path: "" for the home page, "x/" for x/index.html
    kind: str  # the first page-* class of <body>: page-article, page-tag...
    article: bool
    images: int
    tables: int
    code: int
    videos: int
    headings: int


def url_path(output: Path, page: Path) -> str:
    relative = page.relative_to(output).as_posix()
    return relative.removesuffix("index.html")


@cache
def _facts(output: Path, page: Path, mtime_ns: int) -> PageFacts:
    parsed = parse_file(page)
    elements = parsed.elements
    kind, article = "", False
    counts = {"img": 0, "table": 0, "pre": 0, "video": 0, "heading": 0}
    for tag, attributes in elements:
        if "data-video-src" in attributes:
            counts["video"] += 1
        if tag in {"h2", "h3"}:
            counts["heading"] += 1
        if tag == "body":
            match = _KIND.search(attributes.get("class", ""))
            kind = match.group(0) if match else ""
        elif tag == "meta" and attributes.get("property") == "og:type":
            article = attributes.get("content") == "article"
        elif tag in counts:
            counts[tag] += 1
    if is_redirect_page(parsed):  # it leaves at once: nothing to look at
        kind = ""
    return PageFacts(url_path(output, page), kind, article, *counts.values())


def facts(output: Path) -> list[PageFacts]:
    """What every HTML page of the site is (in path order)."""
    pages = sorted(output.rglob("*.html"))
    return [_facts(output, page, page.stat().st_mtime_ns) for page in pages]


def article_pages(output: Path) -> list[str]:
    return [page.path for page in facts(output) if page.article]


def browser_pages(output: Path) -> list[str]:
    """The home page, one page of each template kind, and the heaviest articles."""
    known = facts(output)
    chosen = ["" if (output / "index.html").is_file() else None]
    kinds: dict[str, str] = {}
    for page in known:
        if page.kind and page.kind not in kinds:
            kinds[page.kind] = page.path
    chosen += list(kinds.values())
    articles = [page for page in known if page.article]
    for measure in ("images", "tables", "code", "videos", "headings"):
        most = max((getattr(page, measure) for page in articles), default=0)
        if most:
            equals = [page.path for page in articles if getattr(page, measure) == most]
            chosen.append(next((path for path in equals if path not in chosen), equals[0]))
    return list(dict.fromkeys(path for path in chosen if path is not None))
