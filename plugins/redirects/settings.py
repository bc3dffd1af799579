"""The redirects plugin's settings (prefix REDIRECTS_)."""

from typing import Any

from kit.settings import Setting, SettingsError, Spec, boolean


def _relative_file(value: Any, name: str) -> str:
    if not isinstance(value, str) or value.startswith("/") or ".." in value.split("/"):
        raise SettingsError(f"{name} must be a file name inside the content folder: {value!r}")
    return value


SPEC = Spec(
    plugin="redirects",
    prefix="REDIRECTS_",
    settings=(
        # Lines `OLD-ADDRESS NEW-ADDRESS` (site paths; `#` starts a comment), read from the
        # content folder when the file exists.
        Setting("REDIRECTS_FILE", "redirects.txt", _relative_file),
        # Write a static redirect page at each old address (needed on GitHub Pages).
        Setting("REDIRECTS_PAGES", True, boolean),
    ),
)
