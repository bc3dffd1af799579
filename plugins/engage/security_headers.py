"""HTTP security headers for the static host, computed from the build's settings.

The Content-Security-Policy allows our own origin and, per directive, only the hosts
that the enabled comment provider's loader and the Facebook Page Plugin really
contact (what site.js and each provider's client script load, read from the open-source
providers' client code; Disqus's, which is closed, from its known hosts). Scripts are
never allowed inline or through eval.

At Pelican's `finalized` signal the headers are written to `OUTPUT_PATH/_headers`,
the file Netlify and Cloudflare Pages read; `nginx_snippet()` renders the same
rules as nginx `add_header` lines (deploy/security-headers.conf, `./inv headers`).

Pagefind's search runs in a web worker, and a worker obeys the CSP sent with its
own script, not its page's: only the worker script gets `'wasm-unsafe-eval'` (for
its WebAssembly), so no page, not even /search/, may compile WebAssembly.
"""

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from .comments import CommentsEmbed, Page, build_comments, check_provider
from .cta import load_cta
from .search_index import BUNDLE
from .settings import load_settings

logger = logging.getLogger(__name__)

HEADERS_FILE = "_headers"
SEARCH_FORM_TARGET = "https://duckduckgo.com"  # theme/templates/search.html, without JavaScript
FACEBOOK = "https://www.facebook.com"  # the Page Plugin iframe (cta.PAGE_PLUGIN)
WORKER_PATH = f"/{BUNDLE}/pagefind-worker.js"
SELF, NONE, INLINE = "'self'", "'none'", "'unsafe-inline'"
WASM = "'wasm-unsafe-eval'"

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": (SELF,),
    "script-src": (SELF,),
    "style-src": (SELF,),
    "img-src": (SELF,),  # no data: URL anywhere in the theme
    "connect-src": (SELF,),
    "frame-src": (NONE,),
    "worker-src": (SELF,),  # Pagefind's worker
    "object-src": (NONE,),
    "base-uri": (SELF,),
    "form-action": (SELF, SEARCH_FORM_TARGET),
    "frame-ancestors": (NONE,),
}
DIRECTIVE_ORDER = (*list(BASE_POLICY)[:3], "style-src-attr", *list(BASE_POLICY)[3:])
# Features the site never uses, denied to the page and to every frame in it. Only names
# Chromium knows: DevTools reports an unknown one (such as FLoC's retired interest-cohort,
# which browsing-topics replaced) as an error. The clipboard ("Copy link") and Web Share
# ("More options…") are used, so they are not listed.
DENIED_FEATURES = (
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
)
FIXED_HEADERS = (
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors 'none', for browsers without CSP 2
)
_SAMPLE_PAGE = Page("https://example.org/a/", "A", "a")
_CONFIG_ATTR = re.compile(
    r'data-comments-provider="mastodon"[^>]*?data-comments-config="(?P<config>[^"]*)"'
)

Policy = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class HeaderRule:
    """The headers for one path pattern (`/*`, or one file)."""

    path: str
    headers: tuple[tuple[str, str], ...]
    detach: tuple[str, ...] = ()  # headers a broader rule set, dropped first (Cloudflare `!`)
    comment: str = ""


# --- What each provider's loader contacts --------------------------------------------------


def _giscus(embed: CommentsEmbed) -> Policy:
    # client.js prepends <link rel=stylesheet href=https://giscus.app/default.css>, then
    # adds the widget iframe.
    return {"script-src": embed.origins, "style-src": embed.origins, "frame-src": embed.origins}


def _utterances(embed: CommentsEmbed) -> Policy:
    # client.js inserts a <style> element into <head>, then the iframe.
    return {"script-src": embed.origins, "style-src": (INLINE,), "frame-src": embed.origins}


def _disqus(embed: CommentsEmbed) -> Policy:
    # embed.js (SHORTNAME.disqus.com) loads its code, styles and images from the CDN and
    # the thread in an iframe from disqus.com, which it sizes with style attributes.
    host, cdn = embed.origins
    return {
        "script-src": (host, cdn),
        "style-src": (cdn, INLINE),
        "img-src": (cdn,),
        "frame-src": ("https://disqus.com",),
    }


