"""Drafts, hidden and future-dated content never leak into lists, feeds, sitemap or search;
a publish build does not write them at all (a development build previews them)."""

import gzip
import json
from pathlib import Path

import feedparser
import pytest

from sitebuild import Build, run_pelican, write_article

SHARED = {"category": "Interviews", "tags": "interviews, salary", "series": "Offer Season"}
# Each unlisted item: its marker (in title and slug) and the file Pelican writes it to.
UNLISTED = {
    "draft": ("zebra-draft", {"status": "draft"}, "drafts/zebra-draft/index.html"),
    "hidden": ("yak-hidden", {"status": "hidden"}, "yak-hidden/index.html"),
    "future": ("okapi-future", {"date": "2099-01-01"}, "drafts/okapi-future/index.html"),
}
PAGES = {
    "draft page": ("ibis-draftpage", "draft", "drafts/pages/ibis-draftpage/index.html"),
    "hidden page": ("gnu-hiddenpage", "hidden", "gnu-hiddenpage/index.html"),
}


def write_site(content: Path) -> None:
    for number in (1, 2):
        write_article(
            content,
            f"listed-{number}.md",
            f"Listed article {number} of the series.",
            title=f"Listed {number}",
            date=f"2024-0{number}-01",
            series_index=str(number),
            **SHARED,
        )
    for marker, meta, _ in UNLISTED.values():
        write_article(
            content, f"{marker}.md", "Unlisted text.", title=marker, slug=marker,
            **{"date": "2024-03-01", **SHARED, **meta},
        )  # fmt: skip
    for marker, status, _ in PAGES.values():
        write_article(content / "pages", f"{marker}.md", title=marker, slug=marker, status=status)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The publish build."""
    root = tmp_path_factory.mktemp("visibility")
    write_site(root / "content")
    build = run_pelican(root / "content", root / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The development build (`./inv livereload`): drafts are previewed."""
    root = tmp_path_factory.mktemp("visibility-preview")
    write_site(root / "content")
    build = run_pelican(root / "content", root / "out")
    assert build.returncode == 0, build.log
    return build


def _own_files(build: Build) -> set[Path]:
    """Where each unlisted item is written, in a development build."""
    files = [path for _, _, path in UNLISTED.values()] + [path for _, _, path in PAGES.values()]
    return {build.output / path for path in files}


def _published_texts(build: Build) -> dict[str, str]:
    """Every file of the output as text (gzip files, Pagefind's fragments, decompressed)."""
    texts = {}
    for path in build.output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            texts[path.relative_to(build.output).as_posix()] = data.decode("utf-8", "replace")
    return texts


def _markers() -> list[str]:
    return [marker for marker, _, _ in UNLISTED.values()] + [m for m, _, _ in PAGES.values()]


def test_a_development_build_previews_every_unlisted_item(preview: Build) -> None:
    """The fixture is real: each unlisted item exists, so its absence elsewhere means something."""
    for path in _own_files(preview):
        assert path.is_file(), path


def test_a_publish_build_writes_no_draft_hidden_or_future_article(site: Build) -> None:
    assert not (site.output / "drafts").exists()
    texts = _published_texts(site)
    assert any(name.startswith("pagefind/fragment/") for name in texts)
    assert not [name for name, text in texts.items() if "Unlisted text." in text]
    private = [marker for marker, _, _ in UNLISTED.values()] + [PAGES["draft page"][0]]
    for name, text in texts.items():
        for marker in private:
            assert marker not in text, f"{name}: {marker}"
            assert marker not in name, name
    # A hidden page is written (it is kept out of the menu, not secret), and listed nowhere.
    assert (site.output / PAGES["hidden page"][2]).is_file()


@pytest.mark.parametrize("build", ["site", "preview"])
def test_no_other_output_file_mentions_an_unlisted_item(build: str, request) -> None:
    site = request.getfixturevalue(build)
    own = _own_files(site)
    text_files = [
        p
        for p in site.output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ".json"} and p not in own
    ]
    assert any(p.name == "sitemap.xml" for p in text_files)
    leaks = [
        (str(path.relative_to(site.output)), marker)
        for path in text_files
        for marker in _markers()
        if marker in path.read_text(encoding="utf-8")
    ]
    assert leaks == []


def test_listed_articles_show_in_lists_and_feeds(site: Build) -> None:
    """The counterpart: the same checks do see the published articles."""
    index = site.output.joinpath("index.html").read_text(encoding="utf-8")
    assert "listed-1/" in index
    assert "listed-2/" in index
    feed = feedparser.parse(site.output / "feeds" / "all.atom.xml")
    assert sorted(entry.title for entry in feed.entries) == ["Listed 1", "Listed 2"]
    page = site.page("listed-2/")
    assert "listed-1/" in str(page.find(class_="series"))


def _search_fragments(build: Build) -> list[dict]:
    folder = build.output / "pagefind" / "fragment"
    return [json.loads(gzip.decompress(p.read_bytes())[12:]) for p in folder.glob("*.pf_fragment")]


def test_search_index_holds_listed_articles_only(site: Build) -> None:
    urls = [fragment["url"] for fragment in _search_fragments(site)]
    assert any("listed-1" in url for url in urls), urls
    for marker in _markers():
        assert not any(marker in json.dumps(f) for f in _search_fragments(site)), marker


def test_unlisted_pages_ask_search_engines_not_to_index_them(preview: Build, site: Build) -> None:
    for path in _own_files(preview):
        robots = preview.page(str(path.relative_to(preview.output))).find(
            "meta", attrs={"name": "robots"}
        )
        assert robots is not None, path
        assert robots["content"] == "noindex"
    assert site.page("listed-1/").find("meta", attrs={"name": "robots"}) is None
