"""What the engage plugin adds to the site's Content-Security-Policy (its public API).

The headers plugin asks, and puts the answer into `_headers` and each page's meta
policy: the hosts the enabled comment provider's loader contacts (for one sample page,
then, sorted, what each page's own embed adds: Mastodon's replies come from each
article's server), the Facebook Page Plugin's frame when the business-page card
offers it, and the newsletter provider the signup form posts to (`form-action`, only
when ENGAGE_NEWSLETTER is set; /subscribe/ shows the form whatever articles say). Each
page's embed is computed from its settings and metadata, so the answer does not depend
on whether this plugin's receivers ran first.

A host that is the site's own origin (Isso behind the site's nginx at SITEURL/comments/)
is not a third party: `'self'` already allows it, so it is left out.
"""

from collections.abc import Iterable

from kit.csp import Policy, merge
from kit.urls import origin

from .attach import comments_embed
from .cta import widget_sources
from .newsletter import form_action_sources
from .providers import SAMPLE_PAGE
from .settings import EngageConfig, engage_config


def third_party_sources(settings: dict, contents: Iterable[object] = ()) -> Policy:
    """Per directive, the third-party sources the engage features need, in order."""
    config = engage_config(settings)
    added: dict[str, list[str]] = {}
    provider = config.provider
    if provider is not None:
        sample = provider.build(config.comments_options, SAMPLE_PAGE)
        if sample is not None:
            merge(added, provider.sources(sample))
        merge(added, _sorted_union(config, contents))
    merge(added, widget_sources(config.cta))
    merge(added, form_action_sources(config.newsletter))
    siteurl = settings.get("SITEURL") or ""
    own = origin(siteurl) if "://" in siteurl else None
    kept = {directive: [s for s in sources if s != own] for directive, sources in added.items()}
    return {directive: tuple(sources) for directive, sources in kept.items() if sources}


def _sorted_union(config: EngageConfig, contents: Iterable[object]) -> Policy:
    """Every source the pages' own embeds need, sorted per directive."""
    found: dict[str, set[str]] = {}
    for content in contents:
        embed = comments_embed(content, config, report=False)
        if embed is not None:
            for directive, sources in config.provider.sources(embed).items():
                found.setdefault(directive, set()).update(sources)
    return {directive: tuple(sorted(sources)) for directive, sources in found.items()}
