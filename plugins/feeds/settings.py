"""The feeds plugin's settings (prefix FEEDS_; Pelican's own feed settings are FEED_*).

The JSON Feed paths mirror Pelican's FEED_ALL_ATOM, CATEGORY_FEED_ATOM and TAG_FEED_ATOM:
a path in the output, `{slug}` for the category's or tag's slug, None for no such feed.
"""

from typing import Any
from urllib.parse import urlsplit

from kit.settings import Setting, SettingsError, Spec, optional
from kit.urls import is_http_url

JSON_ALL = "FEEDS_JSON_ALL"
JSON_CATEGORY = "FEEDS_JSON_CATEGORY"
JSON_TAG = "FEEDS_JSON_TAG"
WEBSUB_HUB = "FEEDS_WEBSUB_HUB"
JSON_PATHS = (JSON_ALL, JSON_CATEGORY, JSON_TAG)


def _output_path(value: Any, name: str, slug: bool) -> str:
    """A relative path in the output ending in .json (hosts serve it as JSON by its name)."""
    if not isinstance(value, str) or not value.endswith(".json"):
        raise SettingsError(f"{name} must be a path ending in .json (or None), not {value!r}")
    parts = value.split("/")
    if value.startswith("/") or ".." in parts or "" in parts or "\\" in value:
        raise SettingsError(f"{name} must be a relative path in the output, not {value!r}")
    if slug != ("{slug}" in value):
        wanted = "must contain {slug}" if slug else "takes no {slug}"
        raise SettingsError(f"{name} {wanted}, not {value!r}")
    try:
        value.format(slug="x")
    except (KeyError, IndexError, ValueError) as error:
        raise SettingsError(f"{name}: only {{slug}} may be in braces, not {value!r}") from error
    return value


def _all_path(value: Any, name: str) -> str:
    return _output_path(value, name, slug=False)


def _slug_path(value: Any, name: str) -> str:
    return _output_path(value, name, slug=True)


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _https_url(value: Any, name: str) -> str:
    """An https URL: a hub must be reached over TLS (subscribers learn it from the feed).
    Plain http only on this machine's loopback, for a hub run locally (tests)."""
    parts = urlsplit(value) if is_http_url(value) else None
    local = parts is not None and parts.scheme == "http" and parts.hostname in LOOPBACK
    if parts is None or (parts.scheme != "https" and not local):
        raise SettingsError(f"{name} must be an https URL (or None), not {value!r}")
    return value


SPEC = Spec(
    plugin="feeds",
    prefix="FEEDS_",
    settings=(
        Setting(JSON_ALL, "feeds/all.json", optional(_all_path)),
        Setting(JSON_CATEGORY, "feeds/category/{slug}.json", optional(_slug_path)),
        Setting(JSON_TAG, "feeds/tag/{slug}.json", optional(_slug_path)),
        Setting(WEBSUB_HUB, None, optional(_https_url)),
    ),
)
