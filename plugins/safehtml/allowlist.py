"""What an article may contain: the tags, attributes and classes nh3 keeps.

Everything Markdown (with our extensions) writes is allowed, and what authors paste from
editors and old blogs that an article needs: tables, figures, `details`, code, `abbr`,
`sup`/`sub`, `kbd`, definition lists, `mark`, `time`... Never allowed: scripts, styles
(elements and attributes), event handlers, forms and their controls, frames, objects,
SVG and MathML islands, and any `data-` attribute (the theme's script reads those). URLs:
http(s), mailto and tel links, site paths and Pelican's `{filename}`/`{static}` links;
`data:` only for a raster image.
"""

import re

from pygments.token import STANDARD_TYPES

TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
# Removed with everything inside them (the others keep their text when removed).
CLEAN_CONTENT = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "noscript", "template", "svg", "math", "form", "textarea", "select", "button",
        "input", "video", "audio", "canvas", "link", "meta", "base", "title", "head",
    }
)  # fmt: skip
_HEADING_ID = {f"h{level}": {"id"} for level in range(1, 7)}
ATTRIBUTES = {
    "*": {"title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed", "type"},
    "li": {"value", "id"},  # footnotes: <li id="fn:1">
    "sup": {"id"},  # footnotes: <sup id="fnref:1">
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "data": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    **_HEADING_ID,  # the table of contents links to them
}
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
CLASSES = {
    "div": {"highlight", "footnote"},  # codehilite, footnotes
    "span": {name for name in STANDARD_TYPES.values() if name},  # Pygments' tokens
    "a": {"headerlink", "footnote-ref", "footnote-backref", "video-link"},
    "td": ALIGN_CLASSES,
    "th": ALIGN_CLASSES,
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})
_RASTER_DATA = re.compile(r"^\s*data:image/(?:png|jpeg|gif|webp|avif)[;,]", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "cite"}


def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """`data:` URLs only for a raster <img>: a data: document or SVG can run script."""
    if attribute in _URL_ATTRIBUTES and value.strip().lower().startswith("data:"):
        return value if tag == "img" and attribute == "src" and _RASTER_DATA.match(value) else None
    return value
