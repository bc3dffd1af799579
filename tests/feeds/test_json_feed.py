"""JSON Feed 1.1: one beside each Atom feed, listing what Pelican's Atom feed lists, with the
same text; valid by the spec's rules; discoverable; its settings work and are checked.

Pelican's own Atom feeds are the reference for which articles a feed holds (drafts,
hidden articles, FEED_MAX_ITEMS, order) and for the entry's text, which the JSON item
must carry unchanged: both are written from the same entry, so any difference is a bug.
"""

import json
import re
import runpy
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from checks.feeds import json_feed_problems
from checks.links import is_redirect_page, parse_file
from sitebuild import PUBLISH_SITEURL, ROOT, Build, run_pelican, write_article

ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


def json_feeds(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.json"))


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def atom_twin(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".json") + ".atom.xml")


def plain(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


@pytest.mark.parametrize("site", ["published_site", "covers_site"])
def test_each_atom_feed_has_a_json_twin_with_the_same_entries(
    site: str, request: pytest.FixtureRequest
) -> None:
    build: Build = request.getfixturevalue(site)
    atoms = sorted((build.output / "feeds").rglob("*.atom.xml"))
    assert [atom_twin(path) for path in json_feeds(build.output)] == atoms
    for path in json_feeds(build.output):
        document = read(path)
        atom = feedparser.parse(atom_twin(path).read_bytes())
        assert document["title"] == atom.feed.title
        items, entries = document["items"], atom.entries
        assert [item["url"] for item in items] == [entry.link for entry in entries], path
        for item, entry in zip(items, entries, strict=True):
            assert item["title"] == entry.title
            raw = atom_twin(path).read_text(encoding="utf-8")
            assert _escaped(item["content_html"]) in raw  # Atom's content, byte for byte
            assert item["summary"] == plain(entry.summary)
            assert item["date_published"] == entry.published
            assert item["date_modified"] == entry.updated
            assert item["authors"] == [{"name": entry.author}]


def _escaped(html: str) -> str:
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    ("site", "domain"), [("published_site", PUBLISH_SITEURL), ("dev_site", "http://127.0.0.1:8000")]
)
def test_json_feeds_follow_the_spec(site: str, domain: str, request: pytest.FixtureRequest):
    build: Build = request.getfixturevalue(site)
    for path in json_feeds(build.output):
        document = read(path)
        relative = path.relative_to(build.output).as_posix()
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["feed_url"] == f"{domain}/{relative}"
        assert document["home_page_url"] == f"{domain}/"
        assert document["language"] == SETTINGS["DEFAULT_LANG"]
        assert document["description"] == SETTINGS["SITESUBTITLE"]
        assert json_feed_problems(document) == [], path
        for key in ("icon", "favicon"):
            icon = urlsplit(document[key])
            assert document[key].startswith(domain + "/")
            assert (build.output / unquote(icon.path).lstrip("/")).is_file()
        for item in document["items"]:
            assert item["id"] == item["url"]
            assert RFC3339.match(item["date_published"]), item["date_published"]
        # The same hub as the Atom twin names (publishconf.py sets one, pelicanconf.py not).
        atom = ElementTree.parse(atom_twin(path)).getroot()
        hubs = [link.get("href") for link in atom.iter(f"{ATOM}link") if link.get("rel") == "hub"]
        assert document.get("hubs") == ([{"type": "WebSub", "url": hubs[0]}] if hubs else None)


def test_items_carry_cover_tags_and_the_authors_summary(covers_site: Build, covers_sources):
    document = read(covers_site.output / "feeds/all.json")
    items = {item["title"]: item for item in document["items"]}
    assert list(items) == [source.title for source in covers_sources]  # newest first
    for source in covers_sources:
        item = items[source.title]
        assert item.get("tags", []) == source.tags
        assert item["summary"] == source.meta.get("summary", f"A test article ({source.name}).")
        first = BeautifulSoup(item["content_html"], "html.parser").find("p").find("img")
        if "cover" in source.meta:
            assert first["src"] == item["image"]
            assert first["alt"] == source.meta["cover_alt"]
            local = covers_site.output / unquote(urlsplit(item["image"]).path).lstrip("/")
            assert local.is_file(), item["image"]
        else:
            assert "image" not in item
            assert first is None or first["alt"] != source.meta.get("cover_alt")


def test_drafts_hidden_and_the_max_items_are_pelicans(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for day in range(1, 5):
        meta = {"title": f"Day {day}", "date": f"2024-01-0{day}", "category": "Tests"}
        write_article(content, f"a{day}.md", **meta)
    write_article(content, "d.md", title="Drafted", date="2024-02-01", status="draft")
    write_article(content, "h.md", title="Hidden", date="2024-02-02", status="hidden")
    build = run_pelican(content, tmp_path / "out", "publishconf.py", extra={"FEED_MAX_ITEMS": "3"})
    assert build.returncode == 0, build.log
    titles = [item["title"] for item in read(build.output / "feeds/all.json")["items"]]
    assert titles == ["Day 4", "Day 3", "Day 2"]
    atom = feedparser.parse((build.output / "feeds/all.atom.xml").read_bytes())
    assert [entry.title for entry in atom.entries] == titles


def _json_links(page: BeautifulSoup) -> list[str]:
    found = page.find_all("link", rel="alternate", type="application/feed+json")
    return [link["href"] for link in found]


def test_every_page_advertises_the_json_feed(published_site: Build) -> None:
    for path in published_site.html_files():
        if is_redirect_page(parse_file(path)):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        hrefs = _json_links(page)
        assert f"{PUBLISH_SITEURL}/feeds/all.json" in hrefs, path
        for href in hrefs:
            assert (published_site.output / href.removeprefix(PUBLISH_SITEURL + "/")).is_file()
    category = _json_links(published_site.page("category/job-search/"))
    assert f"{PUBLISH_SITEURL}/feeds/category/job-search.json" in category
    tag = _json_links(published_site.page("tag/linkedin/"))
    assert f"{PUBLISH_SITEURL}/feeds/tag/linkedin.json" in tag


def test_json_feed_settings_choose_paths_and_turn_feeds_off(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "one.md", title="One", date="2024-01-01", tags="alpha", category="Tests")
    extra = {"FEEDS_JSON_ALL": '"feeds/everything.json"', "FEEDS_JSON_TAG": "null"}
    build = run_pelican(content, tmp_path / "out", "publishconf.py", extra=extra)
    assert build.returncode == 0, build.log
    names = {path.relative_to(build.output).as_posix() for path in json_feeds(build.output)}
    assert names == {"feeds/everything.json", "feeds/category/tests.json"}
    assert _json_links(build.page("tag/alpha/")) == [f"{PUBLISH_SITEURL}/feeds/everything.json"]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("FEEDS_JSON_ALL", '"feeds/all.xml"', "must be a path ending in .json"),
        ("FEEDS_JSON_TAG", '"feeds/tag.json"', "must contain {slug}"),
        ("FEEDS_JSON_CATEGORY", '"/feeds/{slug}.json"', "must be a relative path"),
        ("FEEDS_JSON_ALL", '"feeds/{slug}.json"', "takes no {slug}"),
    ],
)
def test_a_wrong_json_feed_setting_stops_the_build(
    tmp_path: Path, setting: str, value: str, message: str
) -> None:
    content = tmp_path / "content"
    write_article(content, "one.md", title="One", date="2024-01-01")
    build = run_pelican(content, tmp_path / "out", "publishconf.py", extra={setting: value})
    assert build.returncode != 0
    assert any(setting in line and message in line for line in build.log.splitlines())
