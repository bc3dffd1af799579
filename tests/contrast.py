"""WCAG contrast of colours as a browser computes them (`getComputedStyle`).

Chromium gives `rgb(r, g, b)` or `rgba(r, g, b, a)`. A translucent colour is composited
over what lies under it (the backgrounds of the element's ancestors, nearest first,
down to the first opaque one), as the reader sees it.
"""

import re

from devtools.code_colours import contrast

_RGB = re.compile(r"^rgba?\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\s*\)$")

RGBA = tuple[float, float, float, float]

# For getComputedStyle in the page: the element's colours and its backgrounds, nearest
# first, up to the first opaque one; and what lies behind it (its parent's backgrounds).
MEASURE = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const layers = (node) => {
    const found = [];
    for (; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      found.push(bg);
      if (/^rgb\\(/.test(bg)) break;
    }
    return found;
  };
  const style = getComputedStyle(el);
  return {
    color: style.color,
    border: style.borderTopColor,
    borderWidth: parseFloat(style.borderTopWidth),
    backgrounds: layers(el),
    behind: layers(el.parentElement),
  };
}"""


def parse(colour: str) -> RGBA:
    match = _RGB.match(colour.strip())
    if not match:
        raise ValueError(f"not an rgb()/rgba() colour: {colour!r}")
    red, green, blue, alpha = match.groups()
    return float(red), float(green), float(blue), 1.0 if alpha is None else float(alpha)


def composite(colours: list[str]) -> RGBA:
    """The colour seen through `colours`, nearest first (white under them all)."""
    seen = (255.0, 255.0, 255.0, 1.0)
    for colour in reversed(colours):
        red, green, blue, alpha = parse(colour)
        seen = (
            *tuple(
                alpha * c + (1 - alpha) * s for c, s in zip((red, green, blue), seen, strict=False)
            ),
            1.0,
        )
    return seen


def hex_of(rgba: RGBA) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in rgba[:3])


def ratio(foreground: str, backgrounds: list[str]) -> float:
    """Contrast of `foreground` (composited over the backgrounds) with the backgrounds."""
    under = composite(backgrounds)
    seen = composite([foreground, *backgrounds])
    return contrast(hex_of(seen), hex_of(under))
