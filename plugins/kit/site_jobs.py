"""Work that reads the written site at the end of a build, now or in the background.

A feature that runs a tool over the written pages (the search plugin's Pagefind) hands
it over as a `SiteJob`: the output files it reads, and what to run on a folder holding
a snapshot of them. By default the job runs at once, on a snapshot of hard links (the
tool never sees a page half written, and the output folder stays as Pelican wrote it).
The buildspeed plugin may install another runner for the run (`use_runner`): in the
edit-preview loop it runs the job in the background on a kept copy of the pages, so
the browser reloads without waiting for it. Neither side imports the other.

A job whose work is another program (Pagefind) can also start early: the feature
`offer`s a way to make its job once the pages are written, and whoever knows they are
all written before `finalized` (the buildspeed plugin, after its render helper
joined: `output_complete`) starts the program then, in the background; `submit` at
`finalized` then only waits for it and finishes in Pelican's process (messages,
errors, moving the result), so the other `finalized` work runs meanwhile. Without that
call the job runs at `submit` as before.
"""

import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .run_state import state_of

_PART = "site_jobs:runner"
_OFFERS = "site_jobs:offers"  # job makers, called once the output is complete
_STARTED = "site_jobs:started"  # jobs started early, by name


@dataclass(frozen=True)
class SiteJob:
    """One piece of work on the written site."""

    name: str  # for messages: "search index"
    files: tuple[str, ...]  # output-relative files it reads
    run: Callable[[Path, Path], None]  # (folder with a snapshot of `files`, output folder)
    result: str  # output-relative file that exists once the job's result is in place
    # The same work in two steps, for an early start: `start(snapshot folder)` begins it
    # (in another process) and returns what `finish(started, snapshot, output)` needs.
    start: Callable[[Path], object] | None = None
    finish: Callable[[object, Path, Path], None] | None = None


@dataclass
class _Started:
    job: SiteJob
    scratch: tempfile.TemporaryDirectory
    site: Path
    started: object


class Runner(Protocol):
    def submit(self, output: Path, job: SiteJob) -> None: ...

    def settle(self) -> None: ...


def use_runner(settings: dict, runner: Runner) -> None:
    """Run this run's jobs with `runner` instead of at once."""
    state_of(settings).put(_PART, runner)


def offer(settings: dict, make: Callable[[], SiteJob | None]) -> None:
    """`make()` gives this run's job once the pages are written (None: no job)."""
    state_of(settings).part(_OFFERS, list).append(make)


def output_complete(settings: dict, output: Path) -> None:
    """Every page is written: start the offered jobs that can start early (not with a
    runner of the run's own, which decides itself when to run them)."""
    state = state_of(settings)
    offers = state.drop(_OFFERS) or []
    if state.get(_PART) is not None:
        return
    for make in offers:
        job = make()
        if job is None or job.start is None or job.finish is None:
            continue
        scratch = tempfile.TemporaryDirectory(prefix="site-job-")
        site = _snapshot(output, job.files, Path(scratch.name))
        state.part(_STARTED, dict)[job.name] = _Started(job, scratch, site, job.start(site))


def submit(settings: dict, output: Path, job: SiteJob) -> None:
    """Run `job` over `output` with this run's runner (at once by default); a job started
    early with the same files is only finished."""
    early = state_of(settings).part(_STARTED, dict).pop(job.name, None)
    if early is not None:
        try:
            if early.job.files == job.files:
                job.finish(early.started, early.site, output)
                return
            _abandon(early.started)  # the pages changed since: run it again below
        finally:
            # Removing a thousand links takes a while: beside the rest of the build (a
            # non-daemon thread, so the process ends only once it is done).
            threading.Thread(target=early.scratch.cleanup, name="site-job-cleanup").start()
    runner = state_of(settings).get(_PART)
    if runner is not None:
        runner.submit(output, job)
    else:
        run_now(output, job)


def settle(settings: dict) -> None:
    """Wait until no job of this run's runner is still running."""
    runner = state_of(settings).get(_PART)
    if runner is not None:
        runner.settle()


def run_now(output: Path, job: SiteJob) -> None:
    """Run `job` on a snapshot of hard links to its files."""
    with tempfile.TemporaryDirectory(prefix="site-job-") as scratch:
        job.run(_snapshot(output, job.files, Path(scratch)), output)


def _snapshot(output: Path, files: tuple[str, ...], scratch: Path) -> Path:
    site = scratch / "site"
    for name in files:
        link_or_copy(output / name, site / name)
    return site


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to `source` at `target`, or a copy where links cannot be made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, target)


def _abandon(started: object) -> None:
    """Stop work started early (a subprocess.Popen, for one) whose result is not wanted."""
    for step in ("kill", "wait"):
        method = getattr(started, step, None)
        if callable(method):
            method()
