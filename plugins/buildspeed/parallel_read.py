"""Read articles on two cores: a forked helper converts Markdown while Pelican builds.

Pelican reads sources one after the other, and Markdown is about 40 % of a full
build of this blog. In a full build without the content cache (CI, `publish`,
`preview`) this module forks one helper process as soon as the articles
generator exists. The helper converts the article sources from the end of
Pelican's reading order backwards; Pelican reads from the front as usual, and a
reader that can convert on its own (kit.prefetch.DocumentConverter: the strict
plugin's Markdown reader) takes the helper's result for a file the helper has
claimed (kit.prefetch.take), so the two meet in the middle whatever each one's speed.

The helper sends back only what is plain text: the HTML of the body and the
metadata lines as Markdown's meta extension parsed them, and what features derive from
a body (kit.prefetch.derive: the sanitised body), which they take as it arrives.
Pelican's own process still turns metadata into values (dates, tags, summaries), runs
every signal and check, and creates every article, so the site is byte-identical to a serial
build (tests/buildspeed/test_parallel_read.py). A file the helper could not convert
cleanly (an error, or anything logged) is read again by Pelican's process, which
reports it as a serial build would. If the helper dies, Pelican's process reads the rest.
"""

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field

from kit import prefetch
from kit.fast_path import unaffected_by_body
from kit.prefetch import Converted, DocumentConverter

from .settings import SPEC

logger = logging.getLogger(__name__)

MIN_FILES = 24  # below this, forking costs more than it saves
PATIENCE_SECONDS = 60.0  # one file's Markdown takes milliseconds


@dataclass
class Helper:
    """The forked helper of one build, and what Pelican's process received from it."""

    order: dict[str, int]  # absolute source path -> position in Pelican's reading order
    settings: dict
    connection: object
    process: multiprocessing.Process
    lock: object
    helper_from: object  # the helper has claimed every position >= this
    reader_to: object  # Pelican's process has claimed every position <= this
    received: dict = field(default_factory=dict)  # path -> (html, meta) or None
    arrived: threading.Condition = field(default_factory=threading.Condition)
    alive: bool = True  # until its pipe closes (it stops once the two sides meet)
    abandoned: bool = False  # it stopped answering
    used: int = 0  # results Pelican's process took
    drain: threading.Thread | None = None

    def take(self, source_path: str) -> Converted | None:
        """The helper's (html, meta) for `source_path`, or None: read it in this process."""
        position = self.order.get(source_path)
        if position is None or self.abandoned:
            return None
        if not self.lock.acquire(timeout=PATIENCE_SECONDS):
            return self._give_up()  # the helper died holding it
        try:
            theirs = self.helper_from.value <= position
            if not theirs:
                self.reader_to.value = max(self.reader_to.value, position)
        finally:
            self.lock.release()
        if not theirs:
            return None
        with self.arrived:
            deadline = time.monotonic() + PATIENCE_SECONDS
            while source_path not in self.received and self.alive:
                if not self.arrived.wait(timeout=max(0.0, deadline - time.monotonic())):
                    return self._give_up()  # stuck on one file: read the rest here
            result = self.received.pop(source_path, None)
        if result is None:
            return None
        self.used += 1
        html, meta, derived = result
        prefetch.keep_derived(self.settings, html, derived)
        return html, meta

    def _give_up(self) -> None:
        """Stop using a helper that does not answer; Pelican's process reads the rest."""
        self.alive, self.abandoned = False, True
        self.process.kill()
        logger.warning("buildspeed: the Markdown helper process stopped answering; reading on")

    def stop(self) -> None:
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.drain.join(timeout=5)
        self.connection.close()
        logger.info("buildspeed: %d articles read by a helper process", self.used)


def wanted(settings: dict) -> bool:
    """Full, uncached builds only: the content cache (livereload) already skips Markdown."""
    config = SPEC.of(settings)
    if not config["BUILDSPEED_PARALLEL_READ"] or config["BUILDSPEED_INCREMENTAL"]:
        return False
    return not settings.get("CACHE_CONTENT")


@unaffected_by_body("off with the content cache, which livereload uses")
def start(generator) -> None:
    """`article_generator_init` receiver: fork the helper for a full, uncached build."""
    stop(generator)  # one left by an earlier run of the same Pelican object
    settings = generator.settings
    converter, suffixes = _converter(generator)
    if converter is None or not wanted(settings):
        return
    names = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    files = [os.path.abspath(os.path.join(generator.path, name)) for name in names]
    files = [path for path in files if path.endswith(suffixes)]
    if len(files) >= MIN_FILES:
        prefetch.offer(settings, _fork(converter, files, settings))


def _fork(converter: DocumentConverter, files: list[str], settings: dict) -> Helper:
    context = multiprocessing.get_context("fork")
    lock = context.Lock()
    derivations = prefetch.derivations(settings)
    helper_from = context.Value("i", len(files), lock=False)
    reader_to = context.Value("i", -1, lock=False)
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_convert_backwards,
        args=(converter, derivations, files, sending, lock, helper_from, reader_to),
        daemon=True,
    )
    process.start()
    sending.close()
    order = {path: position for position, path in enumerate(files)}
    helper = Helper(order, settings, receiving, process, lock, helper_from, reader_to)
    helper.drain = threading.Thread(target=_receive, args=(helper,), daemon=True)
    helper.drain.start()
    return helper


@unaffected_by_body("off with the content cache, which livereload uses")
def stop(generator) -> None:
    """End the helper (`article_generator_pretaxonomy`: every article has been read)."""
    helper = prefetch.withdraw(generator.settings)
    if isinstance(helper, Helper):
        helper.stop()


def _receive(helper: Helper) -> None:
    """Take the helper's results as they come (its pipe must not fill up)."""
    while True:
        try:
            path, result = helper.connection.recv()
        except (EOFError, OSError):
            break
        with helper.arrived:
            helper.received[path] = result
            helper.arrived.notify_all()
    with helper.arrived:
        helper.alive = False
        helper.arrived.notify_all()


def _convert_backwards(converter, derivations, files, sending, lock, helper_from, reader_to):
    """The helper: claim the last unclaimed file, convert it, send it; until they meet."""
    _silence_logging()
    try:
        for position in range(len(files) - 1, -1, -1):
            with lock:
                if position <= reader_to.value:
                    return
                helper_from.value = position
            sending.send((files[position], _convert(converter, derivations, files[position])))
    except (BrokenPipeError, EOFError, OSError, KeyboardInterrupt):
        return  # Pelican's process is done reading, gone, or interrupted
    finally:
        sending.close()


def _convert(converter: DocumentConverter, derivations: dict, path: str) -> tuple | None:
    """(html, meta lines, derived values) of one file, or None when anything was logged
    or raised."""
    records = _Recorder()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        html, meta = converter.convert_document(path)
        result = (html, meta, {name: derive(html) for name, derive in derivations.items()})
    except Exception:  # Pelican's process reads it again and reports it
        result = None
    finally:
        root.removeHandler(records)
    return None if records.seen else result


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def _silence_logging() -> None:
    """The helper prints nothing: what it would say, Pelican's process says."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())


def _converter(generator) -> tuple[DocumentConverter | None, tuple[str, ...]]:
    """The reader that converts on its own, and the file suffixes it reads."""
    found = {
        ext: r for ext, r in generator.readers.readers.items() if isinstance(r, DocumentConverter)
    }
    converter = next(iter(found.values()), None)
    return converter, tuple(f".{extension}" for extension in found)
