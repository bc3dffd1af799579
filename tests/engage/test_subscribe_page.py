"""The /subscribe/ page (plugins/engage/subscribe.py, theme/templates/subscribe.html): the
feeds computed in Python and listed by the template, the e-mail signup, the business page;
linked from the header (marked current there) and the footer of every page.
"""

import json
from pathlib import Path

import pytest

from engage.subscribe import FeedGroup, FeedLink, SubscribePage, feed_base, feed_groups
from sitebuild import PUBLISH_SITEURL, Build, run_pelican, write_article

BASE = "https://blog.test"
FEEDS = {
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "FEED_ALL_RSS": "feeds/all.rss.xml",
    "CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "CATEGORY_FEED_RSS": None,
}
JSON_FEEDS = {"FEEDS_JSON_ALL": "feeds/all.json", "FEEDS_JSON_CATEGORY": "feeds/c/{slug}.json"}
HOSTILE_CATEGORY = 'Tips & "Tricks" <b>'


# --- The list, in process ----------------------------------------------------------------


def test_the_feeds_are_those_the_settings_make_all_articles_first() -> None:
    groups = feed_groups(FEEDS, [("Job Search", "job-search"), ("Résumés", "resumes")], BASE)
    atom, rss = "application/atom+xml", "application/rss+xml"
    assert groups == (
        FeedGroup(
            "All articles",
            (
                FeedLink(
                    "Atom", atom, "feeds/all.atom.xml", "https://blog.test/feeds/all.atom.xml"
                ),
                FeedLink("RSS", rss, "feeds/all.rss.xml", "https://blog.test/feeds/all.rss.xml"),
            ),
        ),
        FeedGroup(
            "Job Search",
            (
                FeedLink(
                    "Atom",
                    atom,
                    "feeds/category/job-search.atom.xml",
                    "https://blog.test/feeds/category/job-search.atom.xml",
                ),
            ),
        ),
        FeedGroup(
            "Résumés",
            (
                FeedLink(
                    "Atom",
                    atom,
                    "feeds/category/resumes.atom.xml",
                    "https://blog.test/feeds/category/resumes.atom.xml",
                ),
            ),
        ),
    )
    assert groups[0].label == "all articles"
    assert [feed.noun for feed in groups[0].feeds] == ["Atom feed", "RSS feed"]
    assert groups[1].label == "the category Job Search"


def test_json_feed_is_listed_only_when_the_template_passes_its_paths() -> None:
    """The template hands over FEEDS_JSON_* from its context (the feeds plugin puts them
    there at the signal this page is made at)."""
    page = SubscribePage(BASE, tuple(FEEDS.items()), (("Job Search", "job-search"),), None, None)
    groups = page.feeds(JSON_FEEDS["FEEDS_JSON_ALL"], JSON_FEEDS["FEEDS_JSON_CATEGORY"])
    assert [(f.format, f.media_type, f.path) for f in groups[0].feeds][-1] == (
        "JSON Feed",
        "application/feed+json",
        "feeds/all.json",
    )
    assert groups[1].feeds[-1].url == "https://blog.test/feeds/c/job-search.json"
    assert (groups[1].feeds[-1].noun, groups[1].feeds[-1].noun_rest) == ("JSON Feed", "")
    for off in ((), ("", None), (object(), object())):  # object(): Jinja's Undefined, say
        groups = page.feeds(*off)
        assert "JSON Feed" not in [feed.format for group in groups for feed in group.feeds]


def test_no_feed_no_group_and_addresses_from_the_public_site_in_development() -> None:
    assert feed_groups({}, [("Job Search", "job-search")], BASE) == ()
    assert feed_base({"FEED_DOMAIN": "http://127.0.0.1:8000/", "SITEURL": ""}) == (
        "http://127.0.0.1:8000"
    )
    settings = {"SITEURL": "", "PUBLIC_SITEURL": "https://career.example/"}
    assert feed_base(settings) == "https://career.example"


# --- Real builds -------------------------------------------------------------------------


def _site(folder: Path, strict: bool = True, **extra: object) -> Build:
    content = folder / "content"
    for slug, category in (("first", "Job Search"), ("second", HOSTILE_CATEGORY)):
        meta = {"title": slug.title(), "slug": slug, "category": category}
        write_article(content, f"{slug}.md", date="2024-05-01", **meta)
    settings = {key: json.dumps(value) for key, value in extra.items()}
    return run_pelican(content, folder / "out", "publishconf.py", strict=strict, extra=settings)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = _site(tmp_path_factory.mktemp("subscribe"))
    assert build.returncode == 0, build.log
    return build


def _feed_rows(build: Build) -> list[tuple[str, str, str, str]]:
    """(group heading, link text, link href, copied address) for every feed listed."""
    section = build.page("subscribe/").select_one("section.feeds")
    rows = []
    for heading in section.find_all("h3"):
        for item in heading.find_next_sibling("ul").find_all("li"):
            link, button = item.find("a"), item.find("button")
            rows.append(
                (heading.get_text(), link.get_text(), link["href"], button["data-copy-link"])
            )
    return rows