def _isso(embed: CommentsEmbed) -> Policy:
    # embed.min.js links /css/isso.css, calls the API (XHR) and draws identicons whose
    # squares are coloured with style attributes.
    return {
        "script-src": embed.origins,
        "style-src": embed.origins,
        "style-src-attr": (INLINE,),
        "connect-src": embed.origins,
    }


def _remark42(embed: CommentsEmbed) -> Policy:
    # web/embed.js writes the iframe with a style attribute and, for the user panel, a
    # <style> element; its other chunks come from the same host.
    return {"script-src": embed.origins, "style-src": (INLINE,), "frame-src": embed.origins}


def _cusdis(embed: CommentsEmbed) -> Policy:
    # cusdis.es.js builds a srcdoc iframe, which inherits this policy: its stylesheet,
    # module script and API calls go to the host. Its inline bootstrap <script> stays
    # blocked: scripts are never allowed inline (see the README, "Security").
    return {"script-src": embed.origins, "style-src": embed.origins, "connect-src": embed.origins}


PROVIDER_POLICIES = {
    "giscus": _giscus,
    "utterances": _utterances,
    "disqus": _disqus,
    "isso": _isso,
    "remark42": _remark42,
    "cusdis": _cusdis,
}


# --- The policy ------------------------------------------------------------------------------


def engage_config(settings: dict) -> dict:
    """The plugin's validated settings, as `engagement.initialize` stores them in `ENGAGE`."""
    if isinstance(settings.get("ENGAGE"), dict):
        return settings["ENGAGE"]
    config = load_settings(settings)
    check_provider(config["ENGAGE_COMMENTS_PROVIDER"], config["ENGAGE_COMMENTS"])
    config["cta"] = load_cta(config["ENGAGE_CTA"])
    return config


def third_party_sources(config: dict, toot_origins: Iterable[str] = ()) -> Policy:
    """What the enabled comment provider and business-page widget add, per directive."""
    added: dict[str, list[str]] = {}
    provider = config["ENGAGE_COMMENTS_PROVIDER"]
    if provider == "mastodon":
        _merge(added, {"connect-src": tuple(toot_origins)})
    elif provider in PROVIDER_POLICIES:
        embed = build_comments(provider, config["ENGAGE_COMMENTS"], _SAMPLE_PAGE)
        _merge(added, PROVIDER_POLICIES[provider](embed))
    cta = config.get("cta")
    if cta is not None and cta.widget_src:
        _merge(added, {"frame-src": (FACEBOOK,)})
    return {directive: tuple(sources) for directive, sources in added.items() if sources}


def _merge(into: dict[str, list[str]], policy: Policy) -> None:
    for directive, sources in policy.items():
        into.setdefault(directive, []).extend(s for s in sources if s not in into[directive])


def page_policy(config: dict, toot_origins: Iterable[str] = ()) -> Policy:
    """The base policy plus the enabled third parties ('none' gives way to a real source)."""
    policy = dict(BASE_POLICY)
    for directive, sources in third_party_sources(config, toot_origins).items():
        kept = tuple(s for s in policy.get(directive, ()) if s != NONE)
        policy[directive] = kept + tuple(s for s in sources if s not in kept)
    return policy


def worker_policy() -> Policy:
    """Pagefind's worker: the base policy (no third party) plus WebAssembly compilation."""
    return {**BASE_POLICY, "script-src": (*BASE_POLICY["script-src"], WASM)}


def serialize(policy: Policy) -> str:
    """`directive source ...; ...`, in DIRECTIVE_ORDER."""
    ordered = sorted(policy.items(), key=lambda item: DIRECTIVE_ORDER.index(item[0]))
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in ordered)


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


def security_headers(policy: Policy) -> tuple[tuple[str, str], ...]:
    """Every header for a response under `policy`, in a stable order."""
    return (
        ("Content-Security-Policy", serialize(policy)),
        ("Permissions-Policy", permissions_policy()),
        *FIXED_HEADERS,
    )


