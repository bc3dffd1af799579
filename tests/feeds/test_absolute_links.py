"""Exact-output tests of the feeds plugin's link rewriting."""

import pytest

from feeds.absolute_links import absolutize_html

BASE = "https://blog.test/my-post/"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="/about/">a</a>', '<a href="https://blog.test/about/">a</a>'),
        ('<a href="#part">a</a>', '<a href="https://blog.test/my-post/#part">a</a>'),
        ("<img src='pic.png'>", "<img src='https://blog.test/my-post/pic.png'>"),
        ('<a href="../other/">a</a>', '<a href="https://blog.test/other/">a</a>'),
        ('<a href="https://x.example/">a</a>', '<a href="https://x.example/">a</a>'),
        ('<a href="mailto:me@x.example">a</a>', '<a href="mailto:me@x.example">a</a>'),
        (
            '<img srcset="a.png 1x, /b.png 2x" src="a.png">',
            '<img srcset="https://blog.test/my-post/a.png 1x, https://blog.test/b.png 2x"'
            ' src="https://blog.test/my-post/a.png">',
        ),
        ("<p>href=/not-an-attribute</p>", "<p>href=/not-an-attribute</p>"),
    ],
)
def test_absolutize_html(html: str, expected: str) -> None:
    assert absolutize_html(html, BASE) == expected
