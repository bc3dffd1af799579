"""The assets plugin: the theme's CSS and JavaScript minified in the output, still valid."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild import ROOT, Build, run_pelican, write_article

THEME_STATIC = ROOT / "theme" / "static"
NODE = shutil.which("node")


def theme_files(output: Path) -> list[tuple[Path, Path]]:
    """(source, output copy) of every theme .css and .js file."""
    pairs = []
    for source in sorted(THEME_STATIC.rglob("*")):
        if source.suffix in {".css", ".js"}:
            pairs.append((source, output / "theme" / source.relative_to(THEME_STATIC)))
    return pairs


def test_the_theme_files_are_smaller_and_carry_no_comment(published_site: Build) -> None:
    pairs = theme_files(published_site.output)
    assert {source.suffix for source, _ in pairs} == {".css", ".js"}
    for source, copy in pairs:
        assert copy.stat().st_size < source.stat().st_size, copy
        text = copy.read_text(encoding="utf-8")
        assert "/*" not in text, copy  # our files' comments are all /* ... */
        assert "\n\n" not in text, copy


def test_the_minified_scripts_still_parse(published_site: Build) -> None:
    if NODE is None:  # .ci/run installs it: in CI this is a failure, not a skip
        message = "node not found: apt-get install nodejs"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    for _, copy in theme_files(published_site.output):
        if copy.suffix == ".js":
            done = subprocess.run([NODE, "--check", str(copy)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr


def test_minifying_can_be_switched_off(tmp_path: Path) -> None:
    write_article(tmp_path / "content", "a.md", title="A", date="2024-01-01")
    build = run_pelican(tmp_path / "content", tmp_path / "out", extra={"ASSETS_MINIFY": "false"})
    assert build.returncode == 0, build.log
    for source, copy in theme_files(build.output):
        assert copy.read_bytes() == source.read_bytes(), copy


def test_a_wrong_setting_is_named(tmp_path: Path) -> None:
    write_article(tmp_path / "content", "a.md", title="A", date="2024-01-01")
    build = run_pelican(tmp_path / "content", tmp_path / "out", extra={"ASSETS_MINIFY": '"yes"'})
    assert build.returncode != 0
    assert "ASSETS_MINIFY must be True or False" in build.log