def header_rules(config: dict, toot_origins: Iterable[str] = ()) -> list[HeaderRule]:
    """`/*` for every response, then the Pagefind worker's own rule when search is on."""
    rules = [HeaderRule("/*", security_headers(page_policy(config, toot_origins)))]
    if config.get("ENGAGE_SEARCH", True):
        worker_csp = serialize(worker_policy())
        rules.append(
            HeaderRule(
                WORKER_PATH,
                (("Content-Security-Policy", worker_csp),),
                detach=("Content-Security-Policy",),
                comment="Pagefind's worker compiles WebAssembly, under its own policy.",
            )
        )
    return rules


# --- Mastodon: the servers of the articles' toots --------------------------------------------


def mastodon_origins(output: Path) -> list[str]:
    """The origins whose toot replies pages fetch, read from the written pages' comment
    sections: the toot is per-article metadata, so only the build knows them all."""
    found: set[str] = set()
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _CONFIG_ATTR.finditer(text):
            api = _json_object(unescape(match.group("config"))).get("api", "")
            parts = urlsplit(api) if isinstance(api, str) else None
            if parts and parts.scheme == "https" and parts.netloc:
                found.add(f"https://{parts.netloc}")
    return sorted(found)


def _json_object(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def rules_for_site(settings: dict, output: Path | None = None) -> list[HeaderRule]:
    """The rules for a site's settings; with the mastodon provider, `output` (a built site)
    names the servers the replies come from."""
    config = engage_config(settings)
    toots = []
    if config["ENGAGE_COMMENTS_PROVIDER"] == "mastodon" and output is not None:
        toots = mastodon_origins(output)
    return header_rules(config, toots)


# --- Output formats --------------------------------------------------------------------------


def headers_file(rules: list[HeaderRule]) -> str:
    """Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines.

    A detach line (`! Name`) makes Cloudflare drop what a broader rule set before the rule
    sets its own value (it would join both, and two policies both apply); Netlify ignores a
    line without a colon and lets the later, narrower rule win.
    """
    lines = [
        "# Security headers for Netlify / Cloudflare Pages, written by the build",
        "# from the site's settings (README: Security, HTTP headers).",
    ]
    for rule in rules:
        lines.append("")
        if rule.comment:
            lines.append(f"# {rule.comment}")
        lines.append(rule.path)
        lines += [f"  ! {name}" for name in rule.detach]
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


def nginx_snippet(rules: list[HeaderRule], source: str = "publishconf.py") -> str:
    """The same rules as nginx directives, for `include` inside a `server` block.

    nginx drops the server's `add_header` lines in a location that has its own, so the
    worker's location repeats every header with its own policy.
    """
    site, *others = rules
    lines = [
        f"# Security headers, generated from {source} by `./inv headers`",
        "# (plugins/engage/security_headers.py). Do not edit: tests/test_security_headers.py",
        "# fails when this file differs from what the plugin computes.",
        *_add_headers(site.headers, ""),
    ]
    for rule in others:
        merged = dict(site.headers) | dict(rule.headers)
        lines += [
            "",
            *([f"# {rule.comment}"] if rule.comment else []),
            f"location = {rule.path} {{",
        ]
        lines += [*_add_headers(tuple(merged.items()), "    "), "}"]
    return "\n".join(lines) + "\n"


def _add_headers(headers: tuple[tuple[str, str], ...], indent: str) -> list[str]:
    return [f'{indent}add_header {name} "{value}" always;' for name, value in headers]


# --- The receiver ----------------------------------------------------------------------------


def write_headers(pelican) -> None:
    """`finalized` receiver: write `OUTPUT_PATH/_headers` for this build's settings."""
    output = Path(pelican.output_path)
    rules = rules_for_site(pelican.settings, output)
    (output / HEADERS_FILE).write_text(headers_file(rules), encoding="utf-8")
    logger.info("security headers: wrote %s", output / HEADERS_FILE)
