"""Log records held back while the fast path finds out whether it applies."""

import contextlib
import logging
from collections.abc import Iterator

from kit.pelican_internals import said_once


class HeldLogs(logging.Handler):
    """Keeps records instead of emitting them; `replay` sends them on."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.handlers: list[logging.Handler] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def replay(self) -> None:
        for record in self.records:
            for handler in self.handlers:
                if record.levelno >= handler.level:
                    handler.handle(record)
        self.records.clear()


@contextlib.contextmanager
def held_logs() -> Iterator[HeldLogs]:
    """Keep what reading the changed files logs: said once if the fast path goes on,
    never if it falls back (the full build reads those files again and says it).

    Pelican says a warning once per process (its LimitFilter remembers each one it
    let through): what it remembered meanwhile is forgotten again unless `replay`d,
    or the full build would not say, nor with --fatal fail on, those warnings.
    """
    root = logging.getLogger()
    held = HeldLogs()
    held.handlers = root.handlers[:]
    said = set(said_once())
    root.handlers[:] = [held]
    try:
        yield held
    finally:
        root.handlers[:] = held.handlers
        if held.records:  # not replayed: forget them
            said_once().intersection_update(said)
