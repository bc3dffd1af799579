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

Enable with `"markdown_extensions.typography": {}` in `MARKDOWN["extension_configs"]`.
"""

import html
import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX as _ETX
from markdown.util import HTML_PLACEHOLDER, AtomicString
from markdown.util import STX as _STX

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
_STASHED_PREFIX = (HTML_PLACEHOLDER % "").strip(_STX + _ETX)  # raw HTML's placeholders


def typeset(text: str, before: str = " ", after: str = "", stashed: list = ()) -> str:
    """Return `text` with typographic punctuation.

    `before` and `after` are the characters around it in reading order: "" after the
    end of a block (a quote there closes), "x" when an inline element follows (a quote
    there opens, as before a word). `stashed` is Markdown's stash of raw HTML, to see
    through its placeholders: a tag is transparent, an entity counts as its character.
    """
    if not any(mark in text for mark in _CHANGES):
        return text

    typeset_at: dict[int, str] = {}  # quotes typeset so far, by position: "' becomes “‘

    def replace(match: re.Match) -> str:
        mark, start = match.group(), match.start()
        if mark in _FIXED:
            return _FIXED[mark]
        previous = visible_before(text, start, before, stashed, typeset_at)
        following = text[start + 1 : start + 2] or after
        if mark == "'" and previous.isalnum() and following.isalnum():
            return "\u2019"  # it's, rock'n'roll
        if mark == "'" and not previous.isalnum() and _DECADE.match(text, start + 1):
            return "\u2019"  # the '80s
        opens = (previous.isspace() or previous in _OPENERS) and following.strip() != ""
        typeset_at[start] = _QUOTES[mark][0 if opens else 1]
        return typeset_at[start]

    return _MARKS.sub(replace, text)


def visible_before(
    text: str, index: int, before: str, stashed: list = (), changed: dict | None = None
) -> str:
    """The character a reader sees just before `text[index]` (`before` at the start).

    Placeholders are `\\x02…\\x03`: a backslash escape holds the character's code, a
    stashed entity (`&nbsp;`) shows one character, a stashed tag shows none.
    """
    changed = changed or {}
    while index > 0:
        char = changed.get(index - 1, text[index - 1])
        opening = text.rfind(_STX, 0, index - 1) if char == _ETX else -1
        if opening < 0:
            return char
        shown = _shown(text[opening + 1 : index - 1], stashed)
        if shown:
            return shown[-1]
        index = opening
    return before


def _shown(placeholder: str, stashed: list) -> str:
    if placeholder.isdigit():
        return chr(int(placeholder))
    number = placeholder.removeprefix(_STASHED_PREFIX)
    if number.isdigit() and int(number) < len(stashed):
        raw = stashed[int(number)]
        if isinstance(raw, str) and not raw.lstrip().startswith("<"):
            return html.unescape(raw)
        return ""
    return "x"


class TypographyProcessor(Treeprocessor):
    """Typeset every text node of the document tree, in reading order."""

    def run(self, root: Element) -> None:
        self._stashed = self.md.htmlStash.rawHtmlBlocks
        self._walk(root, " ")

    def _walk(self, element: Element, before: str) -> str:
        """Typeset `element`'s text and its children's; return the last character seen."""
        if element.tag in BLOCKS:
            before = " "
        if element.tag in SKIPPED:
            return element.text[-1:] if element.text else "x"
        children = list(element)
        before = self._set(element, "text", before, _next_start(children, 0))
        for position, child in enumerate(children):
            before = self._walk(child, before)
            if child.tag == "br" or child.tag in BLOCKS:
                before = " "
            before = self._set(child, "tail", before, _next_start(children, position + 1))
        return before

    def _set(self, element: Element, attribute: str, before: str, after: str) -> str:
        text = getattr(element, attribute)
        if not text:
            return before
        if not isinstance(text, AtomicString):
            text = typeset(text, before, after, self._stashed)
            setattr(element, attribute, text)
        return visible_before(text, len(text), before, self._stashed)


def _next_start(children: list[Element], position: int) -> str:
    """What follows a text node: nothing (end of the block), a break, or an inline element."""
    if position >= len(children):
        return ""
    following = children[position]
    return " " if following.tag == "br" or following.tag in BLOCKS else "x"


class TypographyExtension(Extension):
    """Register the processor after inline parsing (20), `attr_list` (8) and `abbr` (7), and
    before `toc` (5) and unescaping (0): `{: title="..."}` must still have straight quotes
    when `attr_list` reads it."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(TypographyProcessor(md), "typography", 6)
        # As with `smarty`, a backslash keeps a straight quote: \" and \'.
        md.ESCAPED_CHARS.extend(mark for mark in "'\"" if mark not in md.ESCAPED_CHARS)


def makeExtension(**kwargs: object) -> TypographyExtension:  # noqa: N802 (Markdown's hook)
    return TypographyExtension(**kwargs)
