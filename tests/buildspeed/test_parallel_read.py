"""Full builds read articles on two cores (plugins/buildspeed/parallel_read.py): the site,
and what a broken source says, must be exactly a serial build's. And the whole buildspeed
plugin can go: without it in PLUGINS a publish build is byte for byte the same."""

import json
import runpy
import shutil
import sys
from pathlib import Path

from sitebuild import ROOT, Build, differences, run_pelican

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_site import write_site

ARTICLES = 60
HELPER_LINE = "articles read by a helper process"


def _build(content: Path, output: Path, parallel: bool, strict: bool = False) -> Build:
    extra = {"SEARCH_INDEX": "false", "BUILDSPEED_PARALLEL_READ": str(parallel).lower()}
    return run_pelican(content, output, "publishconf.py", strict, extra, options=["-v"])


def _helped(build: Build) -> int:
    """How many articles the helper process read, from the build's log."""
    line = next((line for line in build.log.splitlines() if HELPER_LINE in line), "")
    words = line.split(HELPER_LINE)[0].split()
    return int(words[-1]) if words and words[-1].isdigit() else 0


def test_without_buildspeed_a_publish_build_is_byte_for_byte_the_same(tmp_path: Path) -> None:
    """The seed site and 60 articles, search index included: with buildspeed (Markdown on
    two cores) and without it in PLUGINS (read serially). No file carries the build time
    (sitemap dates come from the articles), so every file must be the same."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_site(content, ARTICLES)
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert "buildspeed" in plugins
    without = json.dumps([name for name in plugins if name != "buildspeed"])
    cache = {"CACHE_PATH": json.dumps(str(tmp_path / "cache"))}
    with_it = run_pelican(content, tmp_path / "with", "publishconf.py", extra=cache, options=["-v"])
    extra = {**cache, "PLUGINS": without}
    alone = run_pelican(
        content, tmp_path / "without", "publishconf.py", extra=extra, options=["-v"]
    )
    assert with_it.returncode == alone.returncode == 0, with_it.log + alone.log
    assert _helped(with_it) > ARTICLES // 4, with_it.log
    assert _helped(alone) == 0
    assert (tmp_path / "with" / "pagefind" / "pagefind.js").is_file()
    assert differences(tmp_path / "with", tmp_path / "without") == []


def _break(content: Path, number: int, how: str) -> None:
    path = content / f"article-{number:05d}.md"
    text = path.read_text(encoding="utf-8")
    if how == "metadata":
        path.write_text(text.replace("\n", "\nnot a metadata line\n", 1), encoding="utf-8")
    elif how == "encoding":
        path.write_bytes(text.encode("utf-8") + b"\n\xff\xfe broken\n")
    elif how == "date":
        date = next(line for line in text.splitlines() if line.startswith("Date: "))
        path.write_text(text.replace(date, "Date: 2024-13-45"), encoding="utf-8")


def test_broken_sources_are_reported_as_a_serial_build_reports_them(tmp_path: Path) -> None:
    """Broken files spread over the reading order, so the helper meets some of them: it
    leaves them to Pelican's process, which names each file as a serial build does."""
    content = tmp_path / "content"
    write_site(content, ARTICLES)
    broken = {3: "metadata", 17: "encoding", 29: "date", 41: "metadata", 52: "encoding"}
    for number, how in broken.items():
        _break(content, number, how)
    parallel = _build(content, tmp_path / "parallel", parallel=True)
    serial = _build(content, tmp_path / "serial", parallel=False)
    assert _helped(parallel) > 0, parallel.log
    assert sorted(parallel.problems()) == sorted(serial.problems())
    for number in broken:
        assert any(f"article-{number:05d}.md" in p for p in parallel.problems()), number
    assert differences(tmp_path / "parallel", tmp_path / "serial") == []
    # Strict: the build stops at the first broken file it reads (which one depends on
    # Pelican's reading order, a set's, so it differs between runs, serial ones too).
    strict = _build(content, tmp_path / "strict", parallel=True, strict=True)
    assert strict.returncode != 0
    assert strict.problems()
    names = [f"article-{number:05d}.md" for number in broken]
    assert all(any(name in p for name in names) for p in strict.problems()), strict.log


def test_bodies_cleaned_in_the_helper_say_what_a_serial_build_says(tmp_path: Path) -> None:
    """The helper also sanitises the bodies it converts (kit.prefetch.derive): pasted
    HTML spread over the reading order, so both processes meet some, gives the serial
    build's site and the serial build's warnings, each naming its file."""
    content = tmp_path / "content"
    write_site(content, ARTICLES)
    pasted = (
        '\n<p onclick="steal()">Pasted <script>alert(1)</script>text</p>\n'
        '\n<img src="https://tracker.example/pixel.png" alt="pixel">\n'
    )
    dirty = (2, 19, 33, 47, 58)
    for number in dirty:
        path = content / f"article-{number:05d}.md"
        path.write_text(path.read_text(encoding="utf-8") + pasted, encoding="utf-8")
    parallel = _build(content, tmp_path / "parallel", parallel=True)
    serial = _build(content, tmp_path / "serial", parallel=False)
    assert _helped(parallel) > 0, parallel.log
    assert sorted(parallel.problems()) == sorted(serial.problems())
    for number in dirty:
        said = [p for p in parallel.problems() if f"article-{number:05d}.md" in p]
        assert any("<script>" in p for p in said)
        assert any("tracker.example" in p for p in said)
    assert differences(tmp_path / "parallel", tmp_path / "serial") == []
