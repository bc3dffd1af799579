"""The comment providers, one declaration each: how to embed it and which hosts it contacts.

Adding a provider is one `Provider(...)` here (and its test): the settings check, the
template's container, the theme's loader (script and attributes) and the site's
Content-Security-Policy all read it from here. The hosts are what each provider's
loader really contacts, read from the open-source providers' client code (Disqus's,
which is closed, from its known hosts).
"""

import functools
import re
from urllib.parse import quote, urlsplit

from kit.csp import INLINE, Policy
from kit.settings import SettingsError
from kit.settings import http_url as _http_url
from kit.urls import origin

from .comments import CommentsEmbed, Container, Page, Provider, thread_path

DISCONTINUED = {
    "facebook": "the Facebook Comments plugin was discontinued by Facebook on 2026-02-10",
}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_SHORTNAME = re.compile(r"^[a-z0-9-]+$")
_TOOT = re.compile(r"^/(?:@[^/]+|users/[^/]+/statuses)/(?P<id>\d+)/?$")


def http_url(value: object, name: str) -> str:
    """kit.settings.http_url, remembered for a string: every page's embed checks the same
    option (an error is raised again each time, never remembered)."""
    return _checked_url(value, name) if isinstance(value, str) else _http_url(value, name)


@functools.lru_cache(maxsize=64)
def _checked_url(value: str, name: str) -> str:
    return _http_url(value, name)


def _need(options: dict, key: str, provider: str) -> str:
    value = options.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(
            f"ENGAGE_COMMENTS[{key!r}] is required for the {provider} comments provider"
        )
    return value.strip()


def _repo(options: dict, provider: str) -> str:
    repo = _need(options, "repo", provider)
    if not _REPO.match(repo):
        raise SettingsError(f"ENGAGE_COMMENTS['repo'] must be 'owner/name', not {repo!r}")
    return repo


# --- giscus ------------------------------------------------------------------------------


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
        container=Container("div", (("class", "giscus"),)),
        script="https://giscus.app/client.js",
        script_attrs=attrs,
        discussion_url=f"https://github.com/{repo}/discussions",
        discussion_label="Read the discussions on GitHub",
    )


def _giscus_sources(embed: CommentsEmbed) -> Policy:
    # client.js prepends <link rel=stylesheet href=https://giscus.app/default.css>, then
    # adds the widget iframe.
    return {"script-src": embed.origins, "style-src": embed.origins, "frame-src": embed.origins}


# --- utterances --------------------------------------------------------------------------


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
        discussion_url=f"https://github.com/{repo}/issues?q={search}",
        discussion_label="Read the discussion on GitHub",
    )


def _utterances_sources(embed: CommentsEmbed) -> Policy:
    # client.js inserts a <style> element into <head>, then the iframe.
    return {"script-src": embed.origins, "style-src": (INLINE,), "frame-src": embed.origins}


# --- Disqus ------------------------------------------------------------------------------


def _disqus(options: dict, page: Page) -> CommentsEmbed:
    shortname = _need(options, "shortname", "disqus")
    if not _SHORTNAME.match(shortname):
        raise SettingsError(
            f"ENGAGE_COMMENTS['shortname'] is not a Disqus shortname: {shortname!r}"
        )
    host = f"https://{shortname}.disqus.com"
    return CommentsEmbed(
        "disqus",
        "Disqus (disqus.com)",
        (host, "https://c.disquscdn.com"),
        container=Container("div", (("id", "disqus_thread"),)),
        script=f"{host}/embed.js",
        config={"url": page.url, "identifier": page.thread_id, "title": page.title},
    )


def _disqus_sources(embed: CommentsEmbed) -> Policy:
    # embed.js (SHORTNAME.disqus.com) loads its code, styles and images from the CDN and
    # the thread in an iframe from disqus.com, which it sizes with style attributes.
    host, cdn = embed.origins
    return {
        "script-src": (host, cdn),
        "style-src": (cdn, INLINE),
        "img-src": (cdn,),
        "frame-src": ("https://disqus.com",),
    }


# --- Isso --------------------------------------------------------------------------------


def _isso(options: dict, page: Page) -> CommentsEmbed:
    url = http_url(_need(options, "url", "isso"), "ENGAGE_COMMENTS['url']").rstrip("/")
    attrs = {"data-isso-id": page.thread_id, "data-title": page.title}
    return CommentsEmbed(
        "isso",
        f"our comment server ({urlsplit(url).netloc})",
        (origin(url),),
        container=Container("section", (("id", "isso-thread"), *sorted(attrs.items()))),
        script=f"{url}/js/embed.min.js",
        # Votes off: Isso's up and down arrows are links without a name (axe: link-name).
        script_attrs={"data-isso": f"{url}/", "data-isso-vote": "false"},
    )


