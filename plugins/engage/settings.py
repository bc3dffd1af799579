"""The plugin's settings: defaults in one place, merged under the site's values, validated.

All settings share the `ENGAGE_` prefix so that a typo can be caught: an
unknown `ENGAGE_*` name is reported with the closest known one.
"""

import difflib
import logging
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from .share_links import DEFAULT_TARGETS, TARGETS

logger = logging.getLogger(__name__)

PREFIX = "ENGAGE_"
DEFAULTS: dict[str, Any] = {
    "ENGAGE_SITEURL": None,  # absolute site address for share links; None: SITEURL
    "ENGAGE_SHARE_TARGETS": list(DEFAULT_TARGETS),
    "ENGAGE_SHARE_HASHTAGS": False,
    "ENGAGE_SHARE_COPY_LINK": True,
    "ENGAGE_SHARE_NATIVE": True,
    "ENGAGE_SHARE_ON_PAGES": False,
    "ENGAGE_COMMENTS_PROVIDER": None,
    "ENGAGE_COMMENTS": {},
    "ENGAGE_COMMENTS_LOAD": "click",
    "ENGAGE_COMMENTS_ON_PAGES": False,
    "ENGAGE_CONTACT_EMAIL": None,
    "ENGAGE_CTA": None,
    "ENGAGE_FEED_FOOTER": True,
    "ENGAGE_LINT": True,
    "ENGAGE_SOCIAL_CARDS": True,  # generated og:image cards (social_cards.py)
    "ENGAGE_SOCIAL_CARD_ACCENT": "#0f766e",  # the cards' band colour, #rrggbb
    "ENGAGE_SEARCH": True,  # Pagefind index after each build (search_index.py)
    "ENGAGE_PARALLEL_READ": True,  # full builds read articles on two cores (parallel_read.py)
    "ENGAGE_INCREMENTAL": False,  # render only changed pages (incremental.py; livereload)
}
_EMAIL = re.compile(r"^[^@\s<>\"'?&]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


class EngageSettingsError(ValueError):
    """A setting the plugin cannot work with; the message names the setting."""


def is_http_url(value: Any) -> bool:
    """True for an absolute http(s) URL with a host, and nothing else.

    Never raises. Whitespace and control characters anywhere are refused (urlsplit()
    and browsers silently strip some, so a value must not be judged on what is left,
    and XML feeds cannot carry them), and so is anything urlsplit() cannot read a host
    and port from ("http://[::1", "http://host:port/").
    """
    if not isinstance(value, str) or any(
        c.isspace() or unicodedata.category(c) == "Cc" for c in value
    ):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def require_http_url(value: Any, name: str) -> str:
    """`value` if it is an http(s) URL, else an error naming the setting."""
    if not is_http_url(value):
        raise EngageSettingsError(f"{name} must be an http(s) URL, not {value!r}")
    return value


def warn_unknown_settings(settings: dict) -> None:
    """Log a warning for every `ENGAGE_*` setting the plugin does not know."""
    for key in sorted(k for k in settings if k.startswith(PREFIX) and k not in DEFAULTS):
        close = difflib.get_close_matches(key, DEFAULTS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        logger.warning("engage: unknown setting %s%s", key, hint)


def load_settings(settings: dict) -> dict[str, Any]:
    """The plugin's settings: defaults overridden by the site's, validated."""
    warn_unknown_settings(settings)
    merged = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    siteurl = merged["ENGAGE_SITEURL"] or settings.get("SITEURL") or ""
    if siteurl:
        require_http_url(siteurl, "ENGAGE_SITEURL" if merged["ENGAGE_SITEURL"] else "SITEURL")
    merged["ENGAGE_SITEURL"] = siteurl.rstrip("/")
    _check_share(merged)
    load = merged["ENGAGE_COMMENTS_LOAD"]
    if load not in {"click", "visible"}:
        raise EngageSettingsError(f"ENGAGE_COMMENTS_LOAD: 'click' or 'visible', not {load!r}")
    email = merged["ENGAGE_CONTACT_EMAIL"]
    if email is not None and not (isinstance(email, str) and _EMAIL.match(email)):
        raise EngageSettingsError(f"ENGAGE_CONTACT_EMAIL is not an email address: {email!r}")
    return merged


def _check_share(merged: dict) -> None:
    targets = merged["ENGAGE_SHARE_TARGETS"]
    if isinstance(targets, str) or not isinstance(targets, list | tuple):
        raise EngageSettingsError("ENGAGE_SHARE_TARGETS must be a list of target names")
    for target in targets:
        if target not in TARGETS:
            close = difflib.get_close_matches(str(target), TARGETS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise EngageSettingsError(
                f"ENGAGE_SHARE_TARGETS: unknown share target {target!r}{hint}; "
                f"known: {', '.join(TARGETS)}"
            )


def is_off(value: Any) -> bool:
    """Metadata switch: `off`, `no`, `false`, `0`, `hide` (any case) turn a feature off."""
    return str(value).strip().lower() in {"off", "no", "false", "0", "hide", "none"}
