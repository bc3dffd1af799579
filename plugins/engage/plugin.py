"""Signal wiring. Receivers live at module level in their own modules:
blinker keeps weak references, so a function defined inside register()
would be garbage-collected."""

from pelican import signals

from . import content_checks, cover, engagement, feed_footer, feed_links, reading


def register() -> None:
    """Connect the plugin's receivers to Pelican's signals."""
    signals.initialized.connect(engagement.initialize)
    signals.content_object_init.connect(reading.add_reading_stats)
    signals.all_generators_finalized.connect(cover.attach_cover_images)
    signals.article_generator_finalized.connect(content_checks.check_static_links)
    signals.page_generator_finalized.connect(content_checks.check_static_links)
    signals.all_generators_finalized.connect(content_checks.check_internal_links)
    signals.all_generators_finalized.connect(engagement.attach_engagement)
    signals.feed_generated.connect(feed_footer.add_feed_footers)
    signals.feed_generated.connect(feed_links.absolutize_feed_links)
