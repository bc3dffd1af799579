"""Documents converted ahead of time: how a reader takes what another process prepared.

A reader that can convert a source on its own (`DocumentConverter`: plain strings in,
plain strings out) lets the buildspeed plugin convert sources in a helper process while
Pelican reads (parallel read). The reader asks `take(settings, path)` before converting;
whoever offered a `Prefetcher` for this run answers, or nobody does and the reader
converts the file itself. Neither side imports the other.
"""

from typing import Protocol, runtime_checkable

from .run_state import state_of

_PART = "prefetch:source"
Converted = tuple[str, dict | None]  # (body HTML, metadata lines as the reader parsed them)


@runtime_checkable
class DocumentConverter(Protocol):
    """A reader whose conversion of one file gives only plain strings (safe to fork)."""

    def convert_document(self, source_path: str) -> Converted: ...


class Prefetcher(Protocol):
    def take(self, source_path: str) -> Converted | None: ...


def offer(settings: dict, prefetcher: Prefetcher) -> None:
    """Answer this run's `take` calls from `prefetcher`."""
    state_of(settings).put(_PART, prefetcher)


def withdraw(settings: dict) -> Prefetcher | None:
    """Stop answering (every source has been read); the prefetcher that was offered."""
    return state_of(settings).drop(_PART)


def take(settings: dict, source_path: str) -> Converted | None:
    """The conversion of `source_path` made ahead of time, or None: convert it yourself."""
    prefetcher = state_of(settings).get(_PART)
    return prefetcher.take(source_path) if prefetcher is not None else None
