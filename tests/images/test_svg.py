"""Exact-output tests of cover sizes and which SVG covers are inlined."""

from pathlib import Path

import pytest

from social.cover import inline_svg, svg_size


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
