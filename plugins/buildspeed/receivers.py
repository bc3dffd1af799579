"""Which receivers a full build runs that the fast path does not, and what the fast path
must redo in their place (from the marks features put on them, kit.fast_path)."""

import logging
import weakref

from pelican import signals

from kit.fast_path import Redo, mark_of

logger = logging.getLogger(__name__)

# The signals a full build sends before writing, and the fast path does not.
FULL_BUILD_SIGNALS = (
    "initialized",
    "readers_init",
    "generator_init",
    "article_generator_init",
    "article_generator_pretaxonomy",
    "article_generator_finalized",
    "page_generator_init",
    "page_generator_preread",
    "page_generator_context",
    "page_generator_finalized",
    "static_generator_init",
    "static_generator_preread",
    "static_generator_context",
    "static_generator_finalized",
    "all_generators_finalized",
)


def _connected() -> list[object]:
    found = []
    for name in FULL_BUILD_SIGNALS:
        for receiver in getattr(signals, name).receivers.values():
            found.append(receiver() if isinstance(receiver, weakref.ref) else receiver)
    return found


def unmarked_receivers() -> list[str]:
    """Receivers of full-build signals that no feature vouched for (fast path off)."""
    unmarked = [
        f"{getattr(receiver, '__module__', '?')}.{getattr(receiver, '__qualname__', receiver)}"
        for receiver in _connected()
        if mark_of(receiver) is None
    ]
    if unmarked:
        logger.debug("livereload fast path off: unmarked receivers %s", unmarked)
    return unmarked


def redos() -> list[Redo]:
    """What to redo for each edited article, in signal and connection order, each once."""
    found: list[Redo] = []
    for receiver in _connected():
        mark = mark_of(receiver)
        if mark is not None and mark.redo is not None and mark.redo not in found:
            found.append(mark.redo)
    return found
