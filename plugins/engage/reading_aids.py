"""Related articles, series and a table of contents.

Written here rather than taken from pelican-plugins: `pelican-series` puts
drafts and hidden articles into a published article's series list and keeps
module-level state between builds (stale lists under `invoke livereload`);
`pelican-related-posts` needs related posts listed by hand or scores with a
pairwise loop. Both features are a few lines over data Pelican already has.
"""

import heapq
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from pelican.contents import Article

RELATED_COUNT = 3
TOC_MIN_HEADINGS = 3
_HEADING = re.compile(r"<h([23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_PERMALINK = re.compile(r"<a class=\"headerlink\"[^>]*>.*?</a>", re.DOTALL)


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Series:
    """An article's place in its series: `parts` in order, `index` 1-based."""

    name: str
    parts: tuple
    index: int

    @property
    def previous(self):
        return self.parts[self.index - 2] if self.index > 1 else None

    @property
    def next(self):
        return self.parts[self.index] if self.index < len(self.parts) else None


def table_of_contents(html_text: str) -> list[TocEntry]:
    """h2/h3 headings that have an id (Markdown's toc extension gives them one)."""
    entries = []
    for level, anchor, inner in _HEADING.findall(html_text):
        text = html.unescape(_TAG.sub("", _PERMALINK.sub("", inner))).strip()
        entries.append(TocEntry(int(level), html.unescape(anchor), text))
    return entries


def related_articles(articles: list[Article], count: int = RELATED_COUNT) -> dict:
    """For each article, the `count` others sharing most tags (newest first on ties)."""
    by_tag = defaultdict(list)
    for position, article in enumerate(articles):
        for tag in getattr(article, "tags", []):
            by_tag[tag].append(position)
    newest_first = sorted(range(len(articles)), key=lambda i: -articles[i].date.timestamp())
    rank = {position: order for order, position in enumerate(newest_first)}
    related = {}
    for position, article in enumerate(articles):
        shared = Counter(
            other
            for tag in getattr(article, "tags", [])
            for other in by_tag[tag]
            if other != position
        )
        best = heapq.nsmallest(count, shared, key=lambda other: (-shared[other], rank[other]))
        related[article] = [articles[other] for other in best]
    return related


def series_of(articles: list[Article]) -> dict:
    """Each published article with `Series:` metadata mapped to its Series."""
    groups = defaultdict(list)
    for article in articles:
        name = str(article.metadata.get("series", "")).strip()
        if name:
            groups[name].append(article)
    found = {}
    for name, parts in groups.items():
        parts.sort(key=_series_order)
        for position, article in enumerate(parts, start=1):
            found[article] = Series(name, tuple(parts), position)
    return found


def _series_order(article: Article) -> tuple:
    index = str(article.metadata.get("series_index", "")).strip()
    return (int(index) if index.isdigit() else 10**6, article.date)


def attach_toc(article: Article) -> None:
    """`article.toc`: its h2/h3 headings, or [] when it has fewer than TOC_MIN_HEADINGS."""
    toc = table_of_contents(getattr(article, "_content", None) or "")
    article.toc = toc if len(toc) >= TOC_MIN_HEADINGS else []


def attach_reading_aids(generator) -> None:
    """`article_generator_finalized` receiver: toc, related and series on published articles."""
    published = list(generator.articles)
    related = related_articles(published)
    series = series_of(published)
    for article in published + list(getattr(generator, "drafts", [])):
        attach_toc(article)
        article.related_articles = related.get(article, [])
        article.series_info = series.get(article)
