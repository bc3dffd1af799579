"""Documents converted ahead of time: how a reader takes what another process prepared.

A reader that can convert a source on its own (`DocumentConverter`: plain strings in,
plain strings out) lets the buildspeed plugin convert sources in a helper process while
Pelican reads (parallel read). The reader asks `take(settings, path)` before converting;
whoever offered a `Prefetcher` for this run answers, or nobody does and the reader
converts the file itself. Neither side imports the other.

A feature may also `derive` something from each converted body (the safehtml plugin:
the sanitised body): the helper computes it beside the conversion, and the feature
asks `derived` for it when the body reaches it, or computes it itself on None.
"""

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from .run_state import state_of

_PART = "prefetch:source"
_DERIVE = "prefetch:derive"  # name -> function of a body's HTML
_DERIVED = "prefetch:derived"  # (name, body HTML) -> what the function gave, once
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


def derive(settings: dict, name: str, function: Callable[[str], object]) -> None:
    """Whoever converts bodies ahead of time also computes `function(body HTML)`: a pure
    function of the HTML whose result can be pickled."""
    state_of(settings).part(_DERIVE, dict)[name] = function


def derivations(settings: dict) -> dict[str, Callable[[str], object]]:
    """The functions to run on each body converted ahead of time, by name."""
    return dict(state_of(settings).get(_DERIVE) or {})


def keep_derived(settings: dict, html: str, values: dict[str, object]) -> None:
    """What the derivations gave for the body `html` (the converter's side)."""
    kept = state_of(settings).part(_DERIVED, dict)
    for name, value in values.items():
        kept[(name, html)] = value


def derived(settings: dict, name: str, html: str) -> object | None:
    """What `name`'s function gave for this body, computed ahead of time (once), or None."""
    kept = state_of(settings).get(_DERIVED)
    return kept.pop((name, html), None) if kept else None
