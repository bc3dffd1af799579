"""The strict plugin's settings (prefix STRICT_)."""

from kit.settings import Setting, Spec, boolean

SPEC = Spec(
    plugin="strict",
    prefix="STRICT_",
    settings=(
        # Content lint: long titles and summaries, a missing summary (content_lint.py).
        Setting("STRICT_LINT", True, boolean),
        # A publish build: drafts, future-dated and hidden articles and draft pages are
        # not written at all (unpublished.py). publishconf.py turns it on.
        Setting("STRICT_PUBLIC_ONLY", False, boolean),
    ),
)
