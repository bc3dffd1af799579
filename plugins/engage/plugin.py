"""Signal wiring. Receivers live at module level in their own modules:
blinker keeps weak references, so a function defined inside register()
would be garbage-collected."""

from pelican import signals

from . import (
    build_log,
    content_checks,
    content_lint,
    cover,
    engagement,
    feed_footer,
    feed_links,
    incremental,
    live,
    output_checks,
    parallel_read,
    reading,
    reading_aids,
    sanitize,
    search_index,
    security_headers,
    seo,
    sitemap_dates,
    social_cards,
    source_checks,
    writer,
)


def register() -> None:
    """Connect the plugin's receivers to Pelican's signals."""
    build_log.install()  # before the settings are checked: their errors are one line too
    signals.initialized.connect(build_log.remember_content_root)
    signals.initialized.connect(engagement.initialize)
    signals.initialized.connect(live.start)
    signals.all_generators_finalized.connect(live.remember_generators)
    signals.readers_init.connect(source_checks.use_checked_reader)
    signals.article_generator_init.connect(parallel_read.start)
    signals.article_generator_pretaxonomy.connect(parallel_read.stop)
    signals.get_writer.connect(writer.get_writer)
    signals.content_object_init.connect(sanitize.sanitize_content)  # before the other receivers
    signals.content_object_init.connect(output_checks.check_slugs)
    signals.all_generators_finalized.connect(output_checks.check_output_paths)
    signals.content_object_init.connect(reading.add_reading_stats)
    signals.all_generators_finalized.connect(cover.attach_cover_images)
    signals.all_generators_finalized.connect(social_cards.attach_social_images)
    signals.finalized.connect(social_cards.write_cards)
    signals.article_generator_finalized.connect(content_checks.check_static_links)
    signals.page_generator_finalized.connect(content_checks.check_static_links)
    signals.article_generator_finalized.connect(content_lint.lint_articles)
    signals.article_generator_finalized.connect(reading_aids.attach_reading_aids)
    signals.all_generators_finalized.connect(content_checks.check_internal_links)
    signals.all_generators_finalized.connect(engagement.attach_engagement)
    # After covers and social cards: the metadata names the share image.
    signals.all_generators_finalized.connect(seo.attach_seo)
    signals.feed_generated.connect(feed_footer.add_feed_footers)
    signals.feed_generated.connect(feed_links.absolutize_feed_links)
    signals.all_generators_finalized.connect(search_index.remember_searchable)
    signals.finalized.connect(search_index.build_search_index)
    signals.finalized.connect(security_headers.write_headers)
    signals.finalized.connect(incremental.finish_build)
    signals.finalized.connect(live.keep)
    signals.all_generators_finalized.connect(sitemap_dates.date_listings_by_newest_article)
