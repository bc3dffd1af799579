"""Links gate: every internal link of the built site resolves, and every page is reachable.

Checked: href, src and srcset of every HTML file, the Open Graph / Twitter image and URL,
`url()` in every CSS file, the `<link>`s, images and the links inside the entries of
every feed (Atom, RSS and JSON Feed) that point at the site, and every `<loc>` of
sitemap.xml. A link is internal when it is relative or when it starts with the site's own
address (SITEURL: publish builds use absolute URLs). Pretty URLs resolve to their
index.html; a `#fragment` must name an `id` (or an `<a name>`) in the target page. Every
HTML page, except 404.html, drafts/ and pagefind/, must be reachable from the home page by
following internal links.

Old addresses (the redirects plugin): a redirect page (`<meta http-equiv="refresh">`)
need not be reachable, but the address it refreshes to must resolve, as must the target
of every line of `_redirects`: a redirect that lands nowhere fails the gate.

External links are listed in the result's details, never fetched.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from checks.feed_urls import feed_urls
from checks.gate import GateResult

NAME = "links"
# The origin relative links are resolved against when the site has no absolute SITEURL.
PLACEHOLDER_ORIGIN = "http://site.invalid"
NOT_CHECKED_SCHEMES = {"mailto", "tel", "javascript", "data", "about", "blob", "sms"}
URL_ATTRIBUTES = {"href", "src", "poster", "action", "data"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
META_URLS = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
NOT_REQUIRED_REACHABLE = ("404.html", "drafts/", "pagefind/")
# Known orphans of the current theme, exempt from reachability but named in the figure and
# the details of every run: nothing links to the authors list or to the month archives
# (the year archive lists the articles themselves). Remove an entry once the theme links
# the page (or the settings stop generating it).
EXEMPT_UNREACHABLE: tuple[re.Pattern, ...] = ()  # every page must be reachable
CSS_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.S)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


# --- HTML ------------------------------------------------------------------------------------


@dataclass
class ParsedPage:
    """What the gates need from one HTML file: its elements (tag, attributes), its ids and
    the text of its <style> elements."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    styles: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.page.elements.append((tag, attributes))
        if "id" in attributes:
            self.page.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.page.ids.add(attributes["name"])
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.page.styles.append(data)


def parse_html(text: str) -> ParsedPage:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector.page


@cache
def _parse_file(path: Path, mtime_ns: int) -> ParsedPage:
    return parse_html(path.read_text(encoding="utf-8", errors="replace"))


def parse_file(path: Path) -> ParsedPage:
    """Parse an HTML file (cached while the file is unchanged)."""
    return _parse_file(path, path.stat().st_mtime_ns)


def page_urls(page: ParsedPage) -> list[str]:
    """Every URL an HTML page refers to (href, src, srcset candidates, og/twitter URLs)."""
    urls = []
    for tag, attributes in page.elements:
        for name, value in attributes.items():
            if name in URL_ATTRIBUTES and value.strip():
                if name == "data" and tag != "object":
                    continue
                urls.append(value.strip())
            elif name in SRCSET_ATTRIBUTES:
                urls += srcset_urls(value)
        if tag == "meta" and (attributes.get("property") or attributes.get("name")) in META_URLS:
            urls.append(attributes.get("content", "").strip())
        refresh = refresh_url(tag, attributes)
        if refresh is not None:
            urls.append(refresh)
    return [url for url in urls if url]


_REFRESH = re.compile(r"^\s*\d+\s*[;,]\s*url\s*=\s*(['\"]?)(?P<url>.*?)\1\s*$", re.I)


def refresh_url(tag: str, attributes: dict[str, str]) -> str | None:
    """The address a `<meta http-equiv="refresh" content="0; url=...">` moves to."""
    if tag != "meta" or attributes.get("http-equiv", "").lower() != "refresh":
        return None
    match = _REFRESH.match(attributes.get("content", ""))
    return match.group("url").strip() if match else ""


def is_redirect_page(page: ParsedPage) -> bool:
    return any(refresh_url(tag, attributes) for tag, attributes in page.elements)


def srcset_urls(srcset: str) -> list[str]:
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def css_urls(text: str) -> list[str]:
    text = CSS_COMMENT.sub("", text)
    urls = [match.group(2).strip() for match in CSS_URL.finditer(text)]
    urls += re.findall(r"""@import\s+["']([^"']+)["']""", text)
    return [url for url in urls if url]


