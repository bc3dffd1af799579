"""Typographic punctuation for Markdown: curly quotes, apostrophes, en and em dashes, ellipses.

Used instead of Python-Markdown's `smarty` extension, for speed. `smarty` adds a
dozen inline patterns that Python-Markdown tries at every position of every
paragraph: on the build benchmark's articles it nearly doubled Markdown's time per
article (10.5 ms against 5.6 ms without it) and was the largest single cost of a
full build. This extension does the same job in one regular-expression pass over
each text node once inline parsing is done, and writes Unicode characters rather
than named entities (`’`, not `&rsquo;`), which also reach feeds, meta
descriptions and JSON-LD unchanged.

Rules: `---` is an em dash, `--` an en dash, `...` an ellipsis. A quote is an
opening one at the start of a block or after a space, an opening bracket, a dash
or another opening quote, and when a word follows; otherwise a closing one. An
apostrophe between two letters (`it's`) or before a decade (`the '80s`) is a right
single quote. Code (`code`, `pre`, `kbd`, `samp`), raw HTML and backslash-escaped
characters (`\\"`) are left alone.

Enable with `"engage.typography": {}` in `MARKDOWN["extension_configs"]`.
"""

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

SKIPPED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math"})
# Elements whose text starts a new run of prose: no quote context carries into them.
BLOCKS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dt", "dd",
     "div", "figcaption", "caption", "summary", "details", "ul", "ol", "dl", "table"}
)  # fmt: skip
_MARKS = re.compile(r"---|--|\.\.\.|['\"]")
_CHANGES = ("'", '"', "--", "...")
_FIXED = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}
# After these (or at the start) a quote opens; also after whitespace.
_OPENERS = frozenset("([{\u201c\u2018\u2014\u2013-/")
_DECADE = re.compile(r"\d\ds\b")
_QUOTES = {"'": ("\u2018", "\u2019"), '"': ("\u201c", "\u201d")}


def typeset(text: str, before: str = " ") -> str:
    """Return `text` with typographic punctuation; `before` is the character preceding it."""
    if not any(mark in text for mark in _CHANGES):
        return text

    typeset_at: dict[int, str] = {}  # quotes typeset so far, by position: "' becomes “‘

    def replace(match: re.Match) -> str:
        mark, start = match.group(), match.start()
        if mark in _FIXED:
            return _FIXED[mark]
        previous = typeset_at.get(start - 1, text[start - 1]) if start else before
        following = text[start + 1 : start + 2]
        if mark == "'" and previous.isalnum() and following.isalnum():
            return "\u2019"  # it's, rock'n'roll
        if mark == "'" and not previous.isalnum() and _DECADE.match(text, start + 1):
            return "\u2019"  # the '80s
        opens = (previous.isspace() or previous in _OPENERS) and following[:1].strip() != ""
        typeset_at[start] = _QUOTES[mark][0 if opens else 1]
        return typeset_at[start]

    return _MARKS.sub(replace, text)


class TypographyProcessor(Treeprocessor):
    """Typeset every text node of the document tree, in reading order."""

    def run(self, root: Element) -> None:
        self._walk(root, " ")

    def _walk(self, element: Element, before: str) -> str:
        """Typeset `element`'s text and its children's; return the last character seen."""
        if element.tag in BLOCKS:
            before = " "
        if element.tag in SKIPPED:
            return element.text[-1:] if element.text else "x"
        before = self._set(element, "text", before)
        for child in element:
            before = self._walk(child, before)
            if child.tag == "br" or child.tag in BLOCKS:
                before = " "
            before = self._set(child, "tail", before)
        return before

    @staticmethod
    def _set(element: Element, attribute: str, before: str) -> str:
        text = getattr(element, attribute)
        if not text:
            return before
        if not isinstance(text, AtomicString):
            text = typeset(text, before)
            setattr(element, attribute, text)
        return text[-1]


class TypographyExtension(Extension):
    """Register the processor after inline parsing (20), `attr_list` (8) and `abbr` (7), and
    before `toc` (5) and unescaping (0): `{: title="..."}` must still have straight quotes
    when `attr_list` reads it."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(TypographyProcessor(md), "engage_typography", 6)
        # As with `smarty`, a backslash keeps a straight quote: \" and \'.
        md.ESCAPED_CHARS.extend(mark for mark in "'\"" if mark not in md.ESCAPED_CHARS)


def makeExtension(**kwargs: object) -> TypographyExtension:  # noqa: N802 (Markdown's hook)
    return TypographyExtension(**kwargs)
