"""Full builds read articles on two cores (plugins/engage/parallel_read.py): the site,
and what a broken source says, must be exactly a serial build's."""

import shutil
import sys
from pathlib import Path

from test_incremental import _differences

from sitebuild import ROOT, Build, run_pelican

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_site import write_site

ARTICLES = 60
HELPER_LINE = "articles read by a helper process"


def _build(content: Path, output: Path, parallel: bool, strict: bool = False) -> Build:
    extra = {"ENGAGE_SEARCH": "false", "ENGAGE_PARALLEL_READ": str(parallel).lower()}
    return run_pelican(content, output, "publishconf.py", strict, extra, options=["-v"])


def _helped(build: Build) -> int:
    """How many articles the helper process read, from the build's log."""
    line = next((line for line in build.log.splitlines() if HELPER_LINE in line), "")
    words = line.split(HELPER_LINE)[0].split()
    return int(words[-1]) if words and words[-1].isdigit() else 0


def test_a_parallel_read_builds_the_same_site_as_a_serial_one(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    write_site(content, ARTICLES)
    parallel = _build(content, tmp_path / "parallel", parallel=True)
    serial = _build(content, tmp_path / "serial", parallel=False)
    assert parallel.returncode == serial.returncode == 0, parallel.log
    assert _helped(parallel) > ARTICLES // 4, parallel.log
    assert _helped(serial) == 0
    assert _differences(tmp_path / "parallel", tmp_path / "serial") == []


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
    assert _differences(tmp_path / "parallel", tmp_path / "serial") == []
    # Strict: the build stops at the first broken file it reads (which one depends on
    # Pelican's reading order, a set's, so it differs between runs, serial ones too).
    strict = _build(content, tmp_path / "strict", parallel=True, strict=True)
    assert strict.returncode != 0
    assert strict.problems()
    names = [f"article-{number:05d}.md" for number in broken]
    assert all(any(name in p for name in names) for p in strict.problems()), strict.log
