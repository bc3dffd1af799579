"""Releases in a webroot: `releases/<timestamp>-<sha>/` folders and a `current` symlink.

The web server serves `WEBROOT/current/`. A new release is built next to the
live one and `current` is switched by renaming a new symlink over it, which
is atomic: a reader gets the old site or the new one, never a mix.

Every page, though, is a separate request from the stylesheet and script it names,
and those are named by their content's hash (`theme/css/style.<hash>.css`, the assets
plugin), so a reader who got release A's page just before the switch asks for A's
stylesheet just after it, from release B. So a new release also carries the
fingerprinted theme files of the releases still on disk (`keep_old_assets`): a page of
any kept release finds its own stylesheet and script whichever release is live, and a
file that never changes under its name can be cached for a year. Only the files a
release built itself (listed in `WEBROOT/.assets/<name>`) are carried on, so a release
holds at most `keep` versions of each, not every version ever built.

This module is stdlib-only: the git hooks import it from the bare repository.
"""

import contextlib
import datetime
import fcntl
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
LOCK = ".deploy.lock"
BUILDS = ".builds"
OWN_ASSETS = ".assets"  # WEBROOT/.assets/<release name>: the fingerprinted files it built
# A theme file named by its content's hash (plugins/assets/fingerprints.py: name, dot, 10
# hex digits, .css or .js, under THEME_STATIC_DIR `theme`). Repeated here, stdlib only;
# tests/deploy/test_nginx.py checks it finds exactly the files a real build fingerprints.
FINGERPRINTED = re.compile(r"^theme/(?:[^/]+/)*[^/]+\.[0-9a-f]{10}\.(?:css|js)$")


def release_name(sha: str, now: datetime.datetime | None = None) -> str:
    """A name that sorts by time and names the commit: `20240501T101500123456Z-<sha12>`."""
    now = now or datetime.datetime.now(datetime.UTC)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{sha[:12]}"


def commit_of(release: Path) -> str:
    """The (abbreviated) commit a release was built from."""
    return release.name.rsplit("-", 1)[-1]


def list_releases(webroot: Path) -> list[Path]:
    """Every complete release, oldest first."""
    folder = webroot / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def current_release(webroot: Path) -> Path | None:
    """The release `current` points at, or None before the first deploy."""
    link = webroot / CURRENT
    if not link.is_symlink():
        return None
    return (webroot / os.readlink(link)).resolve()


def switch(webroot: Path, release: Path) -> None:
    """Point `current` at `release` atomically (a new symlink renamed over the old one)."""
    target = os.path.relpath(release, webroot)
    temporary = webroot / f".{CURRENT}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, webroot / CURRENT)


def prune(webroot: Path, keep: int) -> list[Path]:
    """Delete the oldest releases beyond `keep`, never the live one; return what was deleted."""
    live = current_release(webroot)
    releases = list_releases(webroot)
    doomed = [r for r in releases[: max(0, len(releases) - keep)] if r.resolve() != live]
    for release in doomed:
        shutil.rmtree(release)
        with contextlib.suppress(FileNotFoundError):
            _own_assets_list(release).unlink()
    return doomed


def previous_release(webroot: Path) -> Path | None:
    """The release just before the live one, for a rollback."""
    live = current_release(webroot)
    older = [r for r in list_releases(webroot) if live is None or r.resolve() < live]
    return older[-1] if older else None


@contextlib.contextmanager
def locked(webroot: Path) -> Iterator[None]:
    """Hold the webroot's deploy lock; a second deploy waits here for the first."""
    webroot.mkdir(parents=True, exist_ok=True)
    with open(webroot / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("deploy: another deploy is running; waiting for it", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fingerprinted_files(site: Path) -> list[str]:
    """The fingerprinted theme files of a site folder, as paths relative to it."""
    found = (p.relative_to(site).as_posix() for p in (site / "theme").rglob("*") if p.is_file())
    return sorted(path for path in found if FINGERPRINTED.match(path))


def _own_assets_list(release: Path) -> Path:
    return release.parent.parent / OWN_ASSETS / release.name


def own_assets(release: Path) -> list[str]:
    """The fingerprinted files `release` built itself (all it has, if it kept no list)."""
    listed = _own_assets_list(release)
    if listed.is_file():
        return listed.read_text(encoding="utf-8").split()
    return fingerprinted_files(release)


def keep_old_assets(webroot: Path, site: Path) -> tuple[list[str], int]:
    """Give the new release in `site` every fingerprinted file (and its .gz) that a release
    on disk built and `site` lacks, hard-linked; (site's own fingerprinted files, the
    number of files carried)."""
    own, carried = fingerprinted_files(site), 0
    for release in list_releases(webroot):
        for relative in own_assets(release):
            for name in (relative, f"{relative}.gz"):
                source, target = release / name, site / name
                if source.is_file() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _link_or_copy(source, target)
                    carried += 1
    return own, carried


def record_own_assets(release: Path, own: list[str]) -> None:
    """Write down which fingerprinted files `release` built (what later releases carry)."""
    _own_assets_list(release).parent.mkdir(exist_ok=True)
    _own_assets_list(release).write_text("".join(f"{path}\n" for path in own), encoding="utf-8")


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links: a copy is as good
        shutil.copy2(source, target)
