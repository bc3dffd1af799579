"""Cover images: `Cover` (and `Cover_alt`) resolved to a file, sized, made responsive.

A raster cover is the page's first image, so it is fetched at once; it also gives the
page's share image (`share`: its largest JPEG or PNG variant up to 1,200 px, what
social networks show). A small, inert SVG cover goes into the page itself; an SVG that
could run script or fetch anything is refused. A missing cover or alt text is a warning
naming the file (fatal in strict builds).
"""

import logging
import os
import re
from dataclasses import dataclass, replace
from urllib.parse import unquote

from pelican.contents import Content

from kit.sources import resolve_link_path, source_name

from .markup import Picture
from .svg import dangers, inline_svg, read_svg, svg_size
from .work import ImageWork, is_raster, responsive

logger = logging.getLogger(__name__)

_LINK_PREFIX = re.compile(r"^\{(static|attach)\}")
SHARE_MAX_WIDTH = 1200  # what Open Graph readers ask for


@dataclass(frozen=True)
class SharedImage:
    url: str  # site-relative
    width: int
    height: int


@dataclass(frozen=True)
class CoverImage:
    """What a template needs to render a cover, and social metadata to share it."""

    url: str  # site-relative: the SVG file, or the raster's largest fallback variant
    alt: str
    width: int | None
    height: int | None
    source_path: str
    inline_svg: str = ""  # the SVG's markup when small and inert enough to inline
    picture: Picture | None = None  # a raster cover's responsive markup
    share: SharedImage | None = None  # a raster cover's image for Open Graph


def find_cover(content: Content, work: ImageWork) -> CoverImage | None:
    """Resolve `content.cover`; a warning naming the file when it is wrong."""
    value = str(getattr(content, "cover", "") or "").strip()
    if not value:
        return None
    relative = bool(_LINK_PREFIX.match(value))
    key = resolve_link_path(content, unquote(_LINK_PREFIX.sub("", value)), relative)
    path = f"{content.settings['PATH'].rstrip('/')}/{key}"
    source = work.index.get(path) if is_raster(path) else None
    alt = str(getattr(content, "cover_alt", "") or "").strip()
    if source is None and not (key.lower().endswith(".svg") and _exists(path)):
        problem = (
            "cannot be read as an image" if _exists(path) else "not found in the content folder"
        )
        logger.warning("%s: Cover image %r %s", source_name(content), value, problem)
        return None
    if not alt:
        logger.warning("%s: Cover_alt is missing (describe the cover image)", source_name(content))
    if source is None:
        return _svg_cover(content, key, path, alt)
    made, by_format = responsive(work, source, key, content, (alt, ""))
    fallback = by_format[source.kind]
    shared = [item for item in fallback if item.width <= SHARE_MAX_WIDTH] or fallback[:1]
    share = SharedImage(shared[-1].name, shared[-1].width, shared[-1].height)
    picture = replace(made, eager=True)
    return CoverImage(fallback[-1].name, alt, made.width, made.height, path, "", picture, share)


def _svg_cover(content: Content, key: str, path: str, alt: str) -> CoverImage | None:
    found = dangers(read_svg(path))
    if found:
        logger.error(
            "%s: Cover %r is an SVG with %s: it is not shown or published",
            source_name(content),
            key,
            " and ".join(found),
        )
        return None
    width, height = svg_size(path)
    return CoverImage(_static_url(content, key), alt, width, height, path, inline_svg(path))


def _static_url(content: Content, key: str) -> str:
    """Where Pelican publishes a static file (STATIC_URL, "{path}" by default)."""
    try:
        return content.settings.get("STATIC_URL", "{path}").format(path=key)
    except (KeyError, IndexError, ValueError):
        return key


def _exists(path: str) -> bool:
    return os.path.isfile(path)