def _isso_sources(embed: CommentsEmbed) -> Policy:
    # embed.min.js links /css/isso.css, calls the API (XHR) and draws identicons whose
    # squares are coloured with style attributes.
    return {
        "script-src": embed.origins,
        "style-src": embed.origins,
        "style-src-attr": (INLINE,),
        "connect-src": embed.origins,
    }


# --- Remark42 ----------------------------------------------------------------------------


def thread_url(page_url: str, thread_id: str) -> str:
    """The thread's path (see comments.thread_path) on the page's own origin (none when the
    page URL is relative): Remark42 keys threads by this URL."""
    parts = urlsplit(page_url)
    own_origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return own_origin + thread_path(page_url, thread_id)


def _remark42(options: dict, page: Page) -> CommentsEmbed:
    host = http_url(_need(options, "host", "remark42"), "ENGAGE_COMMENTS['host']").rstrip("/")
    config = {
        "host": host,
        "site_id": _need(options, "site_id", "remark42"),
        # Remark42 keys threads by URL: one made from the thread id keeps the thread
        # when a `Comments_id` pins it and the article's own URL changes.
        "url": thread_url(page.url, page.thread_id),
        "page_title": page.title,
    }
    return CommentsEmbed(
        "remark42",
        f"our comment server ({urlsplit(host).netloc})",
        (origin(host),),
        container=Container("div", (("id", "remark42"),)),
        script=f"{host}/web/embed.js",
        config=config,
    )


def _remark42_sources(embed: CommentsEmbed) -> Policy:
    # web/embed.js writes the iframe with a style attribute and, for the user panel, a
    # <style> element; its other chunks come from the same host.
    return {"script-src": embed.origins, "style-src": (INLINE,), "frame-src": embed.origins}


# --- Cusdis ------------------------------------------------------------------------------


def _cusdis(options: dict, page: Page) -> CommentsEmbed:
    host = http_url(options.get("host", "https://cusdis.com"), "ENGAGE_COMMENTS['host']")
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
        (origin(host),),
        container=Container("div", (("id", "cusdis_thread"), *sorted(attrs.items()))),
        script=f"{host}/js/cusdis.es.js",
    )


def _cusdis_sources(embed: CommentsEmbed) -> Policy:
    # cusdis.es.js builds a srcdoc iframe, which inherits this policy: its stylesheet,
    # module script and API calls go to the host. Its inline bootstrap <script> stays
    # blocked: scripts are never allowed inline (see the README, "Security").
    return {"script-src": embed.origins, "style-src": embed.origins, "connect-src": embed.origins}


# --- Mastodon: the replies to a post, fetched by the theme's script ----------------------


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
        (origin(page.toot),),
        container=Container("ol", (("class", "mastodon-replies"), ("data-mastodon-replies", None))),
        config={"api": api, "url": page.toot},
        discussion_url=page.toot,
        discussion_label="Reply on Mastodon",
    )


def _mastodon_sources(embed: CommentsEmbed) -> Policy:
    # site.js fetches the replies from the server of each article's post.
    return {"connect-src": embed.origins}


PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        Provider("giscus", _giscus, _giscus_sources),
        Provider("utterances", _utterances, _utterances_sources),
        Provider("disqus", _disqus, _disqus_sources),
        Provider("isso", _isso, _isso_sources),
        Provider("remark42", _remark42, _remark42_sources),
        Provider("cusdis", _cusdis, _cusdis_sources),
        Provider("mastodon", _mastodon, _mastodon_sources),
    )
}
SAMPLE_PAGE = Page("https://example.org/a/", "A", "/a/")  # exercises every check of a builder


def provider_named(name: str | None, options: object) -> Provider | None:
    """The provider ENGAGE_COMMENTS_PROVIDER names, its options checked; None for none."""
    if name in (None, "", "none"):
        return None
    if name in DISCONTINUED:
        raise SettingsError(
            f"ENGAGE_COMMENTS_PROVIDER {name!r} is not available: {DISCONTINUED[name]}"
        )
    if name not in PROVIDERS:
        raise SettingsError(
            f"ENGAGE_COMMENTS_PROVIDER: unknown provider {name!r}; "
            f"choose one of {', '.join(PROVIDERS)} or None"
        )
    if not isinstance(options, dict):
        raise SettingsError("ENGAGE_COMMENTS must be a dict of provider options")
    PROVIDERS[name].build(options, SAMPLE_PAGE)
    return PROVIDERS[name]
