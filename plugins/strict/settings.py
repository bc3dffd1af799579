"""The strict plugin's settings (prefix STRICT_)."""

from kit.settings import Setting, Spec, boolean

SPEC = Spec(
    plugin="strict",
    prefix="STRICT_",
    settings=(
        # Content lint: long titles and summaries, a missing summary (content_lint.py).
        Setting("STRICT_LINT", True, boolean),
    ),
)
