"""Related articles: those sharing the most tags.

Written here rather than taken from pelican-plugins: `pelican-related-posts` needs
related posts listed by hand or scores with a pairwise loop. A tag index does it in
one pass: each article only meets the articles that share a tag with it.
"""

import heapq
from collections import Counter, defaultdict

from pelican.contents import Article

RELATED_COUNT = 3


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
