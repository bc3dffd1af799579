"""Word count, reading time, and the summary as text.

pelican-statistics computes these too, but it parses every article with
BeautifulSoup and computes readability scores we do not use; stripping tags
with a regular expression is enough to count words and far cheaper on a
blog of thousands of articles.

They are computed once every generator has finished (`all_generators_finalized`):
by then every `content_object_init` receiver has cleaned the body (the strict
plugin removes control characters), whatever the order of PLUGINS.
"""

import functools
import html
import math
import re

from pelican.contents import Content

from kit.contents import all_contents
from kit.fast_path import redone_per_article
from kit.pelican_internals import body_html
from kit.text import plain_text

from .settings import SPEC

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")  # don't, it's (curly too), job-seeker


@functools.lru_cache(maxsize=8192)  # livereload rebuilds: unchanged articles cost nothing
def count_words(html_text: str) -> int:
    """Number of words in an HTML fragment (tags and entities removed)."""
    text = html.unescape(_TAG.sub(" ", html_text))
    return len(_WORD.findall(text))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Whole minutes to read `words`, never less than one."""
    return max(1, math.ceil(words / words_per_minute))


def add_stats_to(content: Content, _context: dict | None = None) -> None:
    """Attach `word_count`, `reading_time` (minutes) and `summary_text` (the summary as one
    line of text, for lists of articles) to an article or page."""
    words = count_words(body_html(content))
    speed = SPEC.of(content.settings)["READING_WORDS_PER_MINUTE"]
    content.word_count = words
    content.reading_time = reading_minutes(words, speed)
    content.summary_text = plain_text(getattr(content, "summary", "") or "")


@redone_per_article(add_stats_to)
def add_reading_stats(generators: list) -> None:
    """`all_generators_finalized` receiver: word count and reading time everywhere."""
    for content in all_contents(generators):
        add_stats_to(content)
