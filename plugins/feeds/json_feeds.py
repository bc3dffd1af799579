"""Which JSON feeds a site gets: all articles, each category, each tag, as Pelican's own.

Written at `article_writer_finalized`, right after Pelican's Atom and RSS feeds, through
the same Writer (`write_feed(..., feed_type="json")`), so the incremental writer of
`./inv livereload` skips an unchanged one as it does the others. The entries are the
lists Pelican's ArticlesGenerator.generate_feeds uses: published articles only (no
draft, hidden or future-dated one), newest first, FEED_MAX_ITEMS of them (write_feed
cuts), and for all articles their translations too.
"""

from pelican.generators import ArticlesGenerator
from pelican.utils import order_content
from pelican.writers import Writer

from .settings import JSON_ALL, JSON_CATEGORY, JSON_TAG, SPEC

FEED_TYPE = "json"


def write_json_feeds(generator: ArticlesGenerator, writer: Writer) -> None:
    """`article_writer_finalized` receiver: the JSON feeds FEEDS_JSON_* ask for."""
    paths = SPEC.of(generator.settings)
    context = generator.context
    if paths[JSON_ALL]:
        everything = list(generator.articles)
        for article in generator.articles:
            everything.extend(article.translations)
        everything = order_content(everything, order_by=generator.settings["ARTICLE_ORDER_BY"])
        writer.write_feed(everything, context, paths[JSON_ALL], feed_type=FEED_TYPE)
    for setting, groups in ((JSON_CATEGORY, generator.categories), (JSON_TAG, _tags(generator))):
        if not paths[setting]:
            continue
        for group, articles in groups:
            path = paths[setting].format(slug=group.slug)
            writer.write_feed(articles, context, path, feed_type=FEED_TYPE, feed_title=group.name)


def _tags(generator: ArticlesGenerator) -> list:
    return list(generator.tags.items())
