"""Hostile content (issue #7, part 1): what an author types stays text, in every output.

The fixture site is `tests/fixtures/hostile/content/` (articles, a page, a small PNG
cover); its titles, summaries, tags, categories, authors, series, cover alt text and
comment/CTA metadata carry `<script>`, `</script><!--`, quotes, `&amp;` and bare `&`,
backticks, `{{ 7*7 }}` and `{% raw %}`, right-to-left text and emoji, a 300-character
title and an empty body. Characters a text editor does not type are added by
tests/hostile_site.py: U+2028/U+2029 (legal everywhere, so built strictly) and a NUL
and other control characters (removed with a warning, see plugins/strict/sanitize.py).

Two builds, once per module, with the publish settings; every check runs on both:

- "strict": the committed fixture plus the U+2028 article, with `--fatal warnings`. Only
  the content lint is off (`-e STRICT_LINT=false`): the 300-character title and the
  missing summary of long-title.md are lint warnings, fatal in a strict build.
- "normalised": the same plus `tests/fixtures/hostile/normalised/` (a Slug that cannot be
  a URL) and the control-character article, built non-strict because each of those is
  fixed with a warning (fatal when strict: test_strict_build_stops_at_a_nul_character);
  the test asserts that these warnings, and nothing else, are what the build said.

Every expectation is read from the fixture's own source (`Key: value` lines), with the
documented normalisations applied by the test itself: control characters removed
(sanitize.py), whitespace collapsed where a value must be one line (share text,
descriptions, card text), code spans of a Markdown summary shown as their text.
"""

import gzip
import json
import re
import runpy
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup, Comment
from PIL import Image

from hostile_site import (
    CONTROL_BODY,
    CONTROL_CHARACTERS,
    FIXTURE,
    write_generated,
    write_hostile_site,
)
from sitebuild import PUBLISH_SITEURL, ROOT, Build, run_pelican

