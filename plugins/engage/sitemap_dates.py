"""Listing pages in the sitemap change when an article does, not on every build.

pelican-sitemap gives the pages that are not an article or a page (home, archives,
categories, tags...) the time of the build as `<lastmod>`. A date that changes on
every build tells search engines nothing (they learn to ignore it), and a sitemap
that differs between two builds of the same sources breaks byte-identical
incremental builds (incremental.py). The newest article's date is when a listing
last changed: this sets the plugin's clock to it.
"""

import sys

from pelican.generators import ArticlesGenerator


def date_listings_by_newest_article(generators: list) -> None:
    """`all_generators_finalized` receiver: the sitemap's "now" is the newest article."""
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if sitemap is None:
        return
    dates = [
        getattr(article, "modified", None) or article.date
        for generator in generators
        if isinstance(generator, ArticlesGenerator)
        for article in generator.articles
    ]
    if dates:
        sitemap.generator.now = max(dates)