# --- The site's address and its files --------------------------------------------------------


def detect_siteurl(output: Path) -> str:
    """SITEURL of a build: from the home page's canonical link, else sitemap.xml's shortest
    <loc>; "" when the site uses root-relative URLs (development builds)."""
    index = output / "index.html"
    if index.is_file():
        for tag, attributes in parse_file(index).elements:
            if tag == "link" and "canonical" in attributes.get("rel", "").split():
                href = attributes.get("href", "")
                if urlsplit(href).scheme in {"http", "https"}:
                    return href.rstrip("/")
    sitemap = output / "sitemap.xml"
    if sitemap.is_file():
        try:
            locs = sitemap_locs(sitemap)
        except ET.ParseError:
            locs = []
        absolute = [loc for loc in locs if urlsplit(loc).scheme in {"http", "https"}]
        if absolute:
            return min(absolute, key=len).rstrip("/")
    return ""


def sitemap_locs(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [(loc.text or "").strip() for loc in root.iter() if loc.tag.endswith("}loc")]


@dataclass
class Site:
    """A built site at `output`, published at `siteurl` ("" for root-relative builds)."""

    output: Path
    siteurl: str

    def __post_init__(self) -> None:
        base = urlsplit(self.siteurl or PLACEHOLDER_ORIGIN)
        self.host = base.netloc.lower()
        self.base_path = base.path.rstrip("/") + "/"
        self.root_url = f"{base.scheme}://{base.netloc}{self.base_path}"

    def url_of(self, path: Path) -> str:
        """The absolute URL a file of the output is served at (index.html as its folder)."""
        relative = path.relative_to(self.output).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return self.root_url + relative

    def classify(self, url: str, base: str) -> tuple[str, str, str]:
        """("internal", site-relative path, fragment), ("external", url, "") or ("other"...)."""
        parts = urlsplit(url)
        if parts.scheme and parts.scheme.lower() not in {"http", "https"}:
            return "other", url, ""
        absolute = urlsplit(urljoin(base, url))
        if absolute.netloc.lower() != self.host:
            return "external", url, ""
        path = unquote(absolute.path)
        if not (path + "/").startswith(self.base_path):
            return "internal", "\0outside " + path, absolute.fragment
        return "internal", path[len(self.base_path) :], unquote(absolute.fragment)

    def target(self, relative: str) -> Path | None:
        """The file a site-relative path is served from (pretty URLs: folder/index.html)."""
        if relative.startswith("\0"):
            return None
        candidate = self.output / relative
        try:
            candidate.resolve().relative_to(self.output.resolve())
        except ValueError:
            return None
        if relative.endswith("/") or relative == "" or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


# --- The gate ---------------------------------------------------------------------------


@dataclass
class _Tally:
    failures: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)
    checked: int = 0
    edges: dict[Path, set[Path]] = field(default_factory=dict)


def check_url(site: Site, tally: _Tally, url: str, base: str, source: str) -> Path | None:
    """Check one URL found in `source` (a file name, for messages); the target file if it
    is an internal link that resolves."""
    kind, value, fragment = site.classify(url, base)
    if kind == "external":
        tally.external.add(value)
        return None
    if kind == "other":
        return None
    tally.checked += 1
    target = site.target(value)
    if target is None:
        tally.failures.append(f"{source}: broken link {url}")
        return None
    if (
        fragment
        and fragment != "top"
        and target.suffix == ".html"
        and fragment not in parse_file(target).ids
    ):
        where = target.relative_to(site.output).as_posix()
        tally.failures.append(f"{source}: {url}: no id {fragment!r} in {where}")
    return target


def check_html(site: Site, tally: _Tally, path: Path) -> None:
    source = path.relative_to(site.output).as_posix()
    base = site.url_of(path)
    page = parse_file(path)
    edges = tally.edges.setdefault(path, set())
    for url in page_urls(page):
        target = check_url(site, tally, url, base, source)
        if target is not None and target.suffix == ".html":
            edges.add(target)
    for style in page.styles:
        for url in css_urls(style):
            check_url(site, tally, url, base, source)


