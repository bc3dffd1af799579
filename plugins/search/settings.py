"""The search plugin's settings (prefix SEARCH_)."""

from kit.settings import Setting, Spec, boolean

SPEC = Spec(
    plugin="search",
    prefix="SEARCH_",
    settings=(
        # Index the published articles and pages with Pagefind after every build.
        Setting("SEARCH_INDEX", True, boolean),
    ),
    # Pelican's own settings of the `search` direct template.
    foreign=frozenset({"SEARCH_URL", "SEARCH_SAVE_AS"}),
)
