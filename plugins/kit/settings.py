"""One way for every plugin to read its settings: defaults, checks, and names that are wrong.

Each plugin declares a `Spec`: its settings prefix and, per setting, the default and a
check. `Spec.of(settings)` merges the site's values over the defaults and checks each
one, once per Pelican run (the result is kept in the run's state). What it reports:

- a wrong value: `SettingsError`, whose message names the setting and says what to write;
  it stops the build (one line, see the strict plugin's build log);
- a name with the plugin's prefix that the plugin does not know: a warning naming the
  closest known one (`ENGAGE_SHARE_TARGET` ... did you mean ENGAGE_SHARE_TARGETS?), fatal
  in strict builds;
- a name that was renamed (`RENAMED`): an error naming the new one, so that an old
  `ENGAGE_SEARCH = False` is never silently ignored.

`PUBLIC_SITEURL` belongs to no plugin: it is the site's public address, which share links,
feed footers, social metadata and the search form all need (`public_siteurl`).
"""

import difflib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .fast_path import unaffected_by_body
from .run_state import state_of
from .urls import is_http_url

logger = logging.getLogger(__name__)

# Settings that moved when the one `engage` plugin became one plugin per concern.
RENAMED = {
    "ENGAGE_SITEURL": "PUBLIC_SITEURL",
    "ENGAGE_LINT": "STRICT_LINT",
    "ENGAGE_SOCIAL_CARDS": "SOCIAL_CARDS",
    "ENGAGE_SOCIAL_CARD_ACCENT": "SOCIAL_CARD_ACCENT",
    "ENGAGE_SEARCH": "SEARCH_INDEX",
    "ENGAGE_INCREMENTAL": "BUILDSPEED_INCREMENTAL",
    "ENGAGE_PARALLEL_READ": "BUILDSPEED_PARALLEL_READ",
}

Check = Callable[[Any, str], Any]  # (value, setting name) -> the value to use, or raise


class SettingsError(ValueError):
    """A setting a plugin cannot work with; the message names the setting."""


@dataclass(frozen=True)
class Setting:
    """One setting: its name, its default and how to check a value."""

    name: str
    default: Any
    check: Check | None = None


@dataclass(frozen=True)
class Spec:
    """A plugin's settings: every name starts with `prefix`."""

    plugin: str
    prefix: str
    settings: tuple[Setting, ...]
    # Pelican's own names that happen to start with the prefix (SEARCH_URL, SEARCH_SAVE_AS).
    foreign: frozenset[str] = field(default_factory=frozenset)

    @property
    def defaults(self) -> dict[str, Any]:
        return {setting.name: setting.default for setting in self.settings}

    @unaffected_by_body("settings only")
    def check(self, pelican: Any) -> None:
        """`initialized` receiver (`signals.initialized.connect(SPEC.check)`): a wrong
        setting stops the build before anything is read."""
        self.of(pelican.settings)

    def of(self, settings: dict) -> dict[str, Any]:
        """The checked values (site's over defaults), computed once per Pelican run."""
        return state_of(settings).part(f"settings:{self.plugin}", lambda: self.load(settings))

    def load(self, settings: dict) -> dict[str, Any]:
        """Check every value now; warn about unknown names, stop on renamed ones."""
        refuse_renamed(settings)
        for message in self.unknown_names(settings):
            logger.warning("%s", message)
        values = {}
        for setting in self.settings:
            value = settings.get(setting.name, setting.default)
            values[setting.name] = setting.check(value, setting.name) if setting.check else value
        return values

    def unknown_names(self, settings: Iterable[str]) -> list[str]:
        """A message for every name with our prefix that no setting of ours has."""
        known = self.defaults
        messages = []
        for key in sorted(k for k in settings if k.startswith(self.prefix)):
            if key in known or key in self.foreign or key in RENAMED:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            messages.append(f"{self.plugin}: unknown setting {key}{hint}")
        return messages


def refuse_renamed(settings: dict) -> None:
    """A SettingsError for the first renamed setting the site still uses."""
    for old, new in RENAMED.items():
        if old in settings:
            raise SettingsError(f"{old} was renamed {new}: write {new} = {settings[old]!r}")


def public_siteurl(settings: dict) -> str:
    """The site's public address without a trailing slash: PUBLIC_SITEURL, else SITEURL.

    Share links and social metadata need it absolute even in development (where SITEURL
    is ""). "" when neither is set.
    """
    own = settings.get("PUBLIC_SITEURL")
    url = own or settings.get("SITEURL") or ""
    if url:
        http_url(url, "PUBLIC_SITEURL" if own else "SITEURL")
    return url.rstrip("/")


# --- Checks ------------------------------------------------------------------------------


def boolean(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{name} must be True or False, not {value!r}")
    return value


def http_url(value: Any, name: str) -> str:
    """`value` if it is an http(s) URL, else an error naming the setting."""
    if not is_http_url(value):
        raise SettingsError(f"{name} must be an http(s) URL, not {value!r}")
    return value


def positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def hex_colour(value: Any, name: str) -> str:
    """A `#rrggbb` colour, in lower case."""
    if not (isinstance(value, str) and _HEX_COLOUR.match(value)):
        raise SettingsError(f"{name} must be a #rrggbb colour, not {value!r}")
    return value.lower()


def one_of(*choices: Any) -> Check:
    """A check that `value` is one of `choices`."""

    def check(value: Any, name: str) -> Any:
        if value not in choices:
            listed = " or ".join(repr(choice) for choice in choices)
            raise SettingsError(f"{name}: {listed}, not {value!r}")
        return value

    return check


def optional(check: Check) -> Check:
    """`check`, except that None passes as None."""
    return lambda value, name: None if value is None else check(value, name)


def is_off(value: Any) -> bool:
    """Metadata switch: `off`, `no`, `false`, `0`, `hide`, `none` (any case) turn a feature off."""
    return str(value).strip().lower() in {"off", "no", "false", "0", "hide", "none"}


def switched_on(metadata: dict, key: str, default: bool) -> bool:
    """A per-article override of a feature flag: `Share: off` in `metadata` beats `default`."""
    value = metadata.get(key)
    return default if value is None else not is_off(value)
