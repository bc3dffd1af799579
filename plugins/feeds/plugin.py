"""Signal wiring of the feeds plugin.

`feed_generated` and `article_writer_finalized` run in the write phase, which
livereload's fast path runs again itself: they need no kit.fast_path mark (those are for
the signals before writing, buildspeed.receivers.FULL_BUILD_SIGNALS).
"""

from pelican import signals

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import add_feed_hooks, provide_writer, use_feed_class

from . import absolute_links, covers, entries, titles
from .json_feed import JsonFeed
from .json_feeds import FEED_TYPE, write_json_feeds
from .settings import JSON_PATHS, SPEC
from .xml_feeds import AtomFeed, RssFeed


@unaffected_by_body("settings only")
def start(pelican) -> None:
    """`initialized` receiver: check FEEDS_ names; our feed classes and hooks for the run."""
    settings = pelican.settings
    SPEC.of(settings)
    use_feed_class(settings, "atom", AtomFeed)
    use_feed_class(settings, "rss", RssFeed)
    use_feed_class(settings, FEED_TYPE, JsonFeed)
    add_feed_hooks(settings, titles.title_feed, titles.title_entry)
    add_feed_hooks(settings, entries.describe_feed, entries.describe_entry)


@unaffected_by_body("settings only")
def offer_json_feeds(generators: list) -> None:
    """`all_generators_finalized` receiver: the JSON feed paths for the theme's autodiscovery
    links (partials/feed_links.html), checked, defaults included (one context for all)."""
    if generators:
        paths = SPEC.of(generators[0].settings)
        generators[0].context.update({name: paths[name] for name in JSON_PATHS})


def complete_feed(context: dict, feed) -> None:
    """`feed_generated` receiver: each entry's cover on top, then every link absolute."""
    domain = absolute_links.feed_domain(context)
    covers.place_covers(feed, domain)
    absolute_links.absolutize_feed_links(feed, domain)


def register() -> None:
    """Connect the feeds plugin's receivers to Pelican's signals."""
    signals.initialized.connect(start)
    signals.get_writer.connect(provide_writer)
    signals.all_generators_finalized.connect(offer_json_feeds)
    signals.feed_generated.connect(complete_feed)
    signals.content_written.connect(absolute_links.forget_entries)  # the feeds are written
    signals.article_writer_finalized.connect(write_json_feeds)
    signals.article_writer_finalized.connect(absolute_links.forget_entries)  # after JSON's
