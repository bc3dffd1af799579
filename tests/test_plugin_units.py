"""Exact-output unit tests of the plugin's pure helpers."""

from pathlib import Path

import pytest

from engage.cover import inline_svg, svg_size
from engage.feed_links import absolutize_html
from engage.reading import count_words, reading_minutes

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


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('<svg width="1200" height="630" viewBox="0 0 10 10">', (1200, 630)),
        ('<svg width="64px" height="32px">', (64, 32)),
        ('<svg viewBox="0 0 300 150">', (300, 150)),
        ("<svg>", (None, None)),
    ],
)
def test_svg_size(tmp_path: Path, root: str, size: tuple) -> None:
    path = tmp_path / "x.svg"
    path.write_text(f'<?xml version="1.0"?>\n{root}</svg>', encoding="utf-8")
    assert svg_size(str(path)) == size


@pytest.mark.parametrize(
    ("svg", "inlined"),
    [
        ('<svg width="1" height="1"><rect fill="#fff"/></svg>', True),
        ('<?xml version="1.0"?>\n<svg><use href="#a"/></svg>', True),
        ("<svg><script>alert(1)</script></svg>", False),
        ('<svg onload="alert(1)"></svg>', False),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", False),
        ('<svg><image href="https://x.example/a.png"/></svg>', False),
        ('<svg><use xlink:href="other.svg#a"/></svg>', False),
        ("<svg><style>@import 'x.css';</style></svg>", False),
        ("<svg><rect style=\"fill:url('https://x.example/p')\"/></svg>", False),
        ('<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>', False),
        ("<p>not svg</p>", False),
    ],
)
def test_inline_svg_only_takes_inert_svg(tmp_path: Path, svg: str, inlined: bool) -> None:
    path = tmp_path / "cover.svg"
    path.write_text(svg, encoding="utf-8")
    assert bool(inline_svg(str(path))) is inlined
