"""Every template renders accessible, self-contained pages on a synthetic blog."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sitebuild import PUBLISH_SITEURL, Build, run_pelican, write_article
from synthetic import AUTHORS, CATEGORIES, make_blog

ARTICLES = 32
PER_PAGE = 10


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, list[str]]:
    content = tmp_path_factory.mktemp("content")
    slugs = make_blog(content, ARTICLES)
    build = run_pelican(content, tmp_path_factory.mktemp("out"), "publishconf.py")
    assert build.returncode == 0, build.log
    return build, slugs


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "page/2/index.html",
        "article-000/index.html",
        "about/index.html",
        "category/interviews/index.html",
        "categories/index.html",
        "tag/salary/index.html",
        "tags/index.html",
        "author/alex-doe/index.html",
        "authors/index.html",
        "archives/index.html",
        "2021/index.html",
        "404.html",
    ],
)
def test_every_template_renders(blog: tuple[Build, list[str]], page: str) -> None:
    build, _ = blog
    assert (build.output / page).is_file()


def test_every_page_has_one_h1_landmarks_and_a_language(blog: tuple[Build, list[str]]) -> None:
    build, _ = blog
    pages = build.html_files()
    assert len(pages) > ARTICLES
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(build.output)
        assert len(soup.find_all("h1")) == 1, where
        assert soup.html.get("lang") == "en", where
        for landmark in ("header", "nav", "main", "footer"):
            assert soup.find(landmark) is not None, (where, landmark)
        skip = soup.find("a", href="#main")
        assert skip is not None, where
        assert soup.find(id="main") is not None, where
        assert soup.find("link", rel="icon") is not None, where


def _article_links(soup: BeautifulSoup) -> list[str]:
    found = []
    for link in soup.select("main a[href]"):
        match = re.fullmatch(rf"{PUBLISH_SITEURL}/(article-\d+)/", link["href"])
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def _follow_pagination(build: Build, first: str) -> list[list[str]]:
    pages, url = [], first
    while url is not None:
        soup = build.page(url)
        pages.append(_article_links(soup))
        following = soup.find("a", rel="next")
        url = urlsplit(following["href"]).path.lstrip("/") if following else None
        assert len(pages) < 10, "pagination does not end"
    return pages


def test_index_is_paginated_newest_first(blog: tuple[Build, list[str]]) -> None:
    build, slugs = blog
    pages = _follow_pagination(build, "")
    assert [len(p) for p in pages] == [10, 10, 10, 2]
    assert [slug for page in pages for slug in page] == slugs
    last = build.page("page/4/")
    previous = last.find("a", rel="prev")
    assert urlsplit(previous["href"]).path == "/page/3/"


def test_category_pages_are_paginated_too(blog: tuple[Build, list[str]]) -> None:
    build, slugs = blog
    pages = _follow_pagination(build, "category/interviews/")
    expected = [s for s in slugs if int(s.split("-")[1]) % len(CATEGORIES) == 0]
    assert [slug for page in pages for slug in page] == expected
    assert len(pages) == 2


def test_author_pages_list_their_articles(blog: tuple[Build, list[str]]) -> None:
    build, slugs = blog
    pages = _follow_pagination(build, "author/sam-roe/")
    expected = [s for s in slugs if int(s.split("-")[1]) % len(AUTHORS) == 1]
    assert [slug for page in pages for slug in page] == expected


def test_articles_link_to_their_neighbours(blog: tuple[Build, list[str]]) -> None:
    build, slugs = blog  # newest first
    middle = build.page(f"{slugs[5]}/")
    older = middle.find("a", rel="prev")
    newer = middle.find("a", rel="next")
    assert older["href"] == f"{PUBLISH_SITEURL}/{slugs[6]}/"
    assert newer["href"] == f"{PUBLISH_SITEURL}/{slugs[4]}/"
    assert build.page(f"{slugs[0]}/").find("a", rel="next") is None
    assert build.page(f"{slugs[-1]}/").find("a", rel="prev") is None


def test_archives_list_every_article(blog: tuple[Build, list[str]]) -> None:
    build, slugs = blog
    assert sorted(_article_links(build.page("archives/"))) == sorted(slugs)


def test_404_page_uses_root_based_links(blog: tuple[Build, list[str]]) -> None:
    build, _ = blog
    soup = BeautifulSoup((build.output / "404.html").read_text(encoding="utf-8"), "html.parser")
    for tag in soup.find_all(["a", "link", "script", "img"]):
        url = tag.get("href") or tag.get("src") or ""
        if url and not url.startswith(("#", "mailto:")):
            assert url.startswith((PUBLISH_SITEURL, "/")), url


def _own_host(url: str, host: str) -> bool:
    parts = urlsplit(url)
    return not parts.netloc or parts.netloc == host


def _resource_urls(soup: BeautifulSoup) -> list[str]:
    """URLs the browser fetches by itself: src attributes, stylesheets, icons, preloads."""
    urls = [tag["src"] for tag in soup.find_all(src=True)]
    urls += [tag["srcset"].split()[0] for tag in soup.find_all(srcset=True)]
    for link in soup.find_all("link", href=True):
        if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(link["rel"]):
            urls.append(link["href"])
    for style in soup.find_all("style"):
        urls += re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s]+)", style.get_text())
    return urls


def _assert_no_third_party(output: Path, host: str) -> None:
    for path in output.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for url in _resource_urls(soup):
            assert _own_host(url, host), (path, url)
    for css in output.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert _own_host(url, host), (css, url)


def test_no_page_loads_anything_from_another_host(blog: tuple[Build, list[str]]) -> None:
    build, _ = blog
    _assert_no_third_party(build.output, urlsplit(PUBLISH_SITEURL).netloc)


def test_real_site_loads_nothing_from_another_host(published_site: Build) -> None:
    _assert_no_third_party(published_site.output, urlsplit(PUBLISH_SITEURL).netloc)


def test_future_dated_articles_wait_for_their_date(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "now.md", title="Now", date="2024-01-01", category="Tests")
    write_article(content, "later.md", title="Later", date="2999-01-01", category="Tests")
    build = run_pelican(content, tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    assert not (build.output / "later").exists()
    for listing in ("index.html", "archives/index.html", "feeds/all.atom.xml"):
        text = (build.output / listing).read_text(encoding="utf-8")
        assert "/now/" in text
        assert "/later/" not in text
