"""Write on two cores: a forked helper renders every other page and feed while Pelican
renders the rest.

Rendering templates and feeds is about a third of a full build of this blog, and
Pelican does it on one core. In a full build (CI, `publish`, the deploy hook's first
build) the writer (`ParallelWriter`) forks one helper as soon as Pelican creates it:
every generator's context is final by then. Both processes then run the same write
phase, every generator's `generate_output` in Pelican's order, so both see the same
sequence of pages and feeds ("units": one rendered page, or one feed written to a
file). Each renders and writes only its own units (the helper the odd ones), and for
the others does everything Pelican does but rendering and writing: its bookkeeping of
written files and the `content_written` signal, so the sitemap, the overwrite checks
and the `Writing` messages stay those of a serial build, in order, in Pelican's process.

The helper stops where Pelican's process waits for it (`RenderJoin`, a generator
placed after every generator that renders and before the static files are copied)
and reports which of its units it wrote. A unit it could not write cleanly (an
exception, or anything logged at warning level or above), and every unit after it, is
rendered again by Pelican's process, which then says or raises what a serial build
would; so does a helper that died or stopped answering. The output is byte-identical
to a serial build (tests/buildspeed/test_parallel_render.py).
"""

import contextlib
import logging
import multiprocessing
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from kit import site_jobs
from kit.fast_path import unaffected_by_body
from kit.pelican_internals import PluginWriter
from kit.run_state import state_of

from .settings import SPEC
from .writer import Discard, RenderedBy

logger = logging.getLogger(__name__)
_PELICAN_WRITER_LOG = logging.getLogger("pelican.writers")  # says `Writing "..."`

MIN_ARTICLES = 24  # below this, forking costs more than it saves
PATIENCE_SECONDS = 600.0  # the helper renders about as much as Pelican's process
HELPER = 1  # the helper renders the units u with u % 2 == HELPER
_GENERATORS = "buildspeed:render-generators"  # run state: this build's generators
# What a second pass over the write phase (after the helper failed) does not send
# again: their receivers heard of every written file in the first pass. (The others
# must run again: `feed_generated` completes a feed, `article_writer_finalized` writes
# the JSON feeds, so the second pass meets the same units as the first.)
_FIRST_PASS_SIGNALS = ("content_written", "feed_written")


@dataclass
class Split:
    """Which process renders which unit, and how far the write phase got."""

    slot: int  # 0: Pelican's process, HELPER: the helper
    units: int = 0  # units met so far in this pass
    redo: frozenset[int] | None = None  # second pass: only these units are rendered
    failed: set[int] = field(default_factory=set)  # the helper's units not written cleanly
    current: int = -1  # the unit being rendered
    last_owned: bool = True

    def next_unit(self) -> bool:
        """Count one more unit; whether this process renders and writes it."""
        unit, self.units = self.units, self.units + 1
        self.current = unit
        if self.redo is not None:
            self.last_owned = unit in self.redo
        else:
            self.last_owned = unit % 2 == self.slot
        return self.last_owned


