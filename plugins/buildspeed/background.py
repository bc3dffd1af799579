"""Site jobs in the background, for the edit-preview loop: pages first, the index a moment later.

A job on the written site (kit.site_jobs: the search plugin's Pagefind, about 2 s for
1,000 articles) would hold back every rebuild. With BUILDSPEED_INCREMENTAL this runner
takes over: the rebuilt pages are on disk and the browser reloads without waiting.

- Nothing to do when the job's files are the same as last time, none was rendered
  again, and its result is in place.
- The job reads a copy of its files, kept between builds and refreshed before the build
  returns (the next build may rewrite a page while the job reads): only the files this
  build rendered, or that changed on disk, are copied again, not all 1,000.
- One job at a time, the newest last; the process waits for a running job before it
  exits (a job cleans up after itself).
"""

import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kit.site_jobs import SiteJob


@dataclass
class _Snapshot:
    """A kept copy of one job's files (its root holds `site/`)."""

    root: Path
    of: Path  # the output folder it copies
    files: set[str] = field(default_factory=set)
    last: tuple[str, ...] = ()  # the files of the newest job run on it


class BackgroundRunner:
    """kit.site_jobs's Runner for the livereload process (session.SESSION holds it)."""

    def __init__(self, rendered: Callable[[], set[str]]) -> None:
        self._rendered = rendered  # the paths this build wrote
        self._thread: threading.Thread | None = None
        self._snapshots: dict[str, _Snapshot] = {}

    def submit(self, output: Path, job: SiteJob) -> None:
        self.settle()  # one job at a time, the newest last
        rendered = self._rendered()
        snapshot = self._snapshots.get(job.name)
        unchanged = snapshot is not None and snapshot.of == output and snapshot.last == job.files
        unchanged = unchanged and not any(str(output / name) in rendered for name in job.files)
        if unchanged and (output / job.result).is_file():
            return
        snapshot = self._refresh(job.name, output, job.files, rendered)
        snapshot.last = job.files
        self._thread = threading.Thread(target=job.run, args=(snapshot.root / "site", output))
        self._thread.start()

    def settle(self) -> None:
        """Let a running job finish."""
        if self._thread is not None:
            self._thread.join()

    def finish(self) -> None:
        """At exit: let a running job finish, then remove the kept copies."""
        self.settle()
        self.remove_copies()

    def remove_copies(self) -> None:
        for snapshot in self._snapshots.values():
            shutil.rmtree(snapshot.root, ignore_errors=True)
        self._snapshots.clear()

    def _refresh(self, name: str, output: Path, files: tuple, rendered: set) -> _Snapshot:
        """Bring the kept copy up to date with `files` in `output`."""
        snapshot = self._snapshots.get(name)
        if snapshot is None or snapshot.of != output:
            if snapshot is not None:
                shutil.rmtree(snapshot.root, ignore_errors=True)
            snapshot = _Snapshot(Path(tempfile.mkdtemp(prefix="buildspeed-job-")), output)
            self._snapshots[name] = snapshot
        site = snapshot.root / "site"
        for file in files:
            source, copy = output / file, site / file
            if str(source) in rendered or file not in snapshot.files or not _same(source, copy):
                _copy(source, copy)
        for file in snapshot.files - set(files):
            (site / file).unlink(missing_ok=True)
        snapshot.files = set(files)
        return snapshot


def _same(source: Path, copy: Path) -> bool:
    """Same size and modification time: `_copy` keeps the time of what it copies."""
    try:
        one, other = source.stat(), copy.stat()
    except OSError:
        return False
    return (one.st_size, one.st_mtime_ns) == (other.st_size, other.st_mtime_ns)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
