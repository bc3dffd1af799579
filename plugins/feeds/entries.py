"""What every feed and entry carries besides what Pelican puts there, in any format.

Writer hooks (kit.pelican_internals.add_feed_hooks): when a feed is made, its language,
WebSub hub and icon; after each entry, its cover and tags (the category is in Pelican's
`categories` with them; JSON Feed lists the tags alone). The feed classes (xml_feeds.py,
json_feed.py) write them; a feed_generated receiver (plugin.py) makes them absolute.
"""

import os
from typing import Any
from urllib.parse import quote, urljoin

from pelican.contents import Content

from .absolute_links import feed_domain
from .covers import COVER, feed_image
from .settings import SPEC, WEBSUB_HUB

HUB = "feeds_hub"  # the WebSub hub URL, in feedgenerator's feed dict
ICON = "feeds_icon"  # the theme's icon (absolute URL), in the feed dict
TAGS = "feeds_tags"  # an entry's tags as typed, in feedgenerator's item dict
# Where a theme keeps its icon, first found wins (relative to a THEME_STATIC_PATHS folder).
ICON_NAMES = ("images/favicon.svg", "images/favicon.png", "favicon.svg", "favicon.png")


def describe_feed(feed: Any, feed_title: str | None, context: dict) -> None:
    """Writer hook: the feed's language, hub and icon (None when there is none)."""
    feed.feed["language"] = context.get("DEFAULT_LANG") or None
    feed.feed[HUB] = SPEC.of(context)[WEBSUB_HUB]
    icon = theme_icon(context)
    feed.feed[ICON] = urljoin(feed_domain(context), quote(icon)) if icon else None


def describe_entry(feed: Any, item: Content) -> None:
    """Writer hook: the cover and the tags of the entry just added."""
    entry = feed.items[-1]
    entry[COVER] = feed_image(item)
    entry[TAGS] = [str(tag) for tag in getattr(item, "tags", None) or ()]


def theme_icon(settings: dict) -> str | None:
    """The theme's favicon as published (THEME_STATIC_DIR/...), or None."""
    theme = settings.get("THEME") or ""
    for folder in settings.get("THEME_STATIC_PATHS") or ["static"]:
        for name in ICON_NAMES:
            if os.path.isfile(os.path.join(theme, folder, name)):
                static_dir = str(settings.get("THEME_STATIC_DIR", "theme")).strip("/")
                return "/".join(filter(None, [static_dir, name]))
    return None
