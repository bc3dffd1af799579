"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written from the same feed object as
Atom and RSS.

Pelican's Writer makes the feed and its entries (`write_feed(..., feed_type="json")`,
this class chosen for "json" with kit.pelican_internals.use_feed_class), so every hook
of the other formats applies here too: titles as typed, absolute links, the cover, the
feed footer of the engage plugin. Only the serialisation differs, and it is `json.dump`:
JSON's escaping, whatever a title or body holds.

Each item: `id` and `url` the article's address (the spec's advice; Atom and RSS keep
their tag URIs), `content_html` the full article, `summary` its summary as plain text,
`image` the cover, `date_published` and `date_modified` in RFC 3339 (as Atom's
`published` and `updated`), `authors`, `tags` (the article's tags; its category is the
feed's business, not a tag). The feed: `home_page_url`, `feed_url`, `language`, the
theme's icon as `icon` and `favicon` (an SVG: any size), the WebSub `hubs`.
"""

import json
from typing import Any

from feedgenerator import SyndicationFeed
from feedgenerator.django.utils.feedgenerator import rfc3339_date

from kit.text import plain_text

from .covers import COVER
from .entries import HUB, ICON, TAGS

VERSION = "https://jsonfeed.org/version/1.1"


class JsonFeed(SyndicationFeed):
    """A feedgenerator feed written as JSON Feed 1.1."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        """Write the feed as UTF-8 JSON text (`outfile` is a text file Pelican opened)."""
        json.dump(self.document(), outfile, ensure_ascii=False, indent=2)
        outfile.write("\n")

    def document(self) -> dict[str, Any]:
        feed = self.feed
        document: dict[str, Any] = {
            "version": VERSION,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
        }
        _put(document, "description", feed.get("description"))
        _put(document, "language", feed.get("language"))
        _put(document, "icon", feed.get(ICON))
        _put(document, "favicon", feed.get(ICON))
        if feed.get(HUB):
            document["hubs"] = [{"type": "WebSub", "url": feed[HUB]}]
        document["items"] = [json_item(item) for item in self.items]
        return document


def json_item(item: dict) -> dict[str, Any]:
    """One entry as a JSON Feed item."""
    content = item.get("content")
    summary = item.get("description") if content is not None else None
    entry: dict[str, Any] = {
        "id": item["link"],
        "url": item["link"],
        "title": item["title"],
        "content_html": content if content is not None else item.get("description") or "",
    }
    _put(entry, "summary", plain_text(summary) if summary else None)
    image = item.get(COVER)
    _put(entry, "image", image.url if image else None)
    if item.get("pubdate"):
        entry["date_published"] = rfc3339_date(item["pubdate"])
    updated = item.get("updateddate") or item.get("pubdate")
    if updated:
        entry["date_modified"] = rfc3339_date(updated)
    if item.get("author_name"):
        entry["authors"] = [{"name": item["author_name"]}]
    _put(entry, "tags", item.get(TAGS) or None)
    return entry


def _put(document: dict, key: str, value: Any) -> None:
    """Set `key` only when there is a value (JSON Feed leaves absent what is unknown)."""
    if value:
        document[key] = value
