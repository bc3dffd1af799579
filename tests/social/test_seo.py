"""Canonical, Open Graph, Twitter and JSON-LD metadata, and content lint."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sitebuild import PUBLISH_SITEURL, SEED_SLUG, Build, run_pelican, write_article
from social.seo import json_ld

HOSTILE = 'Go </script><!-- "x" & \u2028 line'


def _json_ld(soup: BeautifulSoup) -> dict:
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return {block["@type"]: block for block in blocks}


def _absolute(url: str) -> bool:
    return url.startswith(PUBLISH_SITEURL + "/")


@pytest.mark.parametrize(
    "value",
    [HOSTILE, "</SCRIPT>", "<!--", "a\u2029b", "&amp; <b>", "\u00e9\U0001f680", "x\\u003c"],
)
def test_json_ld_cannot_close_its_script_element(value: str) -> None:
    text = str(json_ld({"headline": value}))
    for forbidden in ("<", ">", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == {"headline": value}


def test_seed_article_blog_posting(published_site: Build) -> None:
    blocks = _json_ld(published_site.page(f"{SEED_SLUG}/"))
    posting = blocks["BlogPosting"]
    for key in ("headline", "description", "datePublished", "dateModified", "author",
                "publisher", "mainEntityOfPage", "keywords", "image"):  # fmt: skip
        assert posting[key], key
    assert posting["headline"] == "Networking, An Opportunity Lost"
    assert posting["mainEntityOfPage"]["@id"] == f"{PUBLISH_SITEURL}/{SEED_SLUG}/"
    assert "LinkedIn" in posting["keywords"]
    assert _absolute(posting["image"]["url"])
    crumbs = [item["item"] for item in blocks["BreadcrumbList"]["itemListElement"]]
    assert crumbs == [
        f"{PUBLISH_SITEURL}/",
        f"{PUBLISH_SITEURL}/category/job-search/",
        f"{PUBLISH_SITEURL}/{SEED_SLUG}/",
    ]


def test_home_page_has_website_json_ld(published_site: Build) -> None:
    website = _json_ld(published_site.page(""))["WebSite"]
    assert website["url"] == f"{PUBLISH_SITEURL}/"
    assert website["name"] == "Career Connections"


def _meta(soup: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content", ""))
    return found


def test_seed_article_open_graph_and_twitter(published_site: Build) -> None:
    page = published_site.page(f"{SEED_SLUG}/")
    meta = _meta(page)
    assert page.find("link", rel="canonical")["href"] == f"{PUBLISH_SITEURL}/{SEED_SLUG}/"
    assert meta["og:type"] == ["article"]
    assert meta["og:url"] == [f"{PUBLISH_SITEURL}/{SEED_SLUG}/"]
    assert meta["og:site_name"] == ["Career Connections"]
    assert meta["og:description"] == meta["description"]
    assert _absolute(meta["og:image"][0])
    assert meta["og:image:width"] == ["1200"]
    assert meta["og:image:height"] == ["630"]
    assert meta["og:image:alt"][0]
    assert meta["article:published_time"][0].startswith("2013-07-15T09:00:00")
    assert "LinkedIn" in meta["article:tag"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:image"] == meta["og:image"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    content = tmp_path_factory.mktemp("content")
    write_article(content, "evil.md", "Body.", title=HOSTILE, slug="evil", date="2024-01-01",
                  modified="2024-02-01", category="Tests", tags="a</script>b",
                  summary='Sum </script><script>alert(1)</script> "q"')  # fmt: skip
    # Not strict: the sanitiser rightly warns that it took the <script> out of the summary.
    build = run_pelican(content, tmp_path_factory.mktemp("out"), "publishconf.py", strict=False)
    assert build.returncode == 0, build.log
    return build


def test_hostile_values_stay_inside_json_ld_and_meta(hostile_site: Build) -> None:
    page = hostile_site.page("evil/")
    posting = _json_ld(page)["BlogPosting"]
    assert posting["headline"] == HOSTILE
    assert posting["keywords"] == ["a</script>b"]
    assert posting["dateModified"].startswith("2024-02-01")
    assert [s.get("src") for s in page.find_all("script") if s.get("src")] == [
        f"{PUBLISH_SITEURL}/{hostile_site.theme_file('js/site.js')}"
    ]
    meta = _meta(page)
    assert meta["og:title"] == [HOSTILE]
    assert meta["article:modified_time"][0].startswith("2024-02-01")


def test_every_article_and_page_has_absolute_og_urls(published_site: Build) -> None:
    for path in published_site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = _meta(soup)
        for key in ("og:url", "og:image", "twitter:image"):
            for url in meta.get(key, []):
                assert urlsplit(url).scheme == "https", (path, key, url)
        if soup.find("article", attrs={"data-pagefind-body": True}):
            assert meta.get("og:image"), path


LINT = {
    "long title": ({"title": "T" * 71}, "Title is 71 characters"),
    "no summary": ({"summary": None}, "Summary is missing"),
    "long summary": ({"summary": "S" * 161}, "Summary is 161 characters"),
}


@pytest.mark.parametrize("case", sorted(LINT))
def test_content_lint_fails_the_strict_build(tmp_path: Path, case: str) -> None:
    meta, message = LINT[case]
    fields = {"title": "Fine", "date": "2024-01-01", "category": "Tests", **meta}
    write_article(tmp_path / "content", "linted.md", **fields)
    build = run_pelican(tmp_path / "content", tmp_path / "out", "publishconf.py")
    assert build.returncode != 0
    assert "linted.md" in build.log
    assert message in build.log
    fields = {"title": "T" * 70, "date": "2024-01-01", "category": "Tests", "summary": "S" * 160}
    write_article(tmp_path / "content", "linted.md", **fields)
    assert run_pelican(tmp_path / "content", tmp_path / "ok", "publishconf.py").returncode == 0
