"""Content lint: what makes an article look wrong in search results and share previews.

Each finding is a warning naming the file, so a strict build fails on it.
"""

import logging

from kit.fast_path import unaffected_by_body
from kit.sources import source_name
from kit.text import plain_text

from .settings import SPEC

logger = logging.getLogger(__name__)

MAX_TITLE = 70  # search engines cut titles around here
MAX_SUMMARY = 160  # and descriptions around here


def lint_article(article) -> list[str]:
    """The problems of one published article."""
    problems = []
    title = plain_text(article.title)
    if len(title) > MAX_TITLE:
        problems.append(f"Title is {len(title)} characters long (at most {MAX_TITLE})")
    if "summary" not in article.metadata:
        problems.append("Summary is missing (one or two sentences for search and sharing)")
    else:
        summary = plain_text(article.metadata["summary"])
        if len(summary) > MAX_SUMMARY:
            problems.append(f"Summary is {len(summary)} characters long (at most {MAX_SUMMARY})")
    return problems


@unaffected_by_body("title and Summary metadata")
def lint_articles(generator) -> None:
    """`article_generator_finalized` receiver: warn about every published article's problems."""
    if not SPEC.of(generator.settings)["STRICT_LINT"]:
        return
    for article in generator.articles:
        for problem in lint_article(article):
            logger.warning("%s: %s", source_name(article), problem)
