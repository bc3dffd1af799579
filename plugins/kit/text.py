"""Text helpers: HTML fragments as plain text."""

import html
import re

_TAG = re.compile(r"<[^>]*>")


def plain_text(fragment: str) -> str:
    """An HTML fragment (a summary) as one line of plain text; titles are plain text already."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment or "")).split())
