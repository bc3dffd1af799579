"""SVG files: their size, whether they are safe to serve, and whether to inline them.

An SVG is a document: it can carry scripts, event handlers and references to other
hosts. One that does is refused (an error naming the file, and the file is neither
inlined nor published); a safe one is served as an image, and a small one (a cover
drawing) goes into the page itself, one request less.
"""

import os
import re

INLINE_MAX_BYTES = 8 * 1024
_ROOT = re.compile(r"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_SIZE_ATTRIBUTE = r'\b{}\s*=\s*["\']\s*([0-9.]+)(?:px)?\s*["\']'
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_EMBEDDED_IMAGE = r"data:image/(?:png|jpeg|gif|webp)[;,]"
DANGERS = {
    "a script": re.compile(r"<script\b", re.IGNORECASE),
    "an event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a foreignObject": re.compile(r"<foreignobject\b", re.IGNORECASE),
    "an entity declaration": re.compile(r"<!entity\b", re.IGNORECASE),
    "a style sheet instruction": re.compile(r"<\?xml-stylesheet\b", re.IGNORECASE),
    "an @import": re.compile(r"@import\b", re.IGNORECASE),
    "a reference to another file or host": re.compile(
        rf"""(?:xlink:)?href\s*=\s*["']\s*(?!#|{_EMBEDDED_IMAGE})"""
        rf"""|url\(\s*["']?\s*(?!#|{_EMBEDDED_IMAGE})""",
        re.IGNORECASE,
    ),
}


def read_svg(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as svg_file:
        return svg_file.read()


def dangers(markup: str) -> list[str]:
    """What in an SVG could run script or fetch something: [] when it is inert."""
    return [name for name, pattern in DANGERS.items() if pattern.search(markup)]


def inline_svg(path: str) -> str:
    """The SVG's markup if it is small, inert and a bare <svg> element, else ""."""
    if not path.lower().endswith(".svg") or os.path.getsize(path) > INLINE_MAX_BYTES:
        return ""
    markup = _XML_PROLOG.sub("", read_svg(path)).strip()
    if dangers(markup) or not markup.lower().startswith("<svg"):
        return ""
    return markup


def svg_size(path: str) -> tuple[int | None, int | None]:
    """Width and height of an SVG, from its attributes or else its viewBox."""
    with open(path, encoding="utf-8", errors="replace") as svg_file:
        match = _ROOT.search(svg_file.read(4096))
    if not match:
        return None, None
    tag = match.group(0)
    sizes = [re.search(_SIZE_ATTRIBUTE.format(name), tag) for name in ("width", "height")]
    if all(sizes):
        return tuple(round(float(m.group(1))) for m in sizes)  # type: ignore[return-value]
    view_box = re.search(r'viewBox\s*=\s*["\']([^"\']+)["\']', tag)
    if view_box:
        parts = view_box.group(1).replace(",", " ").split()
        if len(parts) == 4:
            return round(float(parts[2])), round(float(parts[3]))
    return None, None
