"""Atom and RSS feeds: valid, full content, absolute links, discoverable."""

from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from checks.links import is_redirect_page, parse_file
from sitebuild import PUBLISH_SITEURL, ROOT, SEED_SLUG, Build, run_pelican, write_article

DEV_FEED_DOMAIN = "http://127.0.0.1:8000"


def _feeds(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.xml"))


def _parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


@pytest.mark.parametrize("site", ["published_site", "dev_site"])
def test_every_feed_parses_cleanly(site: str, request: pytest.FixtureRequest) -> None:
    build: Build = request.getfixturevalue(site)
    feeds = _feeds(build.output)
    names = {str(p.relative_to(build.output)) for p in feeds}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml"} <= names
    assert "feeds/category/job-search.atom.xml" in names
    assert "feeds/tag/linkedin.rss.xml" in names
    for path in feeds:
        assert _parse(path).entries, path


def _entry_html(entry: feedparser.FeedParserDict) -> str:
    if entry.get("content"):
        return entry.content[0].value
    return entry.summary


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
@pytest.mark.parametrize(
    ("site", "domain"), [("published_site", PUBLISH_SITEURL), ("dev_site", DEV_FEED_DOMAIN)]
)
def test_feed_entries_carry_full_content_with_absolute_links(
    feed: str, site: str, domain: str, request: pytest.FixtureRequest
) -> None:
    build: Build = request.getfixturevalue(site)
    entry = _parse(build.output / feed).entries[0]
    assert entry.link == f"{domain}/{SEED_SLUG}/"
    html = _entry_html(entry)
    assert "The word conjures up a variety of different images" in html
    assert "Anything else is just wasting time" in html  # the end of the article too
    assert_absolute_links(html)


def assert_absolute_links(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(href=True) + soup.find_all(src=True):
        url = tag.get("href") or tag.get("src")
        parts = urlsplit(url)
        assert parts.scheme in {"http", "https", "mailto"}, url
        assert parts.scheme == "mailto" or parts.netloc, url


def test_relative_links_and_images_become_absolute(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    body = (
        "See [the other post]({filename}other.md), [our about page](/about/), "
        "[a section](#part) and [a relative link](../other/).\n\n"
        '![A chart]({static}/images/chart.svg)\n\n<img src="/images/chart.svg" alt="Again">\n'
    )
    write_article(content, "linky.md", body, title="Linky", date="2024-01-02", category="Tests")
    write_article(content, "other.md", title="Other", date="2024-01-01", category="Tests")
    build = run_pelican(content, tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        entry = next(e for e in _parse(build.output / feed).entries if e.title == "Linky")
        html = _entry_html(entry)
        assert_absolute_links(html)
        assert f'href="{PUBLISH_SITEURL}/other/"' in html
        assert f'href="{PUBLISH_SITEURL}/about/"' in html
        assert f'href="{PUBLISH_SITEURL}/linky/#part"' in html
        assert f'src="{PUBLISH_SITEURL}/images/chart.svg"' in html


def test_entry_ids_are_stable_across_builds(tmp_path: Path, published_site: Build) -> None:
    rebuild = run_pelican(ROOT / "content", tmp_path, "publishconf.py")
    assert rebuild.returncode == 0, rebuild.log
    for feed in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        first = [e.id for e in _parse(published_site.output / feed).entries]
        second = [e.id for e in _parse(rebuild.output / feed).entries]
        assert first == second
        assert all(first)


def _autodiscovery(soup: BeautifulSoup) -> list[str]:
    types = {"application/atom+xml", "application/rss+xml"}
    return [
        link["href"]
        for link in soup.find_all("link", rel="alternate", href=True)
        if link.get("type") in types
    ]


def test_every_page_advertises_feeds_that_exist(published_site: Build) -> None:
    for path in published_site.html_files():
        if is_redirect_page(parse_file(path)):  # an old address: it leaves at once
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        hrefs = _autodiscovery(soup)
        assert f"{PUBLISH_SITEURL}/feeds/all.atom.xml" in hrefs, path
        assert f"{PUBLISH_SITEURL}/feeds/all.rss.xml" in hrefs, path
        for href in hrefs:
            local = href.removeprefix(PUBLISH_SITEURL + "/")
            assert (published_site.output / local).is_file(), (path, href)


def test_category_and_tag_pages_advertise_their_own_feeds(published_site: Build) -> None:
    category = _autodiscovery(published_site.page("category/job-search/"))
    assert f"{PUBLISH_SITEURL}/feeds/category/job-search.atom.xml" in category
    tag = _autodiscovery(published_site.page("tag/linkedin/"))
    assert f"{PUBLISH_SITEURL}/feeds/tag/linkedin.rss.xml" in tag
