"""Series: articles that declare `Series: Name` (and `Series_index: N`), in order.

Written here rather than taken from pelican-plugins: `pelican-series` puts drafts and
hidden articles into a published article's series list and keeps module-level state
between builds (stale lists under `invoke livereload`).
"""

from collections import defaultdict
from dataclasses import dataclass

from pelican.contents import Article


@dataclass(frozen=True)
class Series:
    """An article's place in its series: `parts` in order, `index` 1-based."""

    name: str
    parts: tuple
    index: int

    @property
    def current(self):
        return self.parts[self.index - 1]

    @property
    def previous(self):
        return self.parts[self.index - 2] if self.index > 1 else None

    @property
    def next(self):
        return self.parts[self.index] if self.index < len(self.parts) else None


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
