"""Work that reads the written site at the end of a build, now or in the background.

A feature that runs a tool over the written pages (the search plugin's Pagefind) hands
it over as a `SiteJob`: the output files it reads, and what to run on a folder holding
a snapshot of them. By default the job runs at once, on a snapshot of hard links (the
tool never sees a page half written, and the output folder stays as Pelican wrote it).
The buildspeed plugin may install another runner for the run (`use_runner`): in the
edit-preview loop it runs the job in the background on a kept copy of the pages, so
the browser reloads without waiting for it. Neither side imports the other.
"""

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .run_state import state_of

_PART = "site_jobs:runner"


@dataclass(frozen=True)
class SiteJob:
    """One piece of work on the written site."""

    name: str  # for messages: "search index"
    files: tuple[str, ...]  # output-relative files it reads
    run: Callable[[Path, Path], None]  # (folder with a snapshot of `files`, output folder)
    result: str  # output-relative file that exists once the job's result is in place


class Runner(Protocol):
    def submit(self, output: Path, job: SiteJob) -> None: ...

    def settle(self) -> None: ...


def use_runner(settings: dict, runner: Runner) -> None:
    """Run this run's jobs with `runner` instead of at once."""
    state_of(settings).put(_PART, runner)


def submit(settings: dict, output: Path, job: SiteJob) -> None:
    """Run `job` over `output` with this run's runner (at once by default)."""
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
        site = Path(scratch) / "site"
        for name in job.files:
            link_or_copy(output / name, site / name)
        job.run(site, output)


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link to `source` at `target`, or a copy where links cannot be made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, target)
