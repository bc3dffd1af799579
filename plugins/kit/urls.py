"""URLs: which schemes a page may link to or load, and what counts as an http(s) URL."""

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
# Browsers ignore leading C0 controls and spaces, and tabs/newlines anywhere in a
# URL (WHATWG URL parsing), so " java\tscript:" is still javascript:.
_IGNORED = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(value: str) -> str:
    """The scheme a browser would see in `value` (lower case), or '' for a path."""
    cleaned = _IGNORED.sub("", value).lstrip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def dangerous_scheme(value: str) -> str:
    """The scheme of `value` when it is neither http(s) nor a path (javascript:, data:...)."""
    scheme = url_scheme(value)
    return scheme if scheme and scheme not in ALLOWED_SCHEMES else ""


# In an article's text: what a reader may follow besides http(s) and site paths.
TEXT_LINK_SCHEMES = ALLOWED_SCHEMES | {"mailto", "tel"}
_RASTER_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|avif)[;,]", re.IGNORECASE)


def unsafe_link_scheme(url: str, tag: str) -> str:
    """The scheme of a link or image in article HTML that must not be published, or ''.

    javascript:, vbscript:, file: and friends are refused; data: is allowed only
    for a raster image in an <img> (a data: SVG or HTML document can run script).
    """
    scheme = url_scheme(url)
    if not scheme or scheme in TEXT_LINK_SCHEMES:
        return ""
    if scheme == "data" and tag.lower() == "img" and _RASTER_DATA_IMAGE.match(url.strip()):
        return ""
    return scheme


def is_http_url(value: Any) -> bool:
    """True for an absolute http(s) URL with a host, and nothing else.

    Never raises. Whitespace and control characters anywhere are refused (urlsplit()
    and browsers silently strip some, so a value must not be judged on what is left,
    and XML feeds cannot carry them), and so is anything urlsplit() cannot read a host
    and port from ("http://[::1", "http://host:port/").
    """
    if not isinstance(value, str) or any(
        c.isspace() or unicodedata.category(c) == "Cc" for c in value
    ):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def origin(url: str) -> str:
    """`scheme://host[:port]` of an absolute URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
