"""Cover images: resolve the `Cover` metadata to a static file with its size.

The theme needs width and height on every image (no layout shift), and a
missing cover must fail a strict build, naming the article.
"""

import logging
import os
import re
from dataclasses import dataclass
from urllib.parse import unquote

from pelican.contents import Content
from PIL import Image, UnidentifiedImageError

from kit.contents import contents_of
from kit.fast_path import unaffected_by_body
from kit.sources import resolve_link_path, source_name

logger = logging.getLogger(__name__)

_LINK_PREFIX = re.compile(r"^\{(static|attach)\}")
_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_SVG_ATTR = r'\b{}\s*=\s*["\']\s*([0-9.]+)(?:px)?\s*["\']'


@dataclass(frozen=True)
class CoverImage:
    """What a template needs to render a cover image."""

    url: str
    alt: str
    width: int | None
    height: int | None
    source_path: str
    inline_svg: str = ""  # the SVG's markup when small and inert enough to inline


# A small SVG cover goes into the page itself: one request less before the reader
# sees anything (the seed article then needs only HTML, CSS, JS and the favicon).
INLINE_SVG_MAX_BYTES = 8 * 1024
_UNSAFE_SVG = re.compile(
    r"<script|<foreignobject|<!entity|<!doctype|<\?xml-stylesheet|\son\w+\s*=|@import|url\(\s*['\"]?(?!#)"
    r"|(?:xlink:)?href\s*=\s*['\"](?!#)",
    re.IGNORECASE,
)
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def inline_svg(path: str) -> str:
    """The SVG's markup if it is small and self-contained, else "" (then it is an <img>).

    Anything that could run or fetch (scripts, event handlers, foreign objects,
    external references, entities) keeps the file out of the page.
    """
    if not path.lower().endswith(".svg") or os.path.getsize(path) > INLINE_SVG_MAX_BYTES:
        return ""
    with open(path, encoding="utf-8") as svg_file:
        markup = _XML_PROLOG.sub("", svg_file.read())
    if _UNSAFE_SVG.search(markup) or not markup.lstrip().lower().startswith("<svg"):
        return ""
    return markup.strip()


def svg_size(path: str) -> tuple[int | None, int | None]:
    """Width and height of an SVG, from its attributes or else its viewBox."""
    with open(path, encoding="utf-8") as svg_file:
        match = _SVG_ROOT.search(svg_file.read(4096))
    if not match:
        return None, None
    tag = match.group(0)
    sizes = [re.search(_SVG_ATTR.format(name), tag) for name in ("width", "height")]
    if all(sizes):
        return tuple(round(float(m.group(1))) for m in sizes)  # type: ignore[return-value]
    view_box = re.search(r'viewBox\s*=\s*["\']([^"\']+)["\']', tag)
    if view_box:
        parts = view_box.group(1).replace(",", " ").split()
        if len(parts) == 4:
            return round(float(parts[2])), round(float(parts[3]))
    return None, None


def image_size(path: str) -> tuple[int | None, int | None]:
    """Width and height of an image file (SVG or anything Pillow reads)."""
    if path.lower().endswith(".svg"):
        return svg_size(path)
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None, None


def find_cover(content: Content, static_content: dict) -> CoverImage | None:
    """Resolve `content.cover`; log a warning naming the file when it is wrong."""
    value = str(getattr(content, "cover", "") or "").strip()
    if not value:
        return None
    relative_to_file = bool(_LINK_PREFIX.match(value))
    key = resolve_link_path(content, unquote(_LINK_PREFIX.sub("", value)), relative_to_file)
    static = static_content.get(key)
    if static is None:
        logger.warning(
            "%s: Cover image %r not found in the content folder", source_name(content), value
        )
        return None
    alt = str(getattr(content, "cover_alt", "") or "").strip()
    if not alt:
        logger.warning("%s: Cover_alt is missing (describe the cover image)", source_name(content))
    width, height = image_size(static.source_path)
    path = static.source_path
    return CoverImage(static.url, alt, width, height, path, inline_svg(path))


@unaffected_by_body("Cover and Cover_alt metadata")
def attach_cover_images(generators: list) -> None:
    """Set `cover_image` on every article, draft and page (None when there is none)."""
    for generator in generators:
        static_content = generator.context.get("static_content", {})
        for content in contents_of(generator):
            content.cover_image = find_cover(content, static_content)
