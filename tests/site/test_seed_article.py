"""The real content/ builds strictly and the seed article reads as intended."""

import datetime
import re

import pytest

from sitebuild import PUBLISH_SITEURL, SEED_SLUG, Build

SEED_PAGE = f"{SEED_SLUG}/"


def test_real_content_builds_strictly_without_warnings(published_site: Build) -> None:
    assert "WARNING" not in published_site.log
    assert (published_site.output / SEED_SLUG / "index.html").is_file()


def test_seed_article_has_its_title_and_section_headings(published_site: Build) -> None:
    page = published_site.page(SEED_PAGE)
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == [
        "Networking, An Opportunity Lost"
    ]
    for permalink in page.select(".entry-content .headerlink"):
        assert permalink["href"] == f"#{permalink.parent['id']}"
        permalink.decompose()
    h2 = [h.get_text(" ", strip=True) for h in page.select(".entry-content h2")]
    for heading in ("What is Networking?", "How can you network?", "How Was the Opportunity Lost?"):
        assert heading in h2
    assert any(h.startswith("And the moral of this story") for h in h2)
    h3 = [h.get_text(" ", strip=True) for h in page.select(".entry-content h3")]
    assert h3 == ["Social Media", "Personal Research and Growth"]


def test_definition_of_networking_is_marked_up_as_a_definition(published_site: Build) -> None:
    body = published_site.page(SEED_PAGE).select_one(".entry-content")
    term = body.find("dt") or body.find("blockquote")
    assert term is not None
    assert "To cultivate people who can be helpful" in term.parent.get_text()


def test_stripped_links_are_restored_to_the_real_sites(published_site: Build) -> None:
    body = published_site.page(SEED_PAGE).select_one(".entry-content")
    links = {(a.get_text(strip=True), a["href"]) for a in body.find_all("a", href=True)}
    assert ("LinkedIn", "https://www.linkedin.com/") in links
    hrefs = {href for _, href in links}
    assert "https://www.facebook.com/" in hrefs
    text = body.get_text(" ")
    # The sentence that lost its link word now names LinkedIn again.
    assert re.search(r"LinkedIn\s*, for anyone that does not know", text)
    for line in ("You can find LinkedIn at:", "You can find Facebook at:"):
        paragraph = next(p for p in body.find_all("p") if line in p.get_text())
        assert paragraph.find("a", href=re.compile(r"^https://www\.(linkedin|facebook)\.com/"))


def test_obvious_slips_are_fixed_and_nothing_is_faked(published_site: Build) -> None:
    text = published_site.page(SEED_PAGE).select_one(".entry-content").get_text(" ")
    assert " a a " not in text
    assert "days.," not in text
    assert "Leave a Comment" not in text
    assert "open hand above computer" not in text  # alt text, not body text
    assert "From there, LIKE my business page" in text


def test_cover_image_has_alt_text_size_and_exists(published_site: Build) -> None:
    # The small SVG cover is inlined (one request less), named by the old alt text.
    cover = published_site.page(SEED_PAGE).select_one("figure.cover [role=img]")
    assert cover["aria-label"] == "open hand above computer"
    svg = cover.find("svg")
    assert (int(svg["width"]), int(svg["height"])) == (1200, 630)
    assert svg.find("script") is None
    assert (published_site.output / "images" / "networking-open-hand.svg").is_file()


def test_publication_date_is_machine_readable(published_site: Build) -> None:
    times = published_site.page(SEED_PAGE).select("article time[datetime]")
    published = datetime.datetime.fromisoformat(times[0]["datetime"])
    assert (published.year, published.month) == (2013, 7)


@pytest.mark.parametrize(
    "listing",
    [
        "",
        "category/job-search/",
        "tag/networking/",
        "tag/linkedin/",
        "tag/job-search/",
        "archives/",
        "2013/",
    ],
)
def test_seed_article_is_listed(published_site: Build, listing: str) -> None:
    page = published_site.page(listing)
    hrefs = {a["href"] for a in page.select("main a[href]")}
    assert f"{PUBLISH_SITEURL}/{SEED_PAGE}" in hrefs


def test_about_page_is_in_the_navigation(published_site: Build) -> None:
    nav = published_site.page("").find("nav")
    assert nav.find("a", href=f"{PUBLISH_SITEURL}/about/", string=re.compile("About"))
    assert published_site.page("about/").find("h1").get_text(strip=True) == "About"


def test_reading_time_is_shown(published_site: Build) -> None:
    meta = published_site.page(SEED_PAGE).select_one("article").get_text(" ")
    assert re.search(r"\b[3-6] min read\b", meta)
