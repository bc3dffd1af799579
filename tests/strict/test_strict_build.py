"""A broken article stops a strict build with a message naming the file."""

from pathlib import Path

import pytest

from photos import write_screenshot
from sitebuild import run_pelican, write_article


def _good_site(content: Path) -> None:
    write_screenshot(content / "images" / "photo.png", 64, 48)
    write_article(content, "fine.md", title="Fine", date="2024-02-01", category="Tests")


BROKEN = {
    "missing title": ({"date": "2024-03-01", "category": "Tests"}, "Text."),
    "unparseable date": ({"title": "Bad date", "date": "next Tuesday", "category": "Tests"}, "T."),
    "link to a missing file": (
        {"title": "Dead link", "date": "2024-03-01", "category": "Tests"},
        "See [this]({filename}does-not-exist.md).",
    ),
    "missing static image": (
        {"title": "No image", "date": "2024-03-01", "category": "Tests"},
        "![A chart]({static}/images/missing.png)",
    ),
    "missing plain image": (
        {"title": "No image", "date": "2024-03-01", "category": "Tests"},
        '<img src="/images/missing.png" alt="A chart">',
    ),
    "missing cover image": (
        {
            "title": "No cover",
            "date": "2024-03-01",
            "category": "Tests",
            "cover": "images/missing.png",
            "cover_alt": "A cover",
        },
        "T.",
    ),
    "unreadable cover image": (
        {
            "title": "Broken",
            "date": "2024-03-01",
            "category": "Tests",
            "cover": "images/broken.png",
            "cover_alt": "A cover",
        },
        "T.",
    ),
    "cover without alt text": (
        {"title": "No alt", "date": "2024-03-01", "category": "Tests", "cover": "images/photo.png"},
        "T.",
    ),
}

# Files a case needs besides its article.
FILES = {"unreadable cover image": {"images/broken.png": b"\x89PNG\r\n\x1a\nnot an image"}}


def test_the_good_fixture_builds(tmp_path: Path) -> None:
    _good_site(tmp_path / "content")
    write_article(
        tmp_path / "content",
        "pictures.md",
        '![A photo]({static}/images/photo.png) <img src="/images/photo.png" alt="Again">',
        title="Pictures",
        date="2024-03-01",
        category="Tests",
        cover="images/photo.png",
        cover_alt="A photo",
    )
    build = run_pelican(tmp_path / "content", tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.log


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("settings", ["publishconf.py", "pelicanconf.py"])
def test_broken_article_fails_the_strict_build_naming_the_file(
    tmp_path: Path, case: str, settings: str
) -> None:
    content = tmp_path / "content"
    _good_site(content)
    meta, body = BROKEN[case]
    write_article(content, "broken-article.md", body, **meta)
    for name, data in FILES.get(case, {}).items():
        (content / name).write_bytes(data)
    build = run_pelican(content, tmp_path / "out", settings, strict=True)
    assert build.returncode != 0, build.log
    assert "broken-article.md" in build.log


def test_development_builds_stay_lenient(tmp_path: Path) -> None:
    content = tmp_path / "content"
    _good_site(content)
    meta, body = BROKEN["link to a missing file"]
    write_article(content, "broken-article.md", body, **meta)
    build = run_pelican(content, tmp_path / "out", strict=False)
    assert build.returncode == 0, build.log
    assert "broken-article.md" in build.log
