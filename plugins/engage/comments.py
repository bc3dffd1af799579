"""Comment embeds: what the theme renders for a page's comments, and what a provider is.

Nothing is requested from a provider until the reader asks (or, with
ENGAGE_COMMENTS_LOAD = "visible", scrolls to the comments): the theme's script reads
these values from `data-` attributes and loads the embed. Each provider is one
declaration in providers.py: its embed builder, the element its script fills, and the
hosts its loader contacts (for the Content-Security-Policy).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from kit.csp import Policy


@dataclass(frozen=True)
class Page:
    """What a provider needs to know about the article it embeds comments for."""

    url: str
    title: str
    thread_id: str  # a path on the site, made by thread_path()
    toot: str = ""


def thread_path(page_url: str, comments_id: object = None) -> str:
    """The thread id of a page: its path on the site (`/networking-an-opportunity-lost/`),
    or the path `Comments_id` names (`/2013/07/15/old-address/`; slashes added).

    A path, because Isso (and Remark42) make the thread's address by appending the id to
    the site's origin: in their links to a comment, notification e-mails and moderation
    redirects. The result starts and ends with one "/", is percent-encoded, and has no
    "." or ".." segment, so no id can name another host or another page's thread.
    """
    chosen = str(comments_id).strip() if comments_id is not None else ""
    if not chosen:
        parts = urlsplit(page_url)
        chosen = parts.path if parts.scheme or parts.netloc else page_url.split("?")[0]
    segments = [part for part in unquote(chosen).split("/") if part not in {"", ".", ".."}]
    if not segments:
        return "/"
    return "/" + quote("/".join(segments), safe="/") + "/"


@dataclass(frozen=True)
class Container:
    """The element a provider's script fills: `<tag name="value" flag>`, attributes in order."""

    tag: str
    attrs: tuple[tuple[str, str | None], ...] = ()  # None: an attribute without a value


@dataclass(frozen=True)
class CommentsEmbed:
    """Template data for `partials/comments.html` (see docs/engage-markup.md)."""

    provider: str
    hosted_by: str
    origins: tuple[str, ...]
    container: Container | None = None  # None: the script adds its own element
    load: str = "click"
    script: str = ""
    script_attrs: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    discussion_url: str = ""
    discussion_label: str = ""
    email_url: str = ""

    @property
    def hosted_text(self) -> str:
        return f"Comments are hosted by {self.hosted_by}."

    question = "Load them?"  # shown only where the script can load them

    @property
    def consent_text(self) -> str:
        return f"{self.hosted_text} {self.question}"

    @property
    def script_attrs_json(self) -> str:
        return json.dumps(self.script_attrs, ensure_ascii=False, sort_keys=True)

    @property
    def config_json(self) -> str:
        return json.dumps(self.config, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Provider:
    """A comment provider: everything the plugin and the headers need to know of it."""

    name: str
    # The embed for one page from the provider's options (ENGAGE_COMMENTS), or None when
    # there is nothing to embed; raises SettingsError for a missing or wrong option.
    build: Callable[[dict, Page], CommentsEmbed | None]
    # The hosts its loader contacts, per CSP directive, for one embed.
    sources: Callable[[CommentsEmbed], Policy]
