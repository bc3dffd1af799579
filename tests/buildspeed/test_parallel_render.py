"""Full builds render on two cores (plugins/buildspeed/parallel_render.py): the site, its
log and its failures must be a serial build's, whatever happens to the helper."""

import json
import re
import sys
import textwrap
from pathlib import Path

import pytest

from sitebuild import ROOT, Build, differences, run_pelican

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_site import write_site

ARTICLES = 40
HELPER_LINE = re.compile(r"(\d+) pages and feeds written by a helper process")
REDO_LINE = "of the helper's pages and feeds here"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parallel-render") / "content"
    write_site(folder, ARTICLES)
    return folder


def _build(content: Path, output: Path, parallel: bool, settings: str = "publishconf.py") -> Build:
    extra = {
        "SEARCH_INDEX": "false",
        "BUILDSPEED_PARALLEL_RENDER": str(parallel).lower(),
        "CACHE_PATH": json.dumps(str(output.parent / "cache")),
    }
    return run_pelican(content, output, settings, True, extra, options=["-v"])


def _helped(build: Build) -> int:
    found = HELPER_LINE.search(build.log)
    return int(found.group(1)) if found else 0


def _written(build: Build) -> list[str]:
    """The `Writing "..."` messages, in order (Pelican says one per file it writes)."""
    return re.findall(r'Writing "([^"]+)"', build.log.replace(str(build.output), "OUT"))


def test_two_processes_write_the_serial_build_byte_for_byte(content: Path, tmp_path: Path) -> None:
    parallel = _build(content, tmp_path / "parallel" / "site", parallel=True)
    serial = _build(content, tmp_path / "serial" / "site", parallel=False)
    assert parallel.returncode == serial.returncode == 0, parallel.log + serial.log
    pages = sum(1 for _ in parallel.output.rglob("*.html"))
    assert _helped(parallel) > pages // 4, parallel.log  # the helper did its share
    assert _helped(serial) == 0
    assert differences(parallel.output, serial.output) == []
    # Pelican's process still says every file, in a serial build's order (the sitemap
    # and the overwrite checks see the same sequence).
    assert _written(parallel) == _written(serial)


def _settings_file(tmp_path: Path, body: str) -> str:
    path = tmp_path / "settings_under_test.py"
    source = f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
    path.write_text(source + textwrap.dedent(body), encoding="utf-8")
    return str(path)


def test_a_helper_that_dies_leaves_its_pages_to_pelicans_process(
    content: Path, tmp_path: Path
) -> None:
    """The helper is killed after writing a few pages: Pelican's process renders the rest
    of its share, and the site is still the serial build's. (A plugin listens to
    `feed_written` here, so Pelican's process writes every feed: it has the feed objects.)"""
    settings = _settings_file(
        tmp_path,
        """
        import os
        from pelican import signals

        _PARENT, _SEEN = os.getpid(), []

        def _die_in_the_helper(path, context):
            if os.getpid() != _PARENT:
                _SEEN.append(path)
                if len(_SEEN) == 7:
                    os._exit(3)

        def _feed_written(path, context, feed):
            assert feed is not None and os.getpid() == _PARENT

        signals.content_written.connect(_die_in_the_helper, weak=False)
        signals.feed_written.connect(_feed_written, weak=False)
        """,
    )
    parallel = _build(content, tmp_path / "parallel" / "site", True, settings)
    serial = _build(content, tmp_path / "serial" / "site", False)
    assert parallel.returncode == 0, parallel.log
    assert "the render helper stopped" in parallel.log
    assert REDO_LINE in parallel.log
    assert differences(parallel.output, serial.output) == []


def _newest_two(content: Path) -> list[str]:
    """The slugs of the two newest articles: Pelican renders them one after the other,
    so one of them is the helper's and the other Pelican's process's."""
    dated = []
    for path in content.glob("article-*.md"):
        date = re.search(r"^Date: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        dated.append((date.group(1), path.stem))
    return [slug for _date, slug in sorted(dated)[-2:]]


def _exploding_settings(folder: Path, slug: str) -> str:
    """Settings whose article template raises while rendering the article `slug`."""
    templates = folder / "templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(
        '{% extends "!theme/article.html" %}'
        "{% block content %}{{ explode(article.slug) }}{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    return _settings_file(
        folder,
        f"""
        THEME_TEMPLATES_OVERRIDES = [{str(templates)!r}]

        def explode(slug):
            if slug == {slug!r}:
                raise ValueError("cannot render " + slug)
            return ""

        JINJA_GLOBALS = {{"explode": explode}}
        """,
    )


def test_an_error_in_any_page_fails_the_build_as_a_serial_build_does(
    content: Path, tmp_path: Path
) -> None:
    """A page whose rendering raises, once in each process's share (the two newest
    articles): the build stops with the serial build's message; the helper's error is
    raised again by Pelican's process, which renders that page itself."""
    redone = []
    for which, slug in enumerate(_newest_two(content)):
        settings = _exploding_settings(tmp_path / str(which), slug)
        parallel = _build(content, tmp_path / str(which) / "parallel" / "site", True, settings)
        serial = _build(content, tmp_path / str(which) / "serial" / "site", False, settings)
        assert parallel.returncode == serial.returncode == 1, parallel.log
        assert f"cannot render {slug}" in serial.log
        assert parallel.problems() == serial.problems()
        redone.append(REDO_LINE in parallel.log)
    assert sorted(redone) == [False, True]
