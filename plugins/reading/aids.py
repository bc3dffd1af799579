"""Table of contents, related articles and series on every published article (and drafts'
tables of contents, for the preview)."""

from kit.fast_path import redone_per_article

from .related import related_articles
from .series import series_of
from .toc import attach_toc


@redone_per_article(attach_toc)  # related and series come from tags and metadata
def attach_reading_aids(generator) -> None:
    """`article_generator_finalized` receiver: toc, related and series on published articles."""
    published = list(generator.articles)
    related = related_articles(published)
    series = series_of(published)
    for article in published + list(getattr(generator, "drafts", [])):
        attach_toc(article)
        article.related_articles = related.get(article, [])
        article.series_info = series.get(article)
