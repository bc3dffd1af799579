"""sitemap.xml (pelican-sitemap, configured in pelicanconf.py) and robots.txt (the theme's
template, through TEMPLATE_PAGES).

The sitemap must list exactly the published pages: the set of its <loc> is compared with
the set of URLs worked out here from the built output, on a site with a draft article, a
draft page, a hidden article, a hidden page, a future-dated article and enough articles
for a second index page.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checks.links import is_redirect_page, parse_file
from sitebuild import PUBLISH_SITEURL, SEED_SLUG, Build, run_pelican, write_article

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)")
FILLERS = 11  # with DEFAULT_PAGINATION = 10: a /page/2/ for the home and one category
# A hidden article (not written at all by a publish build) and a hidden page (written, so
# that it can be linked to, but not listed).
HIDDEN = {"unlisted", "secret"}


def write_site(content: Path) -> None:
    write_article(
        content,
        "first.md",
        "First.",
        title="First steps",
        slug="first-steps",
        date="2024-01-10 10:00",
        modified="2024-03-01 12:00",
        category="Interviews",
        tags="habits, salary",
    )
    write_article(
        content,
        "second.md",
        "Second.",
        title="Second look",
        slug="second-look",
        date="2024-02-10 08:30",
        category="Resumes",
        tags="habits",
    )
    for number in range(FILLERS):
        write_article(
            content,
            f"filler-{number}.md",
            "Filler.",
            title=f"Filler {number}",
            date=f"2023-05-{number + 1:02d}",
            category="Interviews",
        )
    common = {"date": "2024-01-05", "category": "Interviews"}
    write_article(content, "draft.md", title="Not yet", status="draft", **common)
    write_article(content, "later.md", title="Later", date="2999-01-01", category="Future")
    write_article(content, "unlisted.md", title="Unlisted", status="hidden", **common)
    pages = content / "pages"
    write_article(pages, "about.md", "About us.", title="About", slug="about")
    write_article(pages, "secret.md", "Psst.", title="Secret", slug="secret", status="hidden")
    write_article(pages, "wip.md", "Soon.", title="Work in progress", slug="wip", status="draft")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    content = tmp_path_factory.mktemp("content")
    write_site(content)
    build = run_pelican(content, tmp_path_factory.mktemp("out"), "publishconf.py")
    assert build.returncode == 0, build.log
    return build


def sitemap(build: Build) -> dict[str, str]:
    """<loc> -> <lastmod> of every <url>, after checking the document's shape."""
    root = ET.parse(build.output / "sitemap.xml").getroot()
    assert root.tag == f"{NS}urlset"
    entries = {}
    for url in root.findall(f"{NS}url"):
        loc, lastmod = url.find(f"{NS}loc"), url.find(f"{NS}lastmod")
        assert loc is not None
        assert loc.text not in entries, f"{loc.text} is listed twice"
        assert lastmod is not None, f"{loc.text} has no lastmod"
        entries[loc.text] = lastmod.text
    assert len(root) == len(entries), "only <url> elements"
    return entries


def published_urls(build: Build) -> set[str]:
    """Every page a reader can reach and a search engine should list, from the output:
    each folder's index.html, minus drafts, hidden content, the search page and the
    second and later pages of a listing, and the redirect pages of old addresses (noindex).
    404.html and feeds are not index.html files."""
    urls = set()
    for index in build.output.rglob("index.html"):
        if is_redirect_page(parse_file(index)):
            continue
        path = index.parent.relative_to(build.output).as_posix()
        path = "" if path == "." else f"{path}/"
        if path.startswith("drafts/") or path in {"search/"} | {f"{h}/" for h in HIDDEN}:
            continue
        if re.search(r"(^|/)page/\d+/$", path):
            continue
        urls.add(f"{PUBLISH_SITEURL}/{path}")
    return urls


def test_sitemap_lists_exactly_the_published_pages(site: Build) -> None:
    urls = published_urls(site)
    # The computed set is what it should be: content, listings, nothing left out.
    expected_content = {
        "",
        "first-steps/",
        "second-look/",
        "filler-0/",
        "about/",
        "category/interviews/",
        "category/resumes/",
        "tag/habits/",
        "tag/salary/",
        "categories/",
        "tags/",
        "archives/",
    }
    assert {f"{PUBLISH_SITEURL}/{path}" for path in expected_content} <= urls
    # Each exclusion is exercised: these are in the output...
    for written in ("page/2", "secret"):
        assert (site.output / written / "index.html").is_file(), written
    # ...and the publish build wrote no draft, future or hidden article.
    for private in ("drafts", "unlisted", "not-yet", "later"):
        assert not (site.output / private).exists(), private
    assert sitemap(site).keys() == urls


@pytest.mark.parametrize(
    "path",
    [
        "404.html",
        "search/",
        "robots.txt",
        "page/2/",
        "category/interviews/page/2/",
        "drafts/not-yet/",
        "drafts/later/",
        "drafts/pages/wip/",
        "unlisted/",
        "secret/",
        "feeds/all.atom.xml",
    ],
)
def test_sitemap_leaves_out(site: Build, path: str) -> None:
    assert f"{PUBLISH_SITEURL}/{path}" not in sitemap(site)


def test_every_entry_has_a_lastmod_and_content_has_its_own(site: Build) -> None:
    entries = sitemap(site)
    for loc, lastmod in entries.items():
        assert W3C_DATETIME.fullmatch(lastmod), (loc, lastmod)
    # Articles: Modified when there is one, else Date, in the site's time zone.
    assert entries[f"{PUBLISH_SITEURL}/first-steps/"] == "2024-03-01T12:00:00-05:00"
    assert entries[f"{PUBLISH_SITEURL}/second-look/"] == "2024-02-10T08:30:00-05:00"


def test_listing_pages_date_from_the_newest_article_not_the_build(site: Build) -> None:
    """pelican-sitemap would give them the build time: a date that changes every build."""
    entries = sitemap(site)
    newest = max(entries[f"{PUBLISH_SITEURL}/{slug}/"] for slug in ("first-steps", "second-look"))
    for listing in ("", "archives/", "categories/", "tags/"):
        assert entries[f"{PUBLISH_SITEURL}/{listing}"] == newest, listing


def test_robots_txt_names_the_sitemap(site: Build) -> None:
    lines = (site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /drafts/" in lines
    assert f"Sitemap: {PUBLISH_SITEURL}/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /search") for line in lines)


def test_development_robots_txt_names_the_local_sitemap(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "one.md", title="One", date="2024-01-01", category="A")
    build = run_pelican(content, tmp_path / "out")  # pelicanconf.py: SITEURL is ""
    assert build.returncode == 0, build.log
    robots = (build.output / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots.splitlines()


def test_real_site_sitemap(published_site: Build) -> None:
    entries = sitemap(published_site)
    assert entries[f"{PUBLISH_SITEURL}/{SEED_SLUG}/"] == "2013-07-15T09:00:00-04:00"
    assert f"{PUBLISH_SITEURL}/about/" in entries
    assert f"{PUBLISH_SITEURL}/" in entries
    assert entries.keys() == published_urls(published_site)
    robots = (published_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PUBLISH_SITEURL}/sitemap.xml" in robots.splitlines()
