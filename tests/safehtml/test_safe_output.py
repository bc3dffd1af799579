"""Pasted HTML through a whole build: every file the site publishes (pages, feeds, the search
index's fragments, JSON-LD, the sitemap) is free of what it tried to run or load.

A strict build stops on it, naming the file and what was removed; a lax build publishes it
cleaned. The site is tests/real_content.py plus the hostile paste, without the seed.
"""

import gzip
import html
import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from headers.formats import parse_headers_file
from html_safety import unsafe_parts
from real_content import write_hostile_paste, write_real_site
from sitebuild import PUBLISH_SITEURL, Build, run_pelican, write_article

# Strings of the hostile paste that must not reach any published file, escaped or not.
NEVER_PUBLISHED = (
    *(f"alert({code})" for code in ("'hover'", '"pasted script"', "'svg'", "'onerror'")),
    "alert('click')",
    "widgets.example",
    "forms.example",
    "body { display: none }",
    "font-family:Calibri",
)
THEME_SCRIPTS = ("js/site.js",)  # theme files, named by their content


def build(folder: Path, strict: bool) -> Build:
    cache = {"CACHE_PATH": json.dumps(str(folder / "cache"))}
    return run_pelican(folder / "content", folder / "out", "publishconf.py", strict, cache)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, str]:
    folder = tmp_path_factory.mktemp("hostile-paste")
    write_real_site(folder / "content")
    slug = write_hostile_paste(folder / "content")
    done = build(folder, strict=False)
    assert done.returncode == 0, done.log
    return done, slug


def published_texts(output: Path) -> dict[str, str]:
    """Every published file as text; gzip files (Pagefind's fragments...) decompressed."""
    texts = {}
    for path in output.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts[path.relative_to(output).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def test_a_strict_build_stops_naming_the_file(tmp_path: Path) -> None:
    write_real_site(tmp_path / "content")
    write_hostile_paste(tmp_path / "content")
    done = build(tmp_path, strict=True)
    assert done.returncode != 0
    [problem] = done.problems()  # the first warning stops it
    assert "pasted-hostile.md" in problem


def test_each_removal_is_a_warning_naming_the_file_and_field(
    hostile: tuple[Build, str],
) -> None:
    site, _ = hostile
    problems = "\n".join(site.problems())
    assert "pasted-hostile.md: text: removed" in problems
    assert "<script>" in problems
    assert "onmouseover on <b>" in problems
    assert "pasted-hostile.md: Summary: removed" in problems
    assert "https://old-blog.example/wp-content/uploads/2013/07/handshake.jpg" in problems


def test_no_published_file_holds_the_hostile_paste(hostile: tuple[Build, str]) -> None:
    site, _ = hostile
    texts = published_texts(site.output)
    assert any(name.startswith("pagefind/fragment/") for name in texts)
    assert any("Kept text." in text for text in texts.values())  # the article is there
    for name, text in texts.items():
        for needle in NEVER_PUBLISHED:
            assert needle not in text, f"{name} contains {needle!r}"
            assert needle not in html.unescape(text), f"{name} contains {needle!r}, escaped"


def test_no_page_runs_or_loads_anything_but_the_theme(hostile: tuple[Build, str]) -> None:
    site, _ = hostile
    own = {Path(site.theme_file(name)).name for name in THEME_SCRIPTS}
    for path in site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.string)  # data, and valid
                assert "</" not in script.string, path
            else:
                assert Path(script["src"]).name in own, path
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{path}: {element.name} {handlers}"
        for img in soup.find_all("img"):
            assert "example" not in img.get("src", ""), f"{path}: {img}"
        assert not soup.find_all(["iframe", "object", "embed", "style"]), path


def test_feeds_carry_the_cleaned_article(hostile: tuple[Build, str]) -> None:
    site, slug = hostile
    feeds = list(site.output.rglob("*.xml"))
    entries = [
        entry
        for path in feeds
        if path.name != "sitemap.xml"
        for entry in feedparser.parse(path.read_bytes()).entries
        if entry.link.rstrip("/").endswith(slug)
    ]
    assert entries
    for entry in entries:
        for part in [entry.get("summary", "")] + [c.value for c in entry.get("content", [])]:
            assert unsafe_parts(part, own=PUBLISH_SITEURL) == [], part


def test_listing_pages_show_summaries_as_text(hostile: tuple[Build, str]) -> None:
    site, _ = hostile
    summaries = [
        summary
        for path in site.html_files()
        for summary in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
            ".summary"
        )
    ]
    assert summaries
    for summary in summaries:
        assert summary.find(True) is None, summary  # no element inside
    assert any(s.get_text() == "Bold advice" for s in summaries)


def test_the_csp_allows_video_players_only_on_a_site_with_videos(
    hostile: tuple[Build, str], tmp_path: Path
) -> None:
    site, _ = hostile
    with_videos = site.page("").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "https://www.youtube-nocookie.com" in with_videos["content"]
    assert "https://player.vimeo.com" in with_videos["content"]
    plain_text = {"title": "Plain", "date": "2024-01-01"}
    write_article(tmp_path / "content", "plain.md", "No video here.", **plain_text)
    plain = run_pelican(tmp_path / "content", tmp_path / "out", "publishconf.py")
    assert plain.returncode == 0, plain.log
    meta = plain.page("").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "youtube" not in meta["content"]
    assert "vimeo" not in meta["content"]
    headers = (plain.output / "_headers").read_text(encoding="utf-8")
    assert "youtube" not in headers


def test_every_page_carries_the_headers_policy_as_a_meta_tag(
    hostile: tuple[Build, str],
) -> None:
    site, _ = hostile
    rules = parse_headers_file((site.output / "_headers").read_text(encoding="utf-8"))
    [every] = [rule for rule in rules if rule.path == "/*"]
    header = {
        part.strip()
        for name, value in every.headers
        if name == "Content-Security-Policy"
        for part in value.split(";")
    }
    assert "frame-ancestors 'none'" in header
    for path in site.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, path
        assert soup.head.find("meta").has_attr("charset"), path  # the charset stays first
        meta = {part.strip() for part in metas[0]["content"].split(";")}
        # Only what a meta tag cannot carry is left out (browsers ignore it there).
        assert header - meta == {"frame-ancestors 'none'"}, path
        assert meta <= header, path


def test_videos_off_keeps_an_articles_videos_plain_links(tmp_path: Path) -> None:
    body = "Watch:\n\n[The answer](https://www.youtube.com/watch?v=aqz-KE-bpKQ)\n"
    common = {"date": "2024-01-01", "category": "Tests"}
    write_article(tmp_path / "content", "on.md", body, title="On", **common)
    write_article(tmp_path / "content", "off.md", body, title="Off", videos="off", **common)
    build = run_pelican(tmp_path / "content", tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    assert build.page("on/").find("figure", class_="video") is not None
    off = build.page("off/")
    assert off.find("figure", class_="video") is None
    assert off.find("a", href="https://www.youtube.com/watch?v=aqz-KE-bpKQ") is not None
