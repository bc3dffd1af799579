"""A table of contents: the h2/h3 headings that Markdown's toc extension gave an id."""

import html
import re
from dataclasses import dataclass

from pelican.contents import Content

from kit.pelican_internals import body_html

TOC_MIN_HEADINGS = 3
_HEADING = re.compile(r"<h([23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_PERMALINK = re.compile(r"<a class=\"headerlink\"[^>]*>.*?</a>", re.DOTALL)


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


def table_of_contents(html_text: str) -> list[TocEntry]:
    """h2/h3 headings that have an id (Markdown's toc extension gives them one)."""
    entries = []
    for level, anchor, inner in _HEADING.findall(html_text):
        text = html.unescape(_TAG.sub("", _PERMALINK.sub("", inner))).strip()
        entries.append(TocEntry(int(level), html.unescape(anchor), text))
    return entries


def attach_toc(article: Content, _context: dict | None = None) -> None:
    """`article.toc`: its h2/h3 headings, or [] when it has fewer than TOC_MIN_HEADINGS."""
    toc = table_of_contents(body_html(article))
    article.toc = toc if len(toc) >= TOC_MIN_HEADINGS else []
