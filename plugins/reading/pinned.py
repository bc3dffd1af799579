"""Pinned articles (`Pinned: yes`, WordPress's "sticky" posts): first on the home page."""

from kit.fast_path import unaffected_by_body
from kit.settings import switched_on


@unaffected_by_body("the Pinned metadata")
def pin_articles(generator) -> None:
    """`article_generator_finalized` receiver: `article.pinned` on every article, and
    `PINNED_ARTICLES` (newest first) for the home page."""
    for article in [*generator.articles, *getattr(generator, "drafts", [])]:
        article.pinned = switched_on(article.metadata, "pinned", False)
    generator.context["PINNED_ARTICLES"] = [a for a in generator.articles if a.pinned]