class ParallelWriter(PluginWriter):
    """PluginWriter that shares the write phase with a forked helper (see the module)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._split: Split | None = None
        self._helper: _Helper | None = None
        # A plugin that listens to `feed_written` gets the feed object Pelican's process
        # wrote: then that process writes every feed (the helper renders pages only).
        self._feeds_here = bool(signals.feed_written.receivers)
        generators = state_of(self.settings).get(_GENERATORS)
        if generators and _enough_work(generators):
            self._split = Split(slot=0)
            self._helper = _fork(self, generators)

    # Pelican's write_file renders (the template proxy), then opens the file it writes.
    def write_file(self, name, template, context, *args, **kwargs):
        if self._split is None or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        return super().write_file(
            name, RenderedBy(template, self.render_unit), context, *args, **kwargs
        )

    def render_unit(self, template, localcontext: dict) -> str:
        split = self._split
        if split is None:
            return template.render(localcontext)
        return template.render(localcontext) if split.next_unit() else ""

    def open_output(self, filename: str, encoding: str, override: bool):
        split = self._split
        if split is None:
            return super().open_output(filename, encoding, override)
        if split.redo is not None:  # the second pass: the first one did the bookkeeping
            return open(filename, "w", encoding=encoding) if split.last_owned else Discard()
        if split.last_owned:
            return super().open_output(filename, encoding, override)
        self.claim_output(filename, override)
        return Discard()

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        split = self._split
        arguments = (elements, context, path, url, feed_type, override_output, feed_title)
        if split is None or not path:
            return super().write_feed(*arguments)
        if self._feeds_here:  # Pelican's process writes them all, in the first pass
            split.last_owned = split.slot == 0 and split.redo is None
            return super().write_feed(*arguments) if split.last_owned else None
        if split.next_unit():
            return super().write_feed(*arguments)
        if split.redo is None:  # what Pelican does around writing a feed, but writing it
            complete_path = sanitised_join(self.output_path, path)
            self.claim_output(complete_path, override_output)
            _PELICAN_WRITER_LOG.info('Writing "%s"', complete_path)
        return None

    def join(self, generators: list) -> None:
        """Wait for the helper; render what it did not write; go on alone."""
        split, helper = self._split, self._helper
        if split is None or helper is None:
            return
        report = helper.wait()
        redo = _units_to_redo(split, report)
        helper.written = len(range(HELPER, split.units, 2)) - len(redo)
        self._split = None
        if redo:
            logger.info("buildspeed: rendering %d of the helper's pages and feeds here", len(redo))
            self._second_pass(generators, frozenset(redo))
        logger.info("buildspeed: %d pages and feeds written by a helper process", helper.written)

    def _second_pass(self, generators: list, redo: frozenset[int]) -> None:
        self._split = Split(slot=0, redo=redo)
        try:
            with _muted(_FIRST_PASS_SIGNALS):
                _write_phase(generators, self)
        finally:
            self._split = None


class RenderJoin(Generator):
    """A generator Pelican runs after every generator that renders (plugins' included)
    and before the static files: where Pelican's process waits for the helper, and from
    where work on the written pages (Pagefind, kit.site_jobs) runs beside the rest of
    the build. (A Generator like the others: plugins look at every generator's context.)"""

    def generate_output(self, writer) -> None:
        if isinstance(writer, ParallelWriter):
            writer.join(state_of(self.settings).get(_GENERATORS) or [])
        # Every page is written: work on them (Pagefind) may start now, beside the rest.
        site_jobs.output_complete(self.settings, Path(self.output_path))


@unaffected_by_body("full builds only")
def remember_generators(generators: list) -> None:
    """`all_generators_finalized` receiver: the generators whose write phase is shared."""
    if generators and wanted(generators[0].settings):
        state_of(generators[0].settings).put(_GENERATORS, generators)


def provide_join(pelican) -> type[RenderJoin]:
    """`get_generators` receiver."""
    return RenderJoin


def wanted(settings: dict) -> bool:
    """Full builds with BUILDSPEED_PARALLEL_RENDER (the incremental writer renders little)."""
    config = SPEC.of(settings)
    return config["BUILDSPEED_PARALLEL_RENDER"] and not config["BUILDSPEED_INCREMENTAL"]


def _enough_work(generators: list) -> bool:
    articles = sum(len(getattr(g, "articles", ())) for g in generators)
    return articles >= MIN_ARTICLES


def _write_phase(generators: list, writer: ParallelWriter) -> None:
    """Every generator's output up to the join, in Pelican's order (Pelican.run)."""
    for generator in generators:
        if isinstance(generator, RenderJoin):
            return
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)


@contextlib.contextmanager
def _muted(names: tuple[str, ...]) -> Iterator[None]:
    """Pelican's signals in `names`, muted (blinker's Signal.muted) for a block."""
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(getattr(signals, name).muted())
        yield


# --- The helper process ------------------------------------------------------------------


@dataclass
class _Report:
    reached: int  # units met before the helper stopped (all of them when it finished)
    finished: bool
    failed: tuple[int, ...]  # its own units it did not write cleanly


@dataclass
class _Helper:
    process: multiprocessing.Process
    connection: object
    written: int = 0

    def wait(self) -> _Report | None:
        """The helper's report, or None if it died or stopped answering."""
        report = None
        try:
            if self.connection.poll(PATIENCE_SECONDS):
                report = self.connection.recv()
        except (EOFError, OSError):
            report = None
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()
        if report is None:
            logger.info("buildspeed: the render helper stopped; its pages are rendered here")
        return report


def _units_to_redo(split: Split, report: _Report | None) -> set[int]:
    """The helper's units that Pelican's process must render itself."""
    if report is None:
        start = 0
    elif report.finished and report.reached != split.units:
        start = 0  # the two write phases went different ways: trust neither share
    else:
        start = report.reached
    theirs = range(HELPER, split.units, 2)
    redo = {unit for unit in theirs if unit >= start}
    if report is not None:
        redo |= set(report.failed)
    return redo


def _fork(writer: ParallelWriter, generators: list) -> _Helper:
    for stream in (sys.stdout, sys.stderr):  # or the helper would print it again at exit
        stream.flush()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_helper_main, args=(writer, generators, sending), daemon=True)
    process.start()
    sending.close()
    return _Helper(process, receiving)


def _helper_main(writer: ParallelWriter, generators: list, sending) -> None:
    """The helper: the write phase, rendering the odd units; then its report."""
    split = Split(slot=HELPER)
    writer._split, writer._helper = split, None
    recorder = _Recorder(split)
    root = logging.getLogger()
    root.handlers[:] = [recorder]
    started = time.monotonic()
    finished = False
    try:
        _write_phase(generators, writer)
        finished = True
    except BaseException:  # Pelican's process renders this unit again and reports it
        split.failed.add(split.current)
    reached = split.units if finished else split.current
    report = _Report(reached, finished, tuple(sorted(split.failed)))
    logger.debug("render helper: %d units in %.2f s", split.units, time.monotonic() - started)
    try:
        sending.send(report)
    finally:
        sending.close()


class _Recorder(logging.Handler):
    """In the helper: a unit that logged a warning or worse is rendered again by Pelican's
    process, which says it (the helper itself prints nothing)."""

    def __init__(self, split: Split) -> None:
        super().__init__(logging.WARNING)
        self._split = split

    def emit(self, record: logging.LogRecord) -> None:
        self._split.failed.add(self._split.current)
