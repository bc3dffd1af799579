"""Atom and RSS 2.0 as Pelican writes them (feedgenerator), plus what validators and readers
look for:

- RSS `<guid isPermaLink="false">`: an entry's guid is a tag URI
  (`tag:blog.example,2013-07-15:/slug/`), not an address to open. Without the attribute
  RSS says a guid *is* a permalink, and the W3C Feed Validator warns on every item. Only
  the attribute is new: the values stay as they were, so no subscriber sees an entry twice.
- the cover as `<media:content medium="image">` (covers.py says why not an enclosure);
- the WebSub hub, when FEEDS_WEBSUB_HUB is set: `<link rel="hub">` in Atom,
  `<atom:link rel="hub">` in RSS, beside the `rel="self"` link WebSub also needs.

Chosen for the run with kit.pelican_internals.use_feed_class (plugin.py).
"""

from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed

from .covers import COVER, FeedImage
from .entries import HUB

MEDIA_RSS = "http://search.yahoo.com/mrss/"


def _uses_media(items: list[dict]) -> bool:
    return any(item.get(COVER) for item in items)


def write_media_content(handler: Any, image: FeedImage | None) -> None:
    """`<media:content>` for an entry's image (no `<media:description>`: covers.py)."""
    if image is None:
        return
    attributes = {"url": image.url, "medium": "image", "type": image.mime_type}
    if image.width and image.height:
        attributes.update(width=str(image.width), height=str(image.height))
    handler.addQuickElement("media:content", None, attributes)


class AtomFeed(Atom1Feed):
    """Atom 1.0 with Media RSS covers and the WebSub hub."""

    def root_attributes(self) -> dict:
        attributes = super().root_attributes()
        if _uses_media(self.items):
            attributes["xmlns:media"] = MEDIA_RSS
        return attributes

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        if self.feed.get(HUB):
            handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed[HUB]})

    def add_item_elements(self, handler: Any, item: dict) -> None:
        super().add_item_elements(handler, item)
        write_media_content(handler, item.get(COVER))


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with guids that say they are no permalinks, Media RSS covers and the hub."""

    def rss_attributes(self) -> dict:
        attributes = super().rss_attributes()
        if _uses_media(self.items):
            attributes["xmlns:media"] = MEDIA_RSS
        return attributes

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)
        if self.feed.get(HUB):
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": self.feed[HUB]})

    def add_item_elements(self, handler: Any, item: dict) -> None:
        # A guid is a permalink only when it is the entry's own address.
        permalink = item.get("unique_id") is not None and item["unique_id"] == item["link"]
        super().add_item_elements(handler, {**item, "unique_id_is_permalink": permalink})
        write_media_content(handler, item.get(COVER))
