"""Releases in a webroot: `releases/<timestamp>-<sha>/` folders and a `current` symlink.

The web server serves `WEBROOT/current/`. A new release is built next to the
live one and `current` is switched by renaming a new symlink over it, which
is atomic: a reader gets the old site or the new one, never a mix.
This module is stdlib-only: the git hooks import it from the bare repository.
"""

import contextlib
import datetime
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
LOCK = ".deploy.lock"
BUILDS = ".builds"


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