def test_the_page_lists_every_feed_with_its_address(site: Build) -> None:
    rows = _feed_rows(site)
    slug = "tips-tricks"  # Pelican's slug of the hostile category
    expected = [
        ("All articles", "feeds/all.atom.xml"),
        ("All articles", "feeds/all.rss.xml"),
        ("Job Search", "feeds/category/job-search.atom.xml"),
        ("Job Search", "feeds/category/job-search.rss.xml"),
        (HOSTILE_CATEGORY, f"feeds/category/{slug}.atom.xml"),
        (HOSTILE_CATEGORY, f"feeds/category/{slug}.rss.xml"),
    ]
    xml = [(group, href) for group, text, href, _ in rows if text.startswith(("Atom", "RSS"))]
    assert xml == [(group, f"{PUBLISH_SITEURL}/{path}") for group, path in expected]
    for _, text, href, copied in rows:  # JSON Feed too, when the feeds plugin writes it
        assert copied == href  # the absolute address, what a feed reader is given
        path = href.removeprefix(PUBLISH_SITEURL + "/")
        assert (site.output / path).is_file(), path
        assert text.startswith(("Atom feed of ", "RSS feed of ", "JSON Feed of ")), text


def test_copy_buttons_are_hidden_without_javascript_and_named_apart(site: Build) -> None:
    buttons = site.page("subscribe/").select("section.feeds button[data-copy-link]")
    assert buttons
    names = [button.get_text() for button in buttons]
    assert all(button.has_attr("hidden") for button in buttons)
    assert all(name.startswith("Copy address of the ") for name in names)
    assert len(set(names)) == len(names), names
    assert f"Copy address of the Atom feed of the category {HOSTILE_CATEGORY}" in names
    status = site.page("subscribe/").select_one("section.feeds [data-share-status]")
    assert status["role"] == "status"


def test_the_page_says_what_a_feed_reader_is_then_signup_then_business_page(site: Build) -> None:
    page = site.page("subscribe/")
    assert page.body["class"] == ["page-subscribe"]
    assert page.find("h1").get_text() == "Subscribe"
    intro = page.select_one("section.feeds > p").get_text()
    assert intro.startswith("A feed reader is an app or website that checks the sites you follow")
    sections = [tag.get("class")[0] for tag in page.select("main > section, main > aside")]
    assert sections == ["feeds", "newsletter", "cta"]
    links = {a.get_text(): a["href"] for a in page.select(".cta-links a")}
    assert (
        links["Career Connections on Facebook"] == "https://www.facebook.com/CareerConnectionsBlog"
    )


def test_the_header_marks_subscribe_current_and_every_footer_links_it(site: Build) -> None:
    address = f"{PUBLISH_SITEURL}/subscribe/"
    for page in site.html_files():
        if page.name == "index.html" and "drafts" not in page.parts:
            soup = site.page(page.relative_to(site.output).as_posix())
            if soup.select_one(".site-footer") is None:  # a redirect page of an old address
                continue
            footer = soup.select_one(".site-footer").find("a", string="Subscribe")
            assert footer["href"] == address, page
    nav = site.page("subscribe/").select_one(".site-nav").find("a", string="Subscribe")
    assert nav["href"] == address
    assert nav["aria-current"] == "page"
    current = site.page("subscribe/").select(".site-nav [aria-current]")
    assert current == [nav]
    other = site.page("first/").select_one(".site-nav").find("a", string="Subscribe")
    assert not other.has_attr("aria-current")


def test_json_feeds_are_listed_when_the_feeds_settings_name_them(tmp_path: Path) -> None:
    """Not strict: before the feeds plugin knows FEEDS_JSON_* they are unknown settings (a
    warning); with it, it writes the files too. Either way the page follows the settings."""
    on = _site(tmp_path / "on", strict=False, **JSON_FEEDS)
    assert on.returncode == 0, on.log
    json_rows = [row for row in _feed_rows(on) if row[1].startswith("JSON Feed")]
    assert [row[2] for row in json_rows] == [
        f"{PUBLISH_SITEURL}/feeds/all.json",
        f"{PUBLISH_SITEURL}/feeds/c/job-search.json",
        f"{PUBLISH_SITEURL}/feeds/c/tips-tricks.json",
    ]
    link = on.page("subscribe/").find("a", href=f"{PUBLISH_SITEURL}/feeds/all.json")
    assert link["type"] == "application/feed+json"
    off = _site(tmp_path / "off", strict=False, FEEDS_JSON_ALL=None, FEEDS_JSON_CATEGORY=None)
    assert off.returncode == 0, off.log
    assert not [row for row in _feed_rows(off) if row[1].startswith("JSON Feed")]


def test_without_subscribe_in_direct_templates_no_page_and_no_links(tmp_path: Path) -> None:
    templates = ["index", "tags", "categories", "authors", "archives", "404", "search"]
    build = _site(tmp_path, DIRECT_TEMPLATES=templates)
    assert build.returncode == 0, build.log
    assert not (build.output / "subscribe").exists()
    assert build.page("first/").find("a", string="Subscribe") is None
