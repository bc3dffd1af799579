"""Read articles on two cores: a forked helper converts Markdown while Pelican builds.

Pelican reads sources one after the other, and Markdown is about 40 % of a full
build of this blog. In a full build without the content cache (CI, `publish`,
`preview`) this module forks one helper process as soon as the articles
generator exists. The helper converts the article sources from the end of
Pelican's reading order backwards; Pelican reads from the front as usual, and our
Markdown reader (source_checks.py) takes the helper's result for a file the helper
has claimed, so the two meet in the middle whatever each one's speed.

The helper sends back only what is plain text: the HTML of the body and the
metadata lines as Markdown's meta extension parsed them. Pelican's own process
still turns metadata into values (dates, tags, summaries), runs every signal and
check, and creates every article, so the site is byte-identical to a serial
build (tests/test_parallel_read.py). A file the helper could not convert cleanly
(an error, or anything logged) is read again by Pelican's process, which reports
it as a serial build would. If the helper dies, Pelican's process reads the rest.
"""

import logging
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field

from .settings import EngageSettingsError

logger = logging.getLogger(__name__)

MIN_FILES = 24  # below this, forking costs more than it saves
PATIENCE_SECONDS = 60.0  # one file's Markdown takes milliseconds
_SETTING = "ENGAGE_PARALLEL_READ"


@dataclass
class _Helper:
    order: dict[str, int]  # absolute source path -> position in Pelican's reading order
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


_helper: _Helper | None = None


def start(generator) -> None:
    """`article_generator_init` receiver: fork the helper for a full, uncached build."""
    global _helper
    stop()
    settings = generator.settings
    wanted = (settings.get("ENGAGE") or {}).get(_SETTING, settings.get(_SETTING, True))
    if not isinstance(wanted, bool):
        raise EngageSettingsError(f"{_SETTING} must be True or False, not {wanted!r}")
    if not wanted or settings.get("CACHE_CONTENT") or settings.get("ENGAGE_INCREMENTAL"):
        return
    suffixes = _markdown_suffixes(generator)
    names = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    files = [os.path.abspath(os.path.join(generator.path, name)) for name in names]
    files = [path for path in files if path.endswith(suffixes)]
    if len(files) < MIN_FILES:
        return
    context = multiprocessing.get_context("fork")
    lock = context.Lock()
    helper_from = context.Value("i", len(files), lock=False)
    reader_to = context.Value("i", -1, lock=False)
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_convert_backwards,
        args=(_markdown_reader(generator), files, sending, lock, helper_from, reader_to),
        daemon=True,
    )
    process.start()
    sending.close()
    order = {path: position for position, path in enumerate(files)}
    helper = _Helper(order, receiving, process, lock, helper_from, reader_to)
    helper.drain = threading.Thread(target=_receive, args=(helper,), daemon=True)
    helper.drain.start()
    _helper = helper


def _receive(helper: _Helper) -> None:
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


def take(source_path: str) -> tuple[str, dict] | None:
    """The helper's (html, meta) for `source_path`, or None: read it in this process."""
    helper = _helper
    position = helper.order.get(source_path) if helper is not None else None
    if position is None or helper.abandoned:
        return None
    if not helper.lock.acquire(timeout=PATIENCE_SECONDS):
        return _give_up(helper)  # the helper died holding it
    try:
        theirs = helper.helper_from.value <= position
        if not theirs:
            helper.reader_to.value = max(helper.reader_to.value, position)
    finally:
        helper.lock.release()
    if not theirs:
        return None
    with helper.arrived:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while source_path not in helper.received and helper.alive:
            if not helper.arrived.wait(timeout=max(0.0, deadline - time.monotonic())):
                return _give_up(helper)  # a helper stuck on one file: read the rest here
        result = helper.received.pop(source_path, None)
    helper.used += result is not None
    return result


def _give_up(helper: _Helper) -> None:
    """Stop using a helper that does not answer; Pelican's process reads the rest."""
    helper.alive, helper.abandoned = False, True
    helper.process.kill()
    logger.warning("engage: the Markdown helper process stopped answering; reading on alone")


def stop(*_args) -> None:
    """End the helper (`article_generator_pretaxonomy`: every article has been read)."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return
    helper.process.join(timeout=5)
    if helper.process.is_alive():
        helper.process.kill()
        helper.process.join()
    helper.drain.join(timeout=5)
    helper.connection.close()
    logger.info("engage: %d articles read by a helper process", helper.used)


def _convert_backwards(reader, files, sending, lock, helper_from, reader_to) -> None:
    """The helper: claim the last unclaimed file, convert it, send it; until they meet."""
    _silence_logging()
    try:
        for position in range(len(files) - 1, -1, -1):
            with lock:
                if position <= reader_to.value:
                    return
                helper_from.value = position
            sending.send((files[position], _convert(reader, files[position])))
    except (BrokenPipeError, EOFError, OSError, KeyboardInterrupt):
        return  # Pelican's process is done reading, gone, or interrupted
    finally:
        sending.close()


def _convert(reader, path: str) -> tuple[str, dict] | None:
    """(html, meta lines) of one file, or None when anything was logged or raised."""
    records = _Recorder()
    root = logging.getLogger()
    root.addHandler(records)
    try:
        result = reader.convert_document(path)
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


def _markdown_reader(generator):
    from .source_checks import MarkdownReader

    for reader in generator.readers.readers.values():
        if isinstance(reader, MarkdownReader):
            return reader
    return MarkdownReader(generator.settings)


def _markdown_suffixes(generator) -> tuple[str, ...]:
    from .source_checks import MarkdownReader

    return tuple(
        f".{extension}"
        for extension, reader in generator.readers.readers.items()
        if isinstance(reader, MarkdownReader)
    )
