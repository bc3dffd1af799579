"""Exact-output tests of word counts and reading times."""

import pytest

from reading.stats import count_words, reading_minutes


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<p>Hello, world!</p>", 2),
        ("<p>Don\u2019t stop job-hunting &amp; networking</p>", 4),
        ('<p>One<img src="a.png" alt="not counted">two</p>', 2),
        ("", 0),
    ],
)
def test_count_words(html: str, words: int) -> None:
    assert count_words(html) == words


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (230, 1), (231, 2), (2300, 10)])
def test_reading_minutes(words: int, minutes: int) -> None:
    assert reading_minutes(words, 230) == minutes
