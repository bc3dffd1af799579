"""Which headers go with which paths, for a site's settings and pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from engage.csp_sources import third_party_sources
from search.bundle import indexing, worker_rule

from .policy import BASE_POLICY, security_headers, serialize, with_sources


@dataclass(frozen=True)
class HeaderRule:
    """The headers for one path pattern (`/*`, or one file)."""

    path: str
    headers: tuple[tuple[str, str], ...]
    detach: tuple[str, ...] = ()  # headers a broader rule set, dropped first (Cloudflare `!`)
    comment: str = ""


def _enabled(settings: dict, plugin: str) -> bool:
    return plugin in (settings.get("PLUGINS") or [])


def rules_for_site(settings: dict, contents: Iterable[object] = ()) -> list[HeaderRule]:
    """`/*` for every response, then the Pagefind worker's own rule when search is on.

    `contents` are the build's content objects: a page's own comment embed may need a
    host the settings do not name (Mastodon's replies come from each article's server).
    """
    added = third_party_sources(settings, contents) if _enabled(settings, "engage") else {}
    rules = [HeaderRule("/*", security_headers(with_sources(BASE_POLICY, added)))]
    if _enabled(settings, "search") and indexing(settings):
        path, policy = worker_rule(BASE_POLICY)
        rules.append(
            HeaderRule(
                path,
                (("Content-Security-Policy", serialize(policy)),),
                detach=("Content-Security-Policy",),
                comment="Pagefind's worker compiles WebAssembly, under its own policy.",
            )
        )
    return rules
