"""Listing pages in the sitemap change when an article does, not on every build.

pelican-sitemap gives the pages that are not an article or a page (home, archives,
categories, tags...) the time of the build as `<lastmod>`. A date that changes on
every build tells search engines nothing (they learn to ignore it), and a sitemap
that differs between two builds of the same sources breaks byte-identical
incremental builds (incremental.py). The newest article's date is when a listing
last changed: this sets the plugin's clock to it.
"""

from pelican.generators import ArticlesGenerator

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import set_sitemap_clock


@unaffected_by_body("dates")
def date_listings_by_newest_article(generators: list) -> None:
    """`all_generators_finalized` receiver: the sitemap's "now" is the newest article."""
    dates = [
        getattr(article, "modified", None) or article.date
        for generator in generators
        if isinstance(generator, ArticlesGenerator)
        for article in generator.articles
    ]
    if dates:
        set_sitemap_clock(max(dates))
