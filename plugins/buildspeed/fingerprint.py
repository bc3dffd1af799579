"""Fingerprints of what a template can see: equal fingerprints, equal pages.

Used by the incremental writer (writer.py, incremental.py) to decide that a page need not be
rendered again. A fingerprint is a digest of the values of the template variables,
walked deeply with four levels for content objects:

- the page's own article or page (`article`, `page`): every attribute and the
  rendered body; the content objects it refers to (related articles, neighbours,
  series parts, translations) as cards ("full");
- an article in a list (`articles_page`, `dates`, a feed's entries): every
  attribute and the body, what it refers to as stubs ("listed");
- a content object referred to by the page's own: every attribute except the
  body, what it refers to as stubs ("card");
- deeper still: its URL and title ("stub").

So a body edit that changes an article's word count renders its own page, the
pages that list it, and the pages that show it as related or as a neighbour, and
no more.

Settings are left out here: the writer keys every page on a digest of all settings.
"""

import dataclasses
import datetime
import hashlib
from typing import Any

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from kit.pelican_internals import CONTENT_INTERNALS

FULL, LISTED, CARD, STUB = 0, 1, 2, 3
# The body is described once, rendered (`content.content`); the settings are keyed apart.
_SKIPPED_ATTRIBUTES = {"settings", "content", "get_content"} | CONTENT_INTERNALS
_MAX_DEPTH = 8


class Fingerprinter:
    """Digests of template values for one build (content objects are memoised by id)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], str] = {}
        self._lists: dict[tuple[int, int], tuple[object, str]] = {}
        self._owned: dict[int, tuple] = {}  # keeps each content object alive: ids stay unique
        # A full description names other contents as cards: id -> the ids it names.
        self._cards_in: dict[int, set[int]] = {}
        self._collecting: set[int] | None = None

    def forget(self, changed: list[Content]) -> None:
        """Drop what is known of `changed` (edited in place) and of what shows it as a card.

        The rest stays valid for livereload's fast path (live.py), which keeps the
        content objects between builds and changes only the bodies of `changed`, not
        their URL or title (all that a stub or a listed description takes of another).
        """
        ids = {id(content) for content in changed}
        for key in [key for key in self._memo if key[0] in ids]:
            del self._memo[key]
        for content_id in ids:
            self._owned.pop(content_id, None)
            self._cards_in.pop(content_id, None)
        for content_id, cards in list(self._cards_in.items()):
            if cards & ids:
                self._memo.pop((content_id, FULL), None)
                del self._cards_in[content_id]
        self._lists.clear()

    def describe(self, value: Any, level: int = FULL, depth: int = 0) -> str:
        """A string that changes whenever anything a template could show of `value` does."""
        if value is None or isinstance(value, bool | int | float | str | bytes):
            return repr(value)
        if isinstance(value, datetime.date | datetime.time):
            return f"{type(value).__name__}({value.isoformat()})"
        if depth > _MAX_DEPTH:
            return f"<{type(value).__name__}>"
        if isinstance(value, Content):
            return self._content(value, level)
        if isinstance(value, URLWrapper):
            return f"{type(value).__name__}({value.name!r},{value.slug!r},{value.url!r})"
        if isinstance(value, Paginator):
            return f"Paginator({value.name!r},{value.url!r},{value.per_page},{value.count})"
        if isinstance(value, Page):
            items = self.describe(value.object_list, level, depth + 1)
            return f"Page({value.number},{value.url!r},{self.describe(value.paginator)},{items})"
        return self._container(value, level, depth)

    def _container(self, value: Any, level: int, depth: int) -> str:
        inner = depth + 1
        if isinstance(value, dict):
            items = sorted((repr(k), self.describe(v, level, inner)) for k, v in value.items())
            return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
        if isinstance(value, list | tuple):
            return self._sequence(value, level, inner)
        if isinstance(value, set | frozenset):
            return "{" + ",".join(sorted(self.describe(v, level, inner) for v in value)) + "}"
        if dataclasses.is_dataclass(value):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return type(value).__name__ + self.describe(fields, level, inner)
        if callable(value):
            return f"<callable {getattr(value, '__qualname__', type(value).__name__)}>"
        if hasattr(value, "__dict__"):
            return type(value).__name__ + self.describe(vars(value), level, inner)
        return f"{type(value).__name__}({value!s})"

    def _sequence(self, value: list | tuple, level: int, depth: int) -> str:
        """A list's description; the same list object on many pages is described once."""
        key = (id(value), level)
        remembered = self._collecting is None  # inside, each card named must be noted
        cached = self._lists.get(key) if remembered else None
        if cached is not None and cached[0] is value:
            return cached[1]
        described = "[" + ",".join(self.describe(v, level, depth) for v in value) + "]"
        if len(value) > 8 and remembered:
            described = f"list#{short_digest(described)}"
            self._lists[key] = (value, described)  # keeps the list alive: ids stay unique
        return described

    def _content(self, content: Content, level: int) -> str:
        """`Article#<digest>`: a page listing 1,000 articles stays a short description."""
        key = (id(content), level)
        if level == CARD and self._collecting is not None:
            self._collecting.add(key[0])
        if key not in self._memo:
            if level == FULL:
                described = self._collect_cards(content)
            else:
                described = self._describe_content(content, level)
            self._memo[key] = f"{type(content).__name__}#{short_digest(described)}"
        return self._memo[key]

    def _collect_cards(self, content: Content) -> str:
        """The full description, noting which contents it names as cards."""
        outer, self._collecting = self._collecting, set()
        try:
            described = self._describe_content(content, FULL)
            self._cards_in[id(content)] = self._collecting
        finally:
            self._collecting = outer
        return described

    def _describe_content(self, content: Content, level: int) -> str:
        head, plain, nested = self._own(content)
        if level >= STUB:
            return head
        inner = CARD if level == FULL else STUB
        parts = [head, plain]
        parts += [f"{name}={self.describe(value, inner, 1)}" for name, value in nested]
        if level in (FULL, LISTED):
            parts.append(content.content)
        return "\n".join(parts)

    def _own(self, content: Content) -> tuple[str, str, list[tuple[str, Any]]]:
        """(identity, its plain attributes, the attributes that hold other objects), once.

        repr() says everything about dataclasses, strings, dates and categories, and
        is fast; a default repr (naming the object's address, which changes from build
        to build) or one that hides an Article inside is walked per level instead.
        """
        key = id(content)
        if key not in self._owned:
            head = f"{type(content).__name__}({content.url!r},{getattr(content, 'title', '')!r})"
            plain = [repr(getattr(content, "summary", None)), repr(content.save_as)]
            nested = []
            for name, value in sorted(vars(content).items()):
                if name in _SKIPPED_ATTRIBUTES:
                    continue
                text = "" if isinstance(value, Content) else repr(value)
                if not text or " at 0x" in text or "<pelican." in text:
                    nested.append((name, value))
                else:
                    plain.append(f"{name}={text}")
            self._owned[key] = (content, head, "\n".join(plain), nested)
        return self._owned[key][1:]


def short_digest(text: str) -> str:
    """A 32-hex-digit digest of `text` (descriptions, page and feed keys)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
