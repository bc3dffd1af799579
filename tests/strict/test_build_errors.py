"""Bad input stops the strict build with one line naming the file and field, no traceback."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitebuild import ROOT, Build, run_pelican, write_article

WIDE = {"COLUMNS": "1000"}  # one log record per line, whatever its length
OK = {"date": "2024-02-01", "category": "Tests"}


def _fine_site(content: Path) -> None:
    write_article(content, "fine.md", title="Fine", **OK)


def _non_utf8(content: Path) -> None:
    (content / "bad.md").write_bytes(
        b"Title: Caf\xe9 culture\nDate: 2024-02-01\nCategory: Tests\nSummary: S.\n\nText.\n"
    )


def _malformed_metadata(content: Path) -> None:
    (content / "bad.md").write_text(
        "Title: Metadata\nDate 2024-02-01\nCategory: Tests\nSummary: S.\n\nText.\n",
        encoding="utf-8",
    )


def _article(**meta: str) -> Callable[[Path], None]:
    def write(content: Path) -> None:
        write_article(content, "bad.md", meta.pop("body", "Text."), **{**OK, **meta})

    return write


def _draft_link(content: Path) -> None:
    write_article(content, "upcoming.md", title="Upcoming", status="draft", **OK)
    write_article(content, "bad.md", "See [soon]({filename}upcoming.md).", title="Linker", **OK)


def _page_clash(content: Path) -> None:
    write_article(content / "pages", "bad.md", title="Fine", date=None)


# case: (writes the bad file(s), extra settings, words the one message must contain)
CASES = {
    "non-UTF-8 file": (_non_utf8, {}, ["bad.md", "line 1, column 11", "UTF-8"]),
    "malformed metadata line": (_malformed_metadata, {}, ["bad.md", "line 2", "Date 2024-02-01"]),
    "invalid date": (_article(title="When", date="2024-13-45"), {}, ["bad.md", "Date:"]),
    "same slug": (_article(title="Fine"), {}, ["bad.md", "fine.md", "slug", "Slug:"]),
    "output path of a page": (_page_clash, {}, ["bad.md", "fine.md", "fine/index.html"]),
    "slug of a site page": (_article(title="Search"), {}, ["bad.md", "search/index.html"]),
    "tag with an empty slug": (_article(title="Tags", tags="!!!, fine"), {}, ["bad.md", "Tags:"]),
    "category with an empty slug": (_article(title="C", category="???"), {}, ["Category:"]),
    "draft linked": (_draft_link, {}, ["bad.md", "upcoming.md", "not published"]),
    "javascript: cover": (
        _article(title="Cover", cover="javascript:alert(1)", cover_alt="A"),
        {},
        ["bad.md", "Cover:", "javascript:"],
    ),
    "data: mastodon toot": (
        _article(title="Toot", mastodon_toot="data:text/html,<script>alert(1)</script>"),
        {},
        ["bad.md", "Mastodon_toot:", "data:"],
    ),
    "javascript: link in the text": (
        _article(title="Link", body="[Click](javascript:alert(1))"),
        {},
        ["bad.md", "javascript:"],
    ),
    "unknown comments provider": (
        _fine_site,
        {"ENGAGE_COMMENTS_PROVIDER": "discus"},
        ["ENGAGE_COMMENTS_PROVIDER", "discus"],
    ),
    "share target typo": (_fine_site, {"ENGAGE_SHARE_TARGETS": ["linkdin"]}, ["linkedin"]),
    "required provider setting missing": (
        _fine_site,
        {"ENGAGE_COMMENTS_PROVIDER": "giscus", "ENGAGE_COMMENTS": {"repo": "o/r"}},
        ["ENGAGE_COMMENTS['repo_id']", "giscus"],
    ),
    "URL setting not http(s)": (
        _fine_site,
        {"PUBLIC_SITEURL": "javascript:alert(1)"},
        ["PUBLIC_SITEURL", "http(s)"],
    ),
}


def _build(tmp_path: Path, write: Callable[[Path], None], extra: dict, **options) -> Build:
    content = tmp_path / "content"
    _fine_site(content)
    write(content)
    settings = {key: _setting(value) for key, value in extra.items()}
    return run_pelican(content, tmp_path / "out", "publishconf.py", extra=settings, **options)


def _setting(value: object) -> str:
    return json.dumps(value)


def _assert_one_line_naming(build: Build, words: list[str]) -> None:
    assert build.returncode != 0, build.log
    assert "Traceback" not in build.log, build.log
    assert build.stray_lines() == [], build.log
    problems = build.problems()
    assert len(problems) == 1, build.log
    for word in words:
        assert word in problems[0], (word, problems[0])


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_the_build_with_one_line(tmp_path: Path, case: str) -> None:
    write, extra, words = CASES[case]
    build = _build(tmp_path, write, extra, env=WIDE)
    _assert_one_line_naming(build, words)


def _broken_theme(tmp_path: Path, partial: str, line: str) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    path = theme / "templates" / "partials" / partial
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    return theme


@pytest.mark.parametrize(
    ("partial", "line", "error"),
    [
        ("share.html", "{% if %}", "TemplateSyntaxError"),
        ("cta.html", "{{ article.title|no_such_filter }}", "TemplateAssertionError"),
        ("comments.html", "{{ no_such_variable.attribute }}", "UndefinedError"),
    ],
)
def test_theme_template_error_names_the_template_and_line(
    tmp_path: Path, partial: str, line: str, error: str
) -> None:
    theme = _broken_theme(tmp_path, partial, line)
    build = _build(tmp_path, lambda content: None, {"THEME": str(theme)}, env=WIDE)
    _assert_one_line_naming(build, [f"partials/{partial}:", error])
    template_lines = (theme / "templates" / "partials" / partial).read_text().count("\n")
    assert f"{partial}:{template_lines}:" in build.problems()[0]


@pytest.mark.parametrize("case", ["invalid date", "tag with an empty slug", "same slug"])
def test_plain_log_handler_prints_the_one_line_only(tmp_path: Path, case: str) -> None:
    """The deploy hook builds with `--log-handler plain` (no rich formatting)."""
    write, extra, words = CASES[case]
    build = _build(tmp_path, write, extra, options=["--log-handler", "plain"])
    assert build.returncode != 0
    lines = build.log.strip().splitlines()
    assert len(lines) == 1, build.log
    assert all(word in lines[0] for word in words), build.log


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    write, _, _ = CASES["invalid date"]
    build = _build(tmp_path, write, {}, env=WIDE, debug=True)
    assert build.returncode != 0
    assert "Traceback" in build.log


def test_development_build_reports_but_keeps_serving(tmp_path: Path) -> None:
    """Without --fatal the same message appears, the bad file is left out, the rest builds."""
    write, _, words = CASES["invalid date"]
    build = _build(tmp_path, write, {}, env=WIDE, strict=False)
    assert build.returncode == 0, build.log
    assert any(all(word in p for word in words) for p in build.problems()), build.log
    assert (build.output / "fine" / "index.html").is_file()
    assert "Traceback" not in build.log


LONG_TAG = "interview preparation " * 14  # 307 bytes: a tag page's file name too long


@pytest.mark.parametrize(
    ("meta", "words"),
    [
        ({"tags": LONG_TAG}, ["bad.md", "Tags:", "bytes (at most 255)"]),
        ({"category": LONG_TAG}, ["bad.md", "Category:", "bytes (at most 255)"]),
        ({"slug": "a" * 300}, ["bad.md", "Slug:", "bytes (at most 255)"]),
        ({"body": "<p>Hi<script>alert(1)</script></p>"}, ["bad.md", "text: removed <script>"]),
    ],
    ids=["tag", "category", "slug", "pasted script"],
)
def test_more_bad_input_stops_the_build_with_one_line(
    tmp_path: Path, meta: dict, words: list[str]
) -> None:
    build = _build(tmp_path, _article(title="Bad", **meta), {}, env=WIDE)
    _assert_one_line_naming(build, words)


def test_a_too_long_name_is_an_error_without_a_traceback_in_a_lax_build(tmp_path: Path) -> None:
    build = _build(tmp_path, _article(title="Bad", tags=LONG_TAG), {}, env=WIDE, strict=False)
    assert "Traceback" not in build.log, build.log
    assert "OSError" not in build.log, build.log
    assert any("bad.md: Tags:" in line for line in build.problems()), build.log
    names = [len(p.name.encode()) for p in (tmp_path / "out").rglob("*")]
    assert max(names) <= 255
