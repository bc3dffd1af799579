"""Comment embeds: validated provider settings turned into data the theme renders.

Nothing is requested from a provider until the reader asks (or, with
ENGAGE_COMMENTS_LOAD = "visible", scrolls to the comments): the theme's
script reads these values from `data-` attributes and loads the embed.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from .settings import EngageSettingsError, require_http_url

PROVIDERS = ("giscus", "utterances", "disqus", "isso", "remark42", "cusdis", "mastodon")
DISCONTINUED = {
    "facebook": "the Facebook Comments plugin was discontinued by Facebook on 2026-02-10",
}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_SHORTNAME = re.compile(r"^[a-z0-9-]+$")
_TOOT = re.compile(r"^/(?:@[^/]+|users/[^/]+/statuses)/(?P<id>\d+)/?$")


@dataclass(frozen=True)
class Page:
    """What a provider needs to know about the article it embeds comments for."""

    url: str
    title: str
    thread_id: str
    toot: str = ""


@dataclass(frozen=True)
class CommentsEmbed:
    """Template data for `partials/comments.html` (see docs/engage-markup.md)."""

    provider: str
    hosted_by: str
    origins: tuple[str, ...]
    load: str = "click"
    script: str = ""
    script_attrs: dict = field(default_factory=dict)
    config: dict = field(default_factory=dict)
    container: str = ""
    container_attrs: dict = field(default_factory=dict)
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


def _need(options: dict, key: str, provider: str) -> str:
    value = options.get(key)
    if not isinstance(value, str) or not value.strip():
        raise EngageSettingsError(
            f"ENGAGE_COMMENTS[{key!r}] is required for the {provider} comments provider"
        )
    return value.strip()


def _repo(options: dict, provider: str) -> str:
    repo = _need(options, "repo", provider)
    if not _REPO.match(repo):
        raise EngageSettingsError(f"ENGAGE_COMMENTS['repo'] must be 'owner/name', not {repo!r}")
    return repo


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _giscus(options: dict, page: Page) -> CommentsEmbed:
    repo = _repo(options, "giscus")
    attrs = {
        "data-repo": repo,
        "data-repo-id": _need(options, "repo_id", "giscus"),
        "data-category": _need(options, "category", "giscus"),
        "data-category-id": _need(options, "category_id", "giscus"),
        "data-mapping": "specific",
        "data-term": page.thread_id,
        "data-strict": "1",
        "data-reactions-enabled": "1",
        "data-emit-metadata": "0",
        "data-input-position": "top",
        "data-theme": "preferred_color_scheme",
        "data-lang": str(options.get("lang", "en")),
        "crossorigin": "anonymous",
    }
    return CommentsEmbed(
        "giscus",
        "giscus.app and GitHub",
        ("https://giscus.app",),
        script="https://giscus.app/client.js",
        script_attrs=attrs,
        container="giscus",
        discussion_url=f"https://github.com/{repo}/discussions",
        discussion_label="Read the discussions on GitHub",
    )


def _utterances(options: dict, page: Page) -> CommentsEmbed:
    repo = _repo(options, "utterances")
    attrs = {
        "repo": repo,
        "issue-term": page.thread_id,
        "label": str(options.get("label", "comments")),
        "theme": "preferred-color-scheme",
        "crossorigin": "anonymous",
    }
    search = quote(f'"{page.thread_id}" in:title', safe="")
    return CommentsEmbed(
        "utterances",
        "utteranc.es and GitHub",
        ("https://utteranc.es",),
        script="https://utteranc.es/client.js",
        script_attrs=attrs,
        container="utterances",
        discussion_url=f"https://github.com/{repo}/issues?q={search}",
        discussion_label="Read the discussion on GitHub",
    )


def _disqus(options: dict, page: Page) -> CommentsEmbed:
    shortname = _need(options, "shortname", "disqus")
    if not _SHORTNAME.match(shortname):
        raise EngageSettingsError(
            f"ENGAGE_COMMENTS['shortname'] is not a Disqus shortname: {shortname!r}"
        )
    host = f"https://{shortname}.disqus.com"
    return CommentsEmbed(
        "disqus",
        "Disqus (disqus.com)",
        (host, "https://c.disquscdn.com"),
        script=f"{host}/embed.js",
        config={"url": page.url, "identifier": page.thread_id, "title": page.title},
        container="disqus",
    )


def _isso(options: dict, page: Page) -> CommentsEmbed:
    url = require_http_url(_need(options, "url", "isso"), "ENGAGE_COMMENTS['url']").rstrip("/")
    return CommentsEmbed(
        "isso",
        f"our comment server ({urlsplit(url).netloc})",
        (_origin(url),),
        script=f"{url}/js/embed.min.js",
        script_attrs={"data-isso": f"{url}/"},
        container="isso",
        container_attrs={"data-isso-id": page.thread_id, "data-title": page.title},
    )


def _thread_url(page_url: str, thread_id: str) -> str:
    """`/<thread id>/` on the page's own origin (none when the page URL is relative).

    The id is percent-encoded ("/" kept) and never resolved against the page URL, so no
    id can move the thread to another host ("/evil.example") or onto the URL of another
    id (".." or "a/../b" were the site root and "b").
    """
    parts = urlsplit(page_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{origin}/{quote(thread_id)}/"


def _remark42(options: dict, page: Page) -> CommentsEmbed:
    host = require_http_url(_need(options, "host", "remark42"), "ENGAGE_COMMENTS['host']")
    host = host.rstrip("/")
    config = {
        "host": host,
        "site_id": _need(options, "site_id", "remark42"),
        # Remark42 keys threads by URL: a URL made from the thread id keeps the
        # thread when the article's own URL changes.
        "url": _thread_url(page.url, page.thread_id),
        "page_title": page.title,
    }
    return CommentsEmbed(
        "remark42",
        f"our comment server ({urlsplit(host).netloc})",
        (_origin(host),),
        script=f"{host}/web/embed.js",
        config=config,
        container="remark42",
    )


def _cusdis(options: dict, page: Page) -> CommentsEmbed:
    host = require_http_url(options.get("host", "https://cusdis.com"), "ENGAGE_COMMENTS['host']")
    host = host.rstrip("/")
    attrs = {
        "data-host": host,
        "data-app-id": _need(options, "app_id", "cusdis"),
        "data-page-id": page.thread_id,
        "data-page-url": page.url,
        "data-page-title": page.title,
    }
    return CommentsEmbed(
        "cusdis",
        urlsplit(host).netloc,
        (_origin(host),),
        script=f"{host}/js/cusdis.es.js",
        container="cusdis",
        container_attrs=attrs,
    )


def mastodon_api_url(toot: str) -> str:
    """The public context API of a toot URL (`https://host/@user/123`), or ValueError."""
    parts = urlsplit(toot)
    match = _TOOT.match(parts.path)
    if parts.scheme != "https" or not parts.hostname or not match or parts.query:
        raise ValueError(f"not a Mastodon post URL: {toot!r}")
    return f"https://{parts.netloc}/api/v1/statuses/{match.group('id')}/context"


def _mastodon(options: dict, page: Page) -> CommentsEmbed | None:
    if not page.toot:
        return None
    api = mastodon_api_url(page.toot)
    return CommentsEmbed(
        "mastodon",
        urlsplit(page.toot).netloc,
        (_origin(page.toot),),
        config={"api": api, "url": page.toot},
        container="mastodon",
        discussion_url=page.toot,
        discussion_label="Reply on Mastodon",
    )


BUILDERS: dict[str, Callable[[dict, Page], CommentsEmbed | None]] = {
    "giscus": _giscus,
    "utterances": _utterances,
    "disqus": _disqus,
    "isso": _isso,
    "remark42": _remark42,
    "cusdis": _cusdis,
    "mastodon": _mastodon,
}


def check_provider(provider: str | None, options: dict) -> None:
    """Validate the provider settings at build start (a sample page exercises every check)."""
    if provider in (None, "", "none"):
        return
    if provider in DISCONTINUED:
        raise EngageSettingsError(
            f"ENGAGE_COMMENTS_PROVIDER {provider!r} is not available: {DISCONTINUED[provider]}"
        )
    if provider not in BUILDERS:
        raise EngageSettingsError(
            f"ENGAGE_COMMENTS_PROVIDER: unknown provider {provider!r}; "
            f"choose one of {', '.join(PROVIDERS)} or None"
        )
    if not isinstance(options, dict):
        raise EngageSettingsError("ENGAGE_COMMENTS must be a dict of provider options")
    BUILDERS[provider](options, Page("https://example.org/a/", "A", "a"))


def build_comments(provider: str | None, options: dict, page: Page) -> CommentsEmbed | None:
    """The embed for one page, or None when comments are off for it."""
    if provider in (None, "", "none"):
        return None
    return BUILDERS[provider](options, page)
