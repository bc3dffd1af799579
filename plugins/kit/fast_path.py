"""What livereload's fast path may skip or must redo: marks that each feature puts on its receivers.

After an edit of article bodies only, the buildspeed plugin renders again from the last
build's articles instead of building from scratch, so the receivers of the signals a
full build sends before writing (`initialized` ... `all_generators_finalized`) do not
run. That is only right for a receiver whose result a body cannot change, or whose
work for one article can be redone. The feature that owns a receiver knows which; it
says so here, next to the receiver:

    @unaffected_by_body("title, tags and metadata")
    def attach_engagement(generators): ...

    @redone_per_article(add_reading_stats_to)   # called for each edited article
    def add_reading_stats(generators): ...

Buildspeed reads the marks of the receivers actually connected (`mark_of`): an unmarked
receiver (a plugin added to PLUGINS) turns the fast path off, so a rebuild can be slower,
never stale. Renaming a receiver changes nothing: the mark travels with the function.
Third-party receivers are vouched for by the feature that relies on them (`vouch_for`).
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Redo = Callable[[Any, dict], None]  # (edited content object, its generator's context)
_ATTRIBUTE = "__fast_path__"


@dataclass(frozen=True)
class Mark:
    """Why the fast path may skip a receiver, and what to redo instead (if anything)."""

    reason: str
    redo: Redo | None = None


def unaffected_by_body(reason: str) -> Callable:
    """Decorator: a body edit cannot change this receiver's result (`reason` says why)."""

    def mark(receiver: Callable) -> Callable:
        setattr(receiver, _ATTRIBUTE, Mark(reason))
        return receiver

    return mark


def redone_per_article(redo: Redo) -> Callable:
    """Decorator: after a body edit, `redo(article, context)` for each edited article
    replaces this receiver's work."""

    def mark(receiver: Callable) -> Callable:
        setattr(receiver, _ATTRIBUTE, Mark(f"redone per article by {redo.__qualname__}", redo))
        return receiver

    return mark


def vouch_for(receiver: Callable, reason: str) -> None:
    """Mark a receiver of another package (one we cannot decorate) as unaffected by bodies."""
    with contextlib.suppress(AttributeError, TypeError):  # a bound method stays unmarked
        setattr(receiver, _ATTRIBUTE, Mark(reason))


def mark_of(receiver: object) -> Mark | None:
    """The receiver's mark, or None when no one vouched for it."""
    mark = getattr(receiver, _ATTRIBUTE, None)
    return mark if isinstance(mark, Mark) else None
