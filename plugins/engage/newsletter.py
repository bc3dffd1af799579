"""The e-mail newsletter signup: a plain form, one declaration per provider.

No script, no pixel, no request before the reader submits: the form posts straight to
the provider's own endpoint, so the provider sees a reader only when that reader
subscribes, and the site's Content-Security-Policy names its host in `form-action` only
(when ENGAGE_NEWSLETTER is set). Adding a provider is one `NewsletterProvider(...)` in
PROVIDERS: the keys of ENGAGE_NEWSLETTER it takes and the form it builds from them. Every
error names the setting and the key (`ENGAGE_NEWSLETTER['username'] is required ...`).

The markup follows each provider's own embed form: Buttondown's `email` and `embed=1`;
Mailchimp's `EMAIL` and its bot trap, a text field named `b_<u>_<id>` that people never
see or reach (off-screen, tabindex -1) and bots fill in; listmonk's `email`, one `l` per
list UUID, optional `name`, and its empty `nonce` (listmonk refuses a filled one).
"""

import dataclasses
import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from kit.csp import Policy
from kit.settings import SettingsError, http_url
from kit.urls import origin

SETTING = "ENGAGE_NEWSLETTER"
COMMON_KEYS = ("provider", "heading", "text")
DEFAULT_HEADING = "Get new articles by email"
BUTTONDOWN = "https://buttondown.com/api/emails/embed-subscribe/"
_BUTTONDOWN_USER = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
_MAILCHIMP_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+list-manage\.com$")
_MAILCHIMP_ID = re.compile(r"^[A-Za-z0-9]{1,64}$")
# listmonk's address: a host name (no user, so nothing odd reaches the CSP or nginx) and
# a path of RFC 3986 path characters (no quote, angle bracket or backslash).
_HOST_PORT = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$")
_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class NewsletterForm:
    """Template data for `partials/newsletter.html` (every value HTML-escaped there)."""

    provider: str
    action: str  # where the form posts: the provider's endpoint, built from checked parts
    email_field: str  # the name of the e-mail input
    hidden: tuple[tuple[str, str], ...] = ()  # hidden inputs, (name, value), in order
    honeypot: str = ""  # the name of the provider's bot-trap text field ("": none)
    name_field: str = ""  # the name of an optional "Name" input ("": none)
    heading: str = DEFAULT_HEADING
    text: str = ""

    @property
    def host(self) -> str:
        """The provider's host, which the privacy note names."""
        return urlsplit(self.action).hostname or ""

    @property
    def privacy_note(self) -> str:
        return (
            f"Nothing is sent until you subscribe; then your address goes to {self.host}, "
            "which sends the newsletter."
        )


@dataclass(frozen=True)
class NewsletterProvider:
    """A newsletter service: the keys it takes and how to build its form from them."""

    name: str
    keys: tuple[str, ...]  # its own keys of ENGAGE_NEWSLETTER, besides COMMON_KEYS
    build: Callable[[dict], NewsletterForm]  # raises SettingsError naming the key


def _key(key: str) -> str:
    return f"{SETTING}[{key!r}]"


def _need(options: dict, key: str, provider: str) -> str:
    value = options.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{_key(key)} is required for the {provider} newsletter provider")
    return value.strip()


# --- Buttondown --------------------------------------------------------------------------


def _buttondown(options: dict) -> NewsletterForm:
    username = _need(options, "username", "buttondown")
    if not _BUTTONDOWN_USER.match(username):
        raise SettingsError(
            f"{_key('username')} must be a Buttondown username (letters, digits, '-', '_'), "
            f"not {username!r}"
        )
    return NewsletterForm("buttondown", BUTTONDOWN + quote(username), "email", (("embed", "1"),))


# --- Mailchimp ---------------------------------------------------------------------------


def _mailchimp(options: dict) -> NewsletterForm:
    """The list's form action as Mailchimp's embed code gives it
    (`https://<dc>.list-manage.com/subscribe/post?u=...&id=...`, `&amp;` as copied from
    the HTML too), rebuilt from its parts: anything else in it is dropped."""
    given = http_url(_need(options, "action", "mailchimp"), _key("action"))
    parts = urlsplit(html.unescape(given))
    query = parse_qs(parts.query)
    ids = {name: (query.get(name) or [""])[0] for name in ("u", "id", "f_id")}
    if (
        parts.scheme != "https"
        or not _MAILCHIMP_HOST.match(parts.hostname or "")
        or parts.port is not None
        or parts.path.rstrip("/") != "/subscribe/post"
        or not all(_MAILCHIMP_ID.match(ids[name]) for name in ("u", "id"))
        or (ids["f_id"] and not _MAILCHIMP_ID.match(ids["f_id"]))
    ):
        raise SettingsError(
            f"{_key('action')} must be the form action of Mailchimp's embedded form, "
            f"https://<dc>.list-manage.com/subscribe/post?u=...&id=..., not {given!r}"
        )
    action = f"https://{parts.hostname}/subscribe/post?u={ids['u']}&id={ids['id']}"
    if ids["f_id"]:
        action += f"&f_id={ids['f_id']}"
    return NewsletterForm("mailchimp", action, "EMAIL", honeypot=f"b_{ids['u']}_{ids['id']}")