SITENAME = runpy.run_path(str(ROOT / "pelicanconf.py"))["SITENAME"]
OWN_SCRIPTS = ("js/site.js", "js/search.js")  # theme files, named by their content
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3986: the characters a URI may contain (anything else must be percent-encoded).
URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def documented(text: str) -> str:
    """What sanitize.py documents it keeps: no C0 control but tab and newline, no U+FFFE/F."""
    return "".join(
        char
        for char in text
        if not ((ord(char) < 0x20 and char not in "\t\n") or char in "\ufffe\uffff")
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


def markdown_text(text: str) -> str:
    """The text of the fixture's Markdown summaries: code spans shown as their content."""
    return re.sub(r"(`+)\s*(.+?)\s*\1(?!`)", r"\2", text)


@dataclass
class Source:
    """One fixture file as the author wrote it (control characters already removed)."""

    path: Path
    meta: dict[str, str]
    body: str

    @property
    def title(self) -> str:
        return self.meta["Title"]

    @property
    def is_page(self) -> bool:
        return self.path.parent.name == "pages"

    @property
    def tags(self) -> list[str]:
        return [tag.strip() for tag in self.meta.get("Tags", "").split(",") if tag.strip()]

    @property
    def description(self) -> str:
        summary = self.meta.get("Summary")
        return one_line(markdown_text(summary)) if summary is not None else one_line(self.body)


def read_source(path: Path) -> Source:
    # split("\n"), not splitlines(): U+2028 inside a value is not a line break.
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("") if "" in lines else len(lines)  # metadata, a blank line, the body
    meta = {}
    for line in lines[:end]:
        key, _, value = line.partition(":")
        meta[key] = documented(value.strip())
    return Source(path, meta, documented("\n".join(lines[end + 1 :]).strip()))


def _build(folder: Path, normalised: bool) -> tuple[Build, Path]:
    content = write_hostile_site(folder / "content", normalised)
    build = run_pelican(
        content,
        folder / "out",
        "publishconf.py",
        strict=not normalised,
        # false, not False: -e values are JSON. Lint off for long-title.md (see above).
        extra={"STRICT_LINT": "false", "CACHE_PATH": json.dumps(str(folder / "cache"))},
        env={"COLUMNS": "1000"},  # one log record per line
    )
    return build, content


@dataclass
class Site:
    build: Build
    content: Path
    normalised: bool

    @property
    def output(self) -> Path:
        return self.build.output

    def sources(self) -> list[Source]:
        return [read_source(path) for path in sorted(self.content.rglob("*.md"))]

    def articles(self) -> list[Source]:
        return [source for source in self.sources() if not source.is_page]

    def page_of(self, source: Source) -> BeautifulSoup:
        """The output page whose <h1> is the source's title: found means titled right."""
        for path in self.build.html_files():
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            heading = soup.select_one("article.entry h1")
            if heading is not None and heading.get_text() == source.title:
                return soup
        raise AssertionError(f"no page is titled {source.title!r} ({source.path.name})")


@pytest.fixture(scope="module", params=["strict", "normalised"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    normalised = request.param == "normalised"
    build, content = _build(tmp_path_factory.mktemp(request.param), normalised)
    assert build.returncode == 0, build.log
    return Site(build, content, normalised)


def _log_problems(log: str) -> list[str]:
    found = []
    for line in log.splitlines():
        record = re.match(
            r"^(?:\[[\d:]+\])?\s+(WARNING|ERROR|CRITICAL)\s+(.*?)\s+\S+\.py:\d+$", line
        )
        if record:
            found.append(record.group(2))
    return found


def _character_name(char: str) -> str:
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"


def test_the_build_says_only_what_it_fixed(site: Site) -> None:
    problems = _log_problems(site.build.log)
    if not site.normalised:
        assert problems == [], site.build.log
        return
    expected = []
    for field, value in CONTROL_CHARACTERS.items():
        removed = [char for char in value if documented(char) == ""]
        if removed:
            name = _character_name(removed[0])
            expected.append(f"content/control-characters.md: {field}: removed a {name} character")
    name = _character_name(next(char for char in CONTROL_BODY if not documented(char)))
    expected.append(f"content/control-characters.md: body: removed a {name} character")
    unsafe = read_source(FIXTURE / "normalised" / "unsafe-slug.md").meta["Slug"]
    slug_warnings = [p for p in problems if p.startswith("content/unsafe-slug.md: Slug: ")]
    assert len(slug_warnings) == 1, problems
    assert repr(unsafe) in slug_warnings[0]
    assert sorted(p for p in problems if p not in slug_warnings) == sorted(expected)


def test_strict_build_stops_at_a_nul_character(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    meta = {"Title": "A NUL\x00 here", "Date": "2024-05-01", "Summary": "A summary."}
    write_generated(content, "nul.md", meta, "Body.")
    build = run_pelican(content, tmp_path / "out", "publishconf.py", env={"COLUMNS": "1000"})
    assert build.returncode != 0
    assert _log_problems(build.log) == ["content/nul.md: Title: removed a NUL character"]
    assert "Traceback" not in build.log


def test_no_output_file_holds_a_character_xml_forbids(site: Site) -> None:
    for path in site.output.rglob("*"):
        if path.suffix in {".html", ".xml", ".txt"}:
            text = path.read_text(encoding="utf-8")
            assert documented(text) == text, path


def test_no_script_handler_or_dangerous_url_in_any_page(site: Site) -> None:
    own = {f"{PUBLISH_SITEURL}/{site.build.theme_file(name)}" for name in OWN_SCRIPTS}
    for path in site.build.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                assert not script.get("src"), path
                json.loads(script.string)
            else:
                assert script.get("src") in own, (path, str(script)[:200])
                assert not (script.string or "").strip(), path
                assert script.get("type") in (None, "text/javascript"), path
        assert not soup.find(["iframe", "object", "embed", "base", "frame"]), path
        assert not soup.find_all(string=lambda s: isinstance(s, Comment)), path
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (path, tag.name, name)
                values = value if isinstance(value, list) else [value]
                for one in values:
                    cleaned = re.sub(r"[\x00-\x20]", "", one).lower()
                    assert not cleaned.startswith(DANGEROUS_SCHEMES), (path, name, one)


def test_article_and_page_text_is_the_authors(site: Site) -> None:
    for source in site.sources():
        page = site.page_of(source)  # its <h1> is the title, exactly
        meta = source.meta
        assert page.title.get_text() == f"{source.title} \u2013 {SITENAME}"  # en dash
        assert page.find("meta", attrs={"name": "description"})["content"] == source.description
        if source.is_page:
            continue
        line = page.select_one(".meta-line")
        assert line.find("a", rel="author").get_text() == meta.get("Author", SITENAME)
        assert line.select_one("a[href*='/category/']").get_text() == meta["Category"]
        assert [a.get_text() for a in page.select(".tags a[rel=tag]")] == source.tags
        cover = page.select_one("figure.cover img")
        assert (cover["alt"] if cover else None) == meta.get("Cover_alt")
        if "Series" in meta:
            heading = page.select_one(".series h2").get_text()
            assert re.fullmatch(
                rf"Part \d of \d in the series “{re.escape(meta['Series'])}”", heading
            )
        if "Cta_heading" in meta:
            assert page.select_one(".cta h2").get_text() == meta["Cta_heading"]
        if "Cta_text" in meta:
            texts = [p.get_text() for p in page.select(".cta p:not(.cta-name)")]
            assert texts == [meta["Cta_text"]]
        thread = page.select_one("#isso-thread")
        # The thread id is a path: Comments_id's segments (no "." or ".."), else the page's.
        path = urlsplit(page.find("link", rel="canonical")["href"]).path
        pinned = [part for part in meta.get("Comments_id", "").strip().split("/")]
        kept = [part for part in pinned if part not in {"", ".", ".."}]
        wanted = "/" + "".join(f"{part}/" for part in kept) if "Comments_id" in meta else path
        assert unquote(thread["data-isso-id"]) == unquote(wanted)
        assert thread["data-title"] == source.title
        assert page.select_one("[data-native-share]")["data-share-title"] == source.title


def test_body_code_and_headings_are_text(site: Site) -> None:
    source = read_source(site.content / "every-field.md")
    page = site.page_of(source)
    fenced = re.search(r"```\n(.*?)\n```", source.body, re.DOTALL).group(1)
    assert page.select_one(".entry-content pre code").get_text().rstrip("\n") == fenced
    headings = [markdown_text(h) for h in re.findall(r"^## (.+)$", source.body, re.MULTILINE)]
    assert [a.get_text() for a in page.select(".toc a")] == headings
    plain = re.search(r"^Plain text braces: (.+)$", source.body, re.MULTILINE).group(0)
    assert plain in page.select_one(".entry-content").get_text()


def test_listings_show_titles_and_names_as_text(site: Site) -> None:
    articles = site.articles()
    index_titles = {a.get_text() for a in site.build.page("").select(".post-card h2 a")}
    assert index_titles == {source.title for source in articles}
    archive_titles = {a.get_text() for a in site.build.page("archives/").select(".archive-list a")}
    assert archive_titles == index_titles
    categories = {a.get_text() for a in site.build.page("categories/").select(".term-list a")}
    assert categories == {source.meta["Category"] for source in articles}
    authors = {a.get_text() for a in site.build.page("authors/").select(".term-list a")}
    assert authors == {source.meta.get("Author", SITENAME) for source in articles}
    headings = {
        path.parent.parent.name
        + "/"
        + BeautifulSoup(path.read_text("utf-8"), "html.parser").h1.get_text()
        for kind in ("category", "tag", "author")
        for path in (site.output / kind).glob("*/index.html")
    }
    expected = {f"category/{s.meta['Category']}" for s in articles}
    expected |= {f"tag/{tag}" for s in articles for tag in s.tags}
    expected |= {f"author/{s.meta.get('Author', SITENAME)}" for s in articles}
    assert headings == expected


def _expected_share_params(title: str, url: str) -> dict[str, dict[str, str]]:
    """Each target's query, from the README and share_links' docstrings: the title as
    one line, every value percent-encoded (so it parses back to exactly these)."""
    t = one_line(title)
    return {
        "linkedin": {"url": url},
        "facebook": {"u": url},
        "x": {"text": t, "url": url},
        "bluesky": {"text": f"{t} {url}"},
        "threads": {"text": t, "url": url},
        "mastodon": {"text": f"{t} {url}"},
        "reddit": {"url": url, "title": t},
        "hackernews": {"u": url, "t": t},
        "whatsapp": {"text": f"{t} {url}"},
        "telegram": {"url": url, "text": t},
        "email": {"subject": t, "body": f"{t}\n\n{url}"},
    }


def test_share_links_and_data_attributes_parse_back_to_the_title(site: Site) -> None:
    for source in site.articles():
        page = site.page_of(source)
        url = page.find("link", rel="canonical")["href"]
        expected = _expected_share_params(source.title, url)
        links = page.select("a.share-link")
        assert [a["data-share"] for a in links] == list(expected)
        for link in links:
            href = link["href"]
            assert URI_CHARS.fullmatch(href), href
            assert "'" not in href, href  # quote(..., safe="") encodes it too
            query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
            assert query == expected[link["data-share"]], link["data-share"]
        mastodon = page.select_one("a[data-share=mastodon]")
        assert mastodon["data-share-text"] == f"{one_line(source.title)} {url}"
        share = page.select_one("[data-native-share]")
        assert share["data-share-url"] == url
        assert page.select_one("[data-copy-link]")["data-copy-link"] == url
        email = page.select_one(".comments-fallback a[href^='mailto:']")["href"]
        assert parse_qs(urlsplit(email).query) == {"subject": [f"Re: {source.title}"]}
        comments = page.find(id="comments")
        attrs = json.loads(comments["data-comments-attrs"])
        assert attrs == {"data-isso": attrs["data-isso"], "data-isso-vote": "false"}
        assert json.loads(comments["data-comments-config"]) == {}


def _meta(page: BeautifulSoup, key: str) -> list[str]:
    return [m["content"] for m in page.find_all("meta", attrs={"property": key})] + [
        m["content"] for m in page.find_all("meta", attrs={"name": key})
    ]


def test_open_graph_twitter_and_json_ld_carry_the_authors_text(site: Site) -> None:
    for source in site.sources():
        page = site.page_of(source)
        url = page.find("link", rel="canonical")["href"]
        assert _meta(page, "og:title") == _meta(page, "twitter:title") == [source.title]
        assert _meta(page, "og:description") == [source.description]
        assert _meta(page, "twitter:description") == [source.description]
        blocks = {}
        for script in page.find_all("script", type="application/ld+json"):
            assert "<" not in script.string
            assert "\u2028" not in script.string
            data = json.loads(script.string)
            blocks[data["@type"]] = data
        crumbs = [item["name"] for item in blocks["BreadcrumbList"]["itemListElement"]]
        if source.is_page:
            assert crumbs == [SITENAME, source.title]
            continue
        alt = source.meta.get("Cover_alt") or f"{one_line(source.title)} — {SITENAME}"
        assert _meta(page, "og:image:alt") == _meta(page, "twitter:image:alt") == [alt]
        assert _meta(page, "article:tag") == source.tags
        assert crumbs == [SITENAME, source.meta["Category"], source.title]
        posting = blocks["BlogPosting"]
        assert posting["headline"] == source.title
        assert posting["description"] == source.description
        assert [a["name"] for a in posting["author"]] == [source.meta.get("Author", SITENAME)]
        assert posting["keywords"] == source.tags
        assert posting["url"] == url


def _feed_entries(path: Path) -> list[dict]:
    root = ET.parse(path).getroot()  # well-formed, or this raises
    entries = []
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            entries.append(
                {
                    "title": entry.findtext(f"{ATOM}title"),
                    "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
                    "categories": [c.get("term") for c in entry.iter(f"{ATOM}category")],
                }
            )
        return [{"feed_title": root.findtext(f"{ATOM}title")}, *entries]
    channel = root.find("channel")
    for item in channel.iter("item"):
        entries.append(
            {
                "title": item.findtext("title"),
                "author": None,  # RSS: an e-mail address field, Pelican leaves it out
                "categories": [c.text for c in item.iter("category")],
            }
        )
    return [{"feed_title": channel.findtext("title")}, *entries]


def test_feeds_are_well_formed_and_titles_are_the_authors_text(site: Site) -> None:
    articles = {source.title: source for source in site.articles()}
    feeds = sorted((site.output / "feeds").rglob("*.xml"))
    feed_titles = set()
    for path in feeds:
        head, *entries = _feed_entries(path)
        feed_titles.add((path.parent.name, head["feed_title"]))
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        # feedparser reports these titles as text/plain: the author's text, unchanged.
        assert [entry.title for entry in parsed.entries] == [e["title"] for e in entries]
        for entry in entries:
            source = articles[entry["title"]]  # KeyError: a title that is not the author's
            expected = [source.meta["Category"], *source.tags]
            assert entry["categories"] == expected, path
            if entry["author"] is not None:
                assert entry["author"] == source.meta.get("Author", SITENAME)
    all_atom = _feed_entries(site.output / "feeds" / "all.atom.xml")[1:]
    assert {entry["title"] for entry in all_atom} == set(articles)
    expected_titles = {("feeds", SITENAME)}
    expected_titles |= {
        ("category", f"{SITENAME} - {s.meta['Category']}") for s in articles.values()
    }
    expected_titles |= {("tag", f"{SITENAME} - {t}") for s in articles.values() for t in s.tags}
    assert feed_titles == expected_titles


def test_sitemap_is_well_formed_with_valid_urls_to_real_pages(site: Site) -> None:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.parse(site.output / "sitemap.xml").getroot()
    locs = [loc.text for loc in root.iter(f"{namespace}loc")]
    assert locs
    for loc in locs:
        assert URI_CHARS.fullmatch(loc), loc
        parts = urlsplit(loc)
        assert (parts.scheme, parts.netloc) == ("https", urlsplit(PUBLISH_SITEURL).netloc)
        assert (site.output / parts.path.lstrip("/") / "index.html").is_file(), loc
    for source in site.sources():
        canonical = site.page_of(source).find("link", rel="canonical")["href"]
        assert canonical in locs


def test_pagefind_index_holds_the_titles_as_text(site: Site) -> None:
    fragments = []
    for path in (site.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(raw[raw.index(b"{") :]))
    by_title = {fragment["meta"]["title"]: fragment for fragment in fragments}

    def spaces(text: str) -> str:  # Pagefind's title: runs of ASCII spaces collapsed
        return re.sub(" +", " ", text)

    by_title = {spaces(title): fragment for title, fragment in by_title.items()}
    assert set(by_title) == {spaces(source.title) for source in site.sources()}
    for source in site.sources():
        # The indexed text: every whitespace run (U+2028 too) is one space.
        assert one_line(source.title) in by_title[spaces(source.title)]["content"]


def test_social_card_text_and_images(site: Site) -> None:
    from social.card_text import clean_text

    for source in site.sources():
        expected = one_line(
            "".join(c for c in source.title if c.isspace() or unicodedata.category(c) != "Cc")
        )
        assert clean_text(source.title) == expected
        page = site.page_of(source)
        image = _meta(page, "og:image")
        if source.meta.get("Cover"):  # a raster cover: one of its own variants
            cover = PurePosixPath(source.meta["Cover"])
            [url] = image
            shared = PurePosixPath(urlsplit(url).path)
            assert url.startswith(PUBLISH_SITEURL + "/"), url
            assert shared.parent == "/" / cover.parent, url
            assert shared.name.startswith(f"{cover.stem}-"), url
            assert (site.output / str(shared).lstrip("/")).is_file(), url
            continue
        assert len(image) == 1, image
        assert "/cards/" in image[0], image
        with Image.open(site.output / urlsplit(image[0]).path.lstrip("/")) as card:
            assert card.format == "PNG"
            assert card.size == (1200, 630)
            card.verify()
    # The raw title, control characters and all, still gives clean card text.
    assert clean_text(CONTROL_CHARACTERS["Title"]) == one_line(
        documented(CONTROL_CHARACTERS["Title"])
    )


def test_template_syntax_is_never_evaluated(site: Site) -> None:
    source = read_source(site.content / "every-field.md")
    page = site.page_of(source)
    text = page.get_text()
    shown = [source.title, source.meta["Category"], source.meta["Cta_heading"], *source.tags]
    for written in ("{{ 7*7 }}", "{% raw %}"):
        assert text.count(written) >= sum(value.count(written) for value in shown), written


@pytest.mark.parametrize("site", ["normalised"], indirect=True)  # its only build with one
def test_an_unsafe_slug_becomes_a_url_path(site: Site) -> None:
    assert site.normalised
    source = read_source(site.content / "unsafe-slug.md")
    canonical = site.page_of(source).find("link", rel="canonical")["href"]
    path = urlsplit(canonical).path
    assert re.fullmatch(r"/[a-z0-9-]+/", path), canonical
    assert (site.output / path.strip("/") / "index.html").is_file()


def _cover_alt(html: str) -> str | None:
    """The alt text of the image an entry opens with (the article's cover), if any."""
    first = BeautifulSoup(html, "html.parser").find(True)
    image = first if first is not None and first.name == "img" else None
    image = image or (first.find("img", recursive=False) if first is not None else None)
    return image["alt"] if image is not None else None


def test_json_feeds_carry_the_authors_text(site: Site) -> None:
    articles = {source.title: source for source in site.articles()}
    feeds = sorted((site.output / "feeds").rglob("*.json"))
    assert len(feeds) == len(list((site.output / "feeds").rglob("*.atom.xml")))
    for path in feeds:
        document = json.loads(path.read_text(encoding="utf-8"))  # JSON's escaping, any text
        twin = path.with_name(path.name.removesuffix(".json") + ".atom.xml")
        assert document["title"] == _feed_entries(twin)[0]["feed_title"]
        for item in document["items"]:
            source = articles[item["title"]]  # KeyError: a title that is not the author's
            assert item.get("tags", []) == source.tags
            assert item["authors"] == [{"name": source.meta.get("Author", SITENAME)}]
            if "Summary" in source.meta:
                assert item["summary"] == source.description
            assert _cover_alt(item["content_html"]) == source.meta.get("Cover_alt")
            if "Cover" in source.meta:
                assert item["image"].startswith(f"{PUBLISH_SITEURL}/images/")


def test_feed_readers_see_the_covers_alt_text_as_typed(site: Site) -> None:
    """feedparser's sanitizer (what many readers run) keeps the alt text whole."""
    articles = {source.title: source for source in site.articles()}
    for name in ("all.atom.xml", "all.rss.xml"):
        for entry in feedparser.parse((site.output / "feeds" / name).read_bytes()).entries:
            html = entry.content[0].value if name.endswith("atom.xml") else entry.summary
            assert _cover_alt(html) == articles[entry.title].meta.get("Cover_alt"), name
