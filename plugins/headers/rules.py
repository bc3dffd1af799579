"""Which headers go with which paths, for a site's settings and pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from assets.fingerprints import fingerprinted_urls
from engage.csp_sources import third_party_sources
from kit.csp import Policy, merge
from safehtml.csp_sources import third_party_sources as video_sources
from search.bundle import indexing, worker_rule

from .policy import BASE_POLICY, IMMUTABLE, REVALIDATE, security_headers, serialize, with_sources

# What a <meta http-equiv> policy cannot carry (CSP3): browsers ignore these there.
NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})
CACHE_CONTROL = IMMUTABLE[0]


@dataclass(frozen=True)
class HeaderRule:
    """The headers for one path pattern (`/*`, or one file)."""

    path: str
    headers: tuple[tuple[str, str], ...]
    detach: tuple[str, ...] = ()  # headers a broader rule set, dropped first (Cloudflare `!`)
    comment: str = ""


def _enabled(settings: dict, plugin: str) -> bool:
    return plugin in (settings.get("PLUGINS") or [])


def page_policy(settings: dict, contents: Iterable[object] = ()) -> Policy:
    """The policy of every page: ours, plus what the enabled plugins' third parties need.

    `contents` are the build's content objects: a page's own comment embed may need a
    host the settings do not name (Mastodon's replies come from each article's server),
    and a page's video a player's host.
    """
    contents = list(contents)
    added: dict[str, list[str]] = {}
    if _enabled(settings, "engage"):
        merge(added, third_party_sources(settings, contents))
    if _enabled(settings, "safehtml"):
        merge(added, video_sources(contents))
    return with_sources(BASE_POLICY, {key: tuple(value) for key, value in added.items()})


def meta_policy(policy: Policy) -> str:
    """`policy` as a <meta http-equiv="Content-Security-Policy"> can carry it."""
    return serialize({key: value for key, value in policy.items() if key not in NOT_IN_META})


def rules_for_site(settings: dict, contents: Iterable[object] = ()) -> list[HeaderRule]:
    """`/*` for every response (revalidated), the Pagefind worker's own rule when search is
    on, and a year's cache for each theme file named by its content (assets plugin)."""
    headers = (*security_headers(page_policy(settings, contents)), REVALIDATE)
    rules = [HeaderRule("/*", headers)]
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
    if _enabled(settings, "assets"):
        rules += [
            HeaderRule(
                path,
                (IMMUTABLE,),
                detach=(CACHE_CONTROL,),
                comment="Named by its content's hash: it never changes, so it is kept a year.",
            )
            for path in fingerprinted_urls(settings)
        ]
    return rules
