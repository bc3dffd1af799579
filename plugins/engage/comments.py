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

from kit.csp import Policy


@dataclass(frozen=True)
class Page:
    """What a provider needs to know about the article it embeds comments for."""

    url: str
    title: str
    thread_id: str
    toot: str = ""


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
