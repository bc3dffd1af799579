"""Which pages go into which part ("shard") of the search index.

Pagefind's indexer holds everything it indexes in memory: about 120 KB a page, so
1.2 GB for 10,000 articles, twice what the rest of the build needs at 1,000. Above
`SEARCH_SHARD_PAGES` published pages the index is made in shards: one Pagefind run per
shard, one after the other, each over at most about that many pages. The search page
then merges them in the reader's browser with Pagefind's own `mergeIndex`. Merged
indexes share the first one's WebAssembly; a shard costs the reader two small files
once, and one more index chunk per word searched.

Why shards rather than one index:
- A page's shard depends only on its output path (a stable hash) and on how many
  shards there are. That number is a power of two, the smallest that keeps shards at
  `SEARCH_SHARD_PAGES` pages or fewer on average.
- So a new article or an edited one changes one shard's pages, and the search plugin
  takes the others from its cache (`index_cache`) instead of indexing them again.
- The number of shards changes only when the site doubles in size.
- Hashing spreads old and new, long and short articles evenly, so each shard's word
  statistics (which Pagefind ranks by) are alike.

The first shard is Pagefind's bundle itself (`pagefind/`, with its scripts); the others
hold only their index, in `pagefind/shard-1/`, `pagefind/shard-2/`... The bundle lists
them in `pagefind/shards.json` (`SHARDS_FILE`), written with them, so the search page
never asks for a shard the index on the server does not have (a failed run keeps the
previous bundle whole, list included).
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Shard:
    """One Pagefind run's pages, and where its index goes inside the bundle."""

    folder: str  # "" for the first shard (the bundle itself), else "shard-1/", ...
    files: tuple[str, ...]  # output-relative pages


def shard_count(pages: int, per_shard: int | None) -> int:
    """The smallest power of two that keeps the shards at `per_shard` pages on average
    (1 when `per_shard` is None: one index whatever the size)."""
    count = 1
    while per_shard is not None and pages > count * per_shard:
        count *= 2
    return count


def plan(files: Sequence[str], per_shard: int | None) -> tuple[Shard, ...]:
    """`files` in shards (empty ones left out), the first one first."""
    count = shard_count(len(files), per_shard)
    buckets: list[list[str]] = [[] for _ in range(count)]
    for name in files:
        buckets[_bucket(name, count)].append(name)
    filled = [tuple(bucket) for bucket in buckets if bucket]
    return tuple(Shard(_folder(number), names) for number, names in enumerate(filled))


def _folder(number: int) -> str:
    return f"shard-{number}/" if number else ""


def _bucket(name: str, count: int) -> int:
    if count == 1:
        return 0
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count
