"""Every <img> of a body: sized, responsive, loaded when needed, described.

A raster image becomes a <picture> (markup.py) whose <img> keeps its original address
(a Pelican `{static}` link: the file is published there, stripped of its metadata); an
SVG gets its size, or is taken out when it could run script or fetch anything; a data:
image gets its size. The first image is fetched at once unless the page has a cover.
"""

import base64
import binascii
import dataclasses
import html
import io
import logging
import re

from pelican.contents import Content
from PIL import Image, UnidentifiedImageError

from kit.pelican_internals import body_html, set_body_html
from kit.sources import source_name

from .markup import loading
from .svg import dangers, read_svg, svg_size
from .work import ImageWork, is_raster, locate, responsive

logger = logging.getLogger(__name__)

_IMG = re.compile(r"<img\b[^>]*>")
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*"([^"]*)\"""")
_DATA = re.compile(r"^data:image/[a-z+]+;base64,(?P<data>.*)$", re.IGNORECASE | re.DOTALL)


def rewrite_images(content: Content, work: ImageWork, eager_first: bool) -> None:
    """Rewrite the body's images; `eager_first`: the page has no cover."""
    first = [eager_first]

    def one(match: re.Match) -> str:
        attributes = {key: html.unescape(value) for key, value in _ATTRIBUTE.findall(match[0])}
        if "srcset" in attributes:  # done already
            return match[0]
        return _image(content, work, attributes, first) or match[0]

    set_body_html(content, _IMG.sub(one, body_html(content)))


def _image(content: Content, work: ImageWork, attributes: dict, first: list) -> str | None:
    src = attributes.get("src", "")
    if not attributes.get("alt", "").strip():
        logger.warning(
            "%s: image %r has no alt text: describe what it shows, ![like this](%s)",
            source_name(content),
            src,
            src,
        )
    found = locate(content, src)
    if found is None:
        return _data_image(attributes, first) if src.startswith("data:") else None
    key, path = found
    if path.lower().endswith(".svg"):
        return _svg_image(content, path, attributes, first)
    if not is_raster(path):
        return None
    source = work.index.get(path)
    if source is None:
        logger.warning("%s: image %r cannot be read as an image", source_name(content), src)
        return None
    eager, first[0] = first[0], False
    if source.animated:
        return _sized(attributes, source.width, source.height, eager)
    text = (attributes.get("alt", ""), attributes.get("title", ""))
    made, _ = responsive(work, source, key, content, text)
    return dataclasses.replace(made, src=src, eager=eager).html


def _svg_image(content: Content, path: str, attributes: dict, first: list) -> str:
    found = dangers(read_svg(path))
    if found:  # the static generator does not publish it either (publish.py)
        logger.error(
            "%s: image %r is an SVG with %s: it is not shown or published (remove them, "
            "or export the drawing as PNG)",
            source_name(content),
            attributes.get("src", ""),
            " and ".join(found),
        )
        return html.escape(attributes.get("alt", ""))
    width, height = svg_size(path)
    eager, first[0] = first[0], False
    return _sized(attributes, width, height, eager)


def _data_image(attributes: dict, first: list) -> str | None:
    match = _DATA.match(attributes.get("src", ""))
    try:
        data = base64.b64decode(match["data"], validate=False) if match else b""
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (binascii.Error, OSError, UnidentifiedImageError, ValueError):
        return None
    eager, first[0] = first[0], False
    return _sized(attributes, width, height, eager)


def _sized(attributes: dict, width: int | None, height: int | None, eager: bool) -> str:
    """The <img> as it was, with its size and loading attributes."""
    kept = {k: v for k, v in attributes.items() if k not in {"width", "height", "loading"}}
    if width and height:
        kept |= {"width": str(width), "height": str(height)}
    kept |= dict(loading(eager))
    return "<img " + " ".join(f'{k}="{html.escape(v)}"' for k, v in kept.items()) + ">"
