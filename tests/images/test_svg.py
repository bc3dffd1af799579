"""SVG files: their size, which ones are refused, and which covers are inlined."""

from pathlib import Path

import pytest

from images.svg import dangers, inline_svg, svg_size
from photos import HOSTILE_SVGS, SAFE_SVG


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


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_every_hostile_svg_is_found_dangerous(name: str) -> None:
    assert dangers(HOSTILE_SVGS[name])


@pytest.mark.parametrize(
    "svg",
    [
        SAFE_SVG,
        '<svg><text x="1" y="1">Do one = two things</text></svg>',  # "on" in text, not a tag
        '<svg><rect fill="url(#gradient)"/><use href="#shape"/></svg>',  # in-document refs
        '<svg><image href="data:image/png;base64,iVBORw0KGgo="/></svg>',  # embedded raster
    ],
)
def test_inert_svgs_are_not_dangerous(svg: str) -> None:
    assert dangers(svg) == []