# --- listmonk (self-hosted) --------------------------------------------------------------


def _listmonk_url(options: dict) -> str:
    """The server's address (a path when it runs in a folder), without a trailing slash."""
    url = http_url(_need(options, "url", "listmonk"), _key("url"))
    parts = urlsplit(url)
    if (
        parts.scheme != "https"
        or not _HOST_PORT.match(parts.netloc)
        or not _PATH.match(parts.path)
        or parts.query
        or parts.fragment
    ):
        raise SettingsError(
            f"{_key('url')} must be the https address of the listmonk server (readers' "
            f"addresses never travel unencrypted), without query or fragment, not {url!r}"
        )
    return url.rstrip("/")


def _listmonk_lists(options: dict) -> tuple[str, ...]:
    """The UUIDs of the lists a reader joins (listmonk: Lists -> the list -> UUID)."""
    lists = options.get("lists")
    if (
        isinstance(lists, str)
        or not isinstance(lists, list | tuple)
        or not lists
        or not all(isinstance(uuid, str) and _UUID.match(uuid) for uuid in lists)
    ):
        raise SettingsError(f"{_key('lists')} must be a list of listmonk list UUIDs, not {lists!r}")
    return tuple(dict.fromkeys(uuid.lower() for uuid in lists))


def _listmonk(options: dict) -> NewsletterForm:
    url, lists = _listmonk_url(options), _listmonk_lists(options)
    ask_name = options.get("ask_name", False)
    if not isinstance(ask_name, bool):
        raise SettingsError(f"{_key('ask_name')} must be True or False, not {ask_name!r}")
    return NewsletterForm(
        "listmonk",
        f"{url}/subscription/form",
        "email",
        (*(("l", uuid) for uuid in lists), ("nonce", "")),
        name_field="name" if ask_name else "",
    )


PROVIDERS: dict[str, NewsletterProvider] = {
    provider.name: provider
    for provider in (
        NewsletterProvider("buttondown", ("username",), _buttondown),
        NewsletterProvider("mailchimp", ("action",), _mailchimp),
        NewsletterProvider("listmonk", ("url", "lists", "ask_name"), _listmonk),
    )
}


def _did_you_mean(value: object, known: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(str(value), known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _provider(value: dict) -> NewsletterProvider:
    name = value.get("provider")
    if name not in PROVIDERS:
        said = "is required" if name is None else f"{name!r} is not a provider"
        raise SettingsError(
            f"{_key('provider')} {said}{_did_you_mean(name, list(PROVIDERS))}; "
            f"choose one of {', '.join(PROVIDERS)}"
        )
    return PROVIDERS[name]


def _text(value: dict, key: str, default: str) -> str:
    given = value.get(key, default)
    if not isinstance(given, str):
        raise SettingsError(f"{_key(key)} must be text, not {given!r}")
    return given.strip() or default


def load_newsletter(value: Any, name: str = SETTING) -> NewsletterForm | None:
    """Check ENGAGE_NEWSLETTER into the site's signup form (None: no signup)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SettingsError(
            f"{name} must be a dict such as {{'provider': 'buttondown', 'username': '...'}}, "
            "or None for no signup form"
        )
    provider = _provider(value)
    known = (*COMMON_KEYS, *provider.keys)
    for key in value:
        if key not in known:
            raise SettingsError(
                f"{name}: unknown key {key!r} for the {provider.name} provider"
                f"{_did_you_mean(key, known)}; known: {', '.join(known)}"
            )
    form = provider.build(value)
    return dataclasses.replace(
        form,
        heading=_text(value, "heading", DEFAULT_HEADING),
        text=_text(value, "text", ""),
    )


def form_action_sources(form: NewsletterForm | None) -> Policy:
    """What the signup needs in the Content-Security-Policy: its provider in `form-action`."""
    return {"form-action": (origin(form.action),)} if form is not None else {}
