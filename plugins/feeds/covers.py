"""An article's cover in its feed entries: at the top of the entry, and as its image.

Where the cover comes from: the images plugin leaves `cover_image` on each article (a
feature imports no other feature, so it is read as an attribute): a raster cover's
`share` image (its JPEG or PNG up to 1,200 px, the Open Graph image) or an SVG cover's
own file, both site-relative, with the alt text and, when known, the size.

The image element readers pick up, chosen: Media RSS `<media:content medium="image">`,
in both RSS and Atom, with its type, width and height. Not an RSS `<enclosure>`:

- an enclosure needs the file's byte length, and feeds are written before the images
  plugin writes its variants (at `finalized`), so the length would be read from a cache
  or guessed; a wrong length is a validator error;
- an enclosure is an attachment: podcast apps and some readers offer it as a download
  ("1 attachment"), and RSS allows one per item; Atom has no enclosure with a size;
- Media RSS says what readers want for a thumbnail (medium, type, width, height) and is
  what feed readers (Feedly, Inoreader, NetNewsWire, Thunderbird) read; the W3C
  validator knows its namespace.

The alt text is the `alt` of the `<img>` at the top of the entry, not a
`<media:description>`: feedparser (and the readers built on it) takes that element for
the entry's own description, and an RSS entry's text became the alt text. JSON Feed has
its own field, `image`. Every URL is made absolute with the entry's links
(absolute_links.py).
"""

import html
import mimetypes
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urljoin

COVER = "feeds_cover"  # an entry's FeedImage, in feedgenerator's item dict


@dataclass(frozen=True)
class FeedImage:
    """The image of one entry: a site-relative URL until the feed is complete."""

    url: str
    alt: str
    mime_type: str
    width: int | None = None
    height: int | None = None


def feed_image(content: Any) -> FeedImage | None:
    """The cover of `content` as the images plugin left it (`cover_image`), or None."""
    cover = getattr(content, "cover_image", None)
    if cover is None:
        return None
    shown = getattr(cover, "share", None) or cover  # a raster's JPEG/PNG, or the SVG
    url = str(getattr(shown, "url", "") or "")
    mime_type = mimetypes.guess_type(url)[0] or ""
    if not url or not mime_type.startswith("image/"):
        return None
    width, height = getattr(shown, "width", None), getattr(shown, "height", None)
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        width = height = None
    alt = str(getattr(cover, "alt", "") or "")
    return FeedImage(quote(url, safe="/"), alt, mime_type, width, height)


def cover_html(image: FeedImage) -> str:
    """The `<img>` at the top of an entry.

    Escaped with html.escape (`&quot;`), not markupsafe (`&#34;`): feedparser's sanitizer
    ends an attribute at a `&#34;`, so `alt="a &#34;final&#34; offer"` reached readers
    as `alt="a "`.
    """
    size = f' width="{image.width}" height="{image.height}"' if image.width else ""
    src, alt = html.escape(image.url), html.escape(image.alt)
    return f'<p><img src="{src}" alt="{alt}"{size}></p>'


def place_covers(feed: Any, domain: str) -> None:
    """Make each entry's image absolute against `domain` and put it atop the entry's text."""
    for item in feed.items:
        image = item.get(COVER)
        if image is None:
            continue
        image = item[COVER] = replace(image, url=urljoin(domain, image.url))
        field = "content" if item.get("content") else "description"
        item[field] = cover_html(image) + (item.get(field) or "")