def check_css(site: Site, tally: _Tally, path: Path) -> None:
    source = path.relative_to(site.output).as_posix()
    base = site.url_of(path)
    for url in css_urls(path.read_text(encoding="utf-8", errors="replace")):
        check_url(site, tally, url, base, source)


def _html_urls(text: str) -> list[str]:
    return page_urls(parse_html(text))


def check_feeds(site: Site, tally: _Tally) -> int:
    folder = site.output / "feeds"
    feeds = sorted([*folder.rglob("*.xml"), *folder.rglob("*.json")]) if folder.is_dir() else []
    for path in feeds:
        source = path.relative_to(site.output).as_posix()
        try:
            urls = feed_urls(path, _html_urls)
        except ET.ParseError as error:
            tally.failures.append(f"{source}: not well-formed XML ({error}); links not checked")
            continue
        except (ValueError, AttributeError, TypeError) as error:  # not JSON, or not a feed
            tally.failures.append(f"{source}: not a JSON Feed ({error}); links not checked")
            continue
        for url in urls:
            check_url(site, tally, url, site.url_of(path), source)
    return len(feeds)


def check_sitemap(site: Site, tally: _Tally) -> int:
    path = site.output / "sitemap.xml"
    if not path.is_file():
        return 0
    try:
        locs = sitemap_locs(path)
    except ET.ParseError as error:
        tally.failures.append(f"sitemap.xml: not well-formed XML ({error})")
        return 0
    for loc in locs:
        if site.classify(loc, site.root_url)[0] != "internal":
            tally.failures.append(f"sitemap.xml: <loc> {loc} is not on the site {site.root_url}")
        else:
            check_url(site, tally, loc, site.root_url, "sitemap.xml")
    return len(locs)


def check_redirects_file(site: Site, tally: _Tally) -> int:
    """Every target of `_redirects` (`/old [query] /new 301`) resolves; how many lines."""
    path = site.output / "_redirects"
    if not path.is_file():
        return 0
    count = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        count += 1
        target = words[-2] if len(words) >= 3 and words[-1].isdigit() else words[-1]
        check_url(site, tally, target, site.root_url, f"_redirects:{number}")
    return count


def unreachable(site: Site, tally: _Tally, pages: list[Path]) -> list[Path]:
    home = site.output / "index.html"
    seen = {home}
    todo = [home]
    while todo:
        for target in tally.edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    required = [
        page
        for page in pages
        if not page.relative_to(site.output).as_posix().startswith(NOT_REQUIRED_REACHABLE)
        and not is_redirect_page(parse_file(page))
    ]
    return [page for page in required if page not in seen]


def run(output: Path, siteurl: str | None = None) -> GateResult:
    """Check the links of the site built in `output`, published at `siteurl` (default: read
    from the build's home page canonical link or sitemap.xml)."""
    output = Path(output)
    if not (output / "index.html").is_file():
        return GateResult(NAME, False, "no site", [f"{output}/index.html not found"])
    site = Site(output, detect_siteurl(output) if siteurl is None else siteurl.rstrip("/"))
    tally = _Tally()
    pages = sorted(output.rglob("*.html"))
    for path in pages:
        check_html(site, tally, path)
    for path in sorted(output.rglob("*.css")):
        check_css(site, tally, path)
    feeds = check_feeds(site, tally)
    locs = check_sitemap(site, tally)
    moved = check_redirects_file(site, tally)
    exempt = []
    for page in unreachable(site, tally, pages):
        relative = page.relative_to(output).as_posix()
        if any(pattern.match(relative) for pattern in EXEMPT_UNREACHABLE):
            exempt.append(relative)
        else:
            tally.failures.append(f"{relative}: not reachable from the home page")
    figure = (
        f"{len(pages)} pages, {tally.checked} internal links ({feeds} feeds, {locs} sitemap "
        f"URLs, {moved} redirects), {len(tally.failures)} problems, "
        f"{len(tally.external)} external (not fetched)"
    )
    if exempt:
        figure += f", {len(exempt)} known orphans ({', '.join(exempt)})"
    details = [f"known orphan, not linked from any page: {page}" for page in exempt]
    details += [f"external: {url}" for url in sorted(tally.external)]
    return GateResult(NAME, not tally.failures, figure, tally.failures, details)
