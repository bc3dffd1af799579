"""The safehtml plugin's settings (prefix SAFEHTML_)."""

from kit.settings import Setting, Spec, boolean

SPEC = Spec(
    plugin="safehtml",
    prefix="SAFEHTML_",
    settings=(
        # YouTube and Vimeo videos become click-to-load facades (else: plain links).
        Setting("SAFEHTML_VIDEOS", True, boolean),
    ),
)
