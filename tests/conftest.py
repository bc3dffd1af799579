"""Fixtures: the real site built once per session, and scratch copies of the repository."""

import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, Build, run_pelican


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real content/, built strictly with the publish settings."""
    build = run_pelican(ROOT / "content", tmp_path_factory.mktemp("publish"), "publishconf.py")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real content/, built strictly with the development settings."""
    build = run_pelican(ROOT / "content", tmp_path_factory.mktemp("dev"))
    assert build.returncode == 0, build.log
    return build


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A copy of the repository's site files (not content) to run tasks in."""
    for name in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("theme", "plugins", "markdown_extensions", "devtools"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "content").mkdir()
    return tmp_path


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium for a test module (Playwright's sync API allows one at a time)."""
    from browser import launched_chromium

    with launched_chromium() as browser:
        yield browser
