"""The engage plugin's settings (prefix ENGAGE_), checked into one `EngageConfig` per run."""

import difflib
import re
from dataclasses import dataclass
from typing import Any

from kit.run_state import state_of
from kit.settings import (
    Setting,
    SettingsError,
    Spec,
    boolean,
    one_of,
    optional,
    public_siteurl,
)

from .comments import Provider
from .cta import Cta, load_cta
from .newsletter import NewsletterForm, load_newsletter
from .providers import provider_named
from .share_links import DEFAULT_TARGETS, TARGETS

_EMAIL = re.compile(r"^[^@\s<>\"'?&]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def _share_targets(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SettingsError(f"{name} must be a list of target names")
    for target in value:
        if target not in TARGETS:
            close = difflib.get_close_matches(str(target), TARGETS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise SettingsError(
                f"{name}: unknown share target {target!r}{hint}; known: {', '.join(TARGETS)}"
            )
    return tuple(value)


def _email(value: Any, name: str) -> str:
    if not (isinstance(value, str) and _EMAIL.match(value)):
        raise SettingsError(f"{name} is not an email address: {value!r}")
    return value


def _folder(value: Any, name: str) -> str:
    if not isinstance(value, str) or value.startswith("/") or ".." in value.split("/"):
        raise SettingsError(f"{name} must be a folder inside the content folder, not {value!r}")
    return value.strip("/")


def _options(value: Any, name: str) -> Any:
    return value  # checked with the provider (providers.provider_named)


SPEC = Spec(
    plugin="engage",
    prefix="ENGAGE_",
    settings=(
        Setting("ENGAGE_SHARE_TARGETS", list(DEFAULT_TARGETS), _share_targets),
        Setting("ENGAGE_SHARE_HASHTAGS", False, boolean),
        Setting("ENGAGE_SHARE_COPY_LINK", True, boolean),
        Setting("ENGAGE_SHARE_NATIVE", True, boolean),
        Setting("ENGAGE_SHARE_ON_PAGES", False, boolean),
        Setting("ENGAGE_COMMENTS_PROVIDER", None),
        Setting("ENGAGE_COMMENTS", {}, _options),
        Setting("ENGAGE_COMMENTS_LOAD", "click", one_of("click", "visible")),
        Setting("ENGAGE_COMMENTS_ON_PAGES", False, boolean),
        Setting("ENGAGE_CONTACT_EMAIL", None, optional(_email)),
        Setting("ENGAGE_CTA", None),  # checked into a Cta by cta.load_cta
        # The e-mail signup form: {"provider": "buttondown" | "mailchimp" | "listmonk", ...}.
        Setting("ENGAGE_NEWSLETTER", None, load_newsletter),
        Setting("ENGAGE_FEED_FOOTER", True, boolean),
        # The folder of content/ holding comments kept from the old blog, one
        # `<slug>.json` per article (the WordPress import writes them); "" turns them off.
        Setting("ENGAGE_COMMENTS_ARCHIVE", "comments", _folder),
    ),
)


@dataclass(frozen=True)
class EngageConfig:
    """The checked settings, as the plugin uses them."""

    siteurl: str  # the public address (PUBLIC_SITEURL), "" when there is none
    share_targets: tuple[str, ...]
    share_hashtags: bool
    share_copy_link: bool
    share_native: bool
    share_on_pages: bool
    provider: Provider | None
    comments_options: dict
    comments_load: str
    comments_on_pages: bool
    contact_email: str | None
    cta: Cta | None
    newsletter: NewsletterForm | None
    feed_footer: bool
    archive_folder: str


def engage_config(settings: dict) -> EngageConfig:
    """The plugin's checked settings for this run (checked once)."""
    return state_of(settings).part("engage:config", lambda: _load(settings))


def _load(settings: dict) -> EngageConfig:
    values = SPEC.of(settings)
    options = values["ENGAGE_COMMENTS"]
    return EngageConfig(
        siteurl=public_siteurl(settings),
        share_targets=values["ENGAGE_SHARE_TARGETS"],
        share_hashtags=values["ENGAGE_SHARE_HASHTAGS"],
        share_copy_link=values["ENGAGE_SHARE_COPY_LINK"],
        share_native=values["ENGAGE_SHARE_NATIVE"],
        share_on_pages=values["ENGAGE_SHARE_ON_PAGES"],
        provider=provider_named(values["ENGAGE_COMMENTS_PROVIDER"], options),
        comments_options=options if isinstance(options, dict) else {},
        comments_load=values["ENGAGE_COMMENTS_LOAD"],
        comments_on_pages=values["ENGAGE_COMMENTS_ON_PAGES"],
        contact_email=values["ENGAGE_CONTACT_EMAIL"],
        cta=load_cta(values["ENGAGE_CTA"]),
        newsletter=values["ENGAGE_NEWSLETTER"],
        feed_footer=values["ENGAGE_FEED_FOOTER"],
        archive_folder=values["ENGAGE_COMMENTS_ARCHIVE"],
    )
