"""Word count and reading time.

pelican-statistics computes these too, but it parses every article with
BeautifulSoup and computes readability scores we do not use; stripping tags
with a regular expression is enough to count words and far cheaper on a
blog of thousands of articles.
"""

import functools
import html
import math
import re

from pelican.contents import Content

WORDS_PER_MINUTE = 230
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")  # don't, it's (curly too), job-seeker


@functools.lru_cache(maxsize=8192)  # livereload rebuilds: unchanged articles cost nothing
def count_words(html_text: str) -> int:
    """Number of words in an HTML fragment (tags and entities removed)."""
    text = html.unescape(_TAG.sub(" ", html_text))
    return len(_WORD.findall(text))


def reading_minutes(words: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read `words`, never less than one."""
    return max(1, math.ceil(words / words_per_minute))


def add_reading_stats(content: Content) -> None:
    """Attach `word_count` and `reading_time` (minutes) to an article or page."""
    body = getattr(content, "_content", None) or ""
    words = count_words(body)
    wpm = content.settings.get("READING_WORDS_PER_MINUTE", WORDS_PER_MINUTE)
    content.word_count = words
    content.reading_time = reading_minutes(words, wpm)
