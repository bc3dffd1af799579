"""The search plugin's settings (prefix SEARCH_)."""

from kit.settings import Setting, Spec, boolean, optional, positive_int

SPEC = Spec(
    plugin="search",
    prefix="SEARCH_",
    settings=(
        # Index the published articles and pages with Pagefind after every build.
        Setting("SEARCH_INDEX", True, boolean),
        # Above this many published pages the index is made in shards of about this many
        # (Pagefind's memory grows with the pages of one run); None: one index always.
        Setting("SEARCH_SHARD_PAGES", 600, optional(positive_int)),
    ),
    # Pelican's own settings of the `search` direct template.
    foreign=frozenset({"SEARCH_URL", "SEARCH_SAVE_AS"}),
)
