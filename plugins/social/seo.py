"""Search and social metadata: canonical URL, description, Open Graph, Twitter card, JSON-LD.

The theme emits it from `content.seo` (and `SEO_HOME` on the home page) through
`partials/meta.html`; nothing here rewrites written HTML. Every URL is absolute, built
on PUBLIC_SITEURL (the public address), so previews are right even from a development
build.
"""

import json
from dataclasses import dataclass, field

from markupsafe import Markup
from pelican.contents import Article, Content

from kit.contents import contents_of
from kit.fast_path import redone_per_article
from kit.settings import public_siteurl
from kit.text import plain_text

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_ld(data: dict) -> Markup:
    """JSON for a `<script type="application/ld+json">` element that no value can close.

    `<`, `>` and `&` are written as JSON escapes, so `</script>` and `<!--`
    cannot appear; U+2028/U+2029 are escaped for old JavaScript parsers.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(raw, escaped)
    return Markup(text)


@dataclass(frozen=True)
class Seo:
    """What `partials/meta.html` renders for one article or page."""

    canonical: str
    description: str
    properties: list = field(default_factory=list)  # (property, content) for <meta property>
    names: list = field(default_factory=list)  # (name, content) for <meta name>
    json_ld: list = field(default_factory=list)  # serialised JSON-LD blocks


def _absolute(base: str, url: str) -> str:
    return f"{base}/{url.lstrip('/')}"


def canonical_url(content: Content, base: str) -> str:
    """The address search engines and sharers must credit: the `Canonical` metadata of a
    post first published elsewhere (an http(s) URL, or a path on this site), else the
    page's own address. The strict reader has already refused other schemes."""
    declared = str(content.metadata.get("canonical") or "").strip()
    if declared.startswith(("https://", "http://")):
        return declared
    if declared.startswith("/"):
        return _absolute(base, declared)
    return _absolute(base, content.url)


def _image(content: Content, base: str) -> dict | None:
    image = getattr(content, "social_image", None)
    if image is None:
        return None
    return {
        "url": _absolute(base, image.url),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
    }


def _open_graph(content: Content, canonical: str, site: str, description: str, image) -> list:
    is_article = isinstance(content, Article)
    properties = [
        ("og:type", "article" if is_article else "website"),
        ("og:title", str(content.title)),
        ("og:description", description),
        ("og:url", canonical),
        ("og:site_name", site),
    ]
    if image:
        properties += [("og:image", image["url"]), ("og:image:alt", image["alt"])]
        properties += [(f"og:image:{k}", str(image[k])) for k in ("width", "height") if image[k]]
    if is_article:
        properties.append(("article:published_time", content.date.isoformat()))
        if getattr(content, "modified", None):
            properties.append(("article:modified_time", content.modified.isoformat()))
        properties += [("article:tag", str(tag)) for tag in getattr(content, "tags", [])]
    return properties


def _blog_posting(
    content: Content, base: str, canonical: str, site: str, description: str, image
) -> dict:
    modified = getattr(content, "modified", None) or content.date
    authors = getattr(content, "authors", []) or []
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": str(content.title),
        "description": description,
        "datePublished": content.date.isoformat(),
        "dateModified": modified.isoformat(),
        "author": [
            {"@type": "Person", "name": str(a), "url": _absolute(base, a.url)} for a in authors
        ],
        "publisher": {"@type": "Organization", "name": site, "url": base + "/"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "keywords": [str(tag) for tag in getattr(content, "tags", [])],
        "url": canonical,
    }
    if image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
    return posting


def _breadcrumbs(content: Content, base: str, site: str) -> dict:
    trail = [(site, base + "/")]
    category = getattr(content, "category", None)
    if isinstance(content, Article) and category is not None:
        trail.append((str(category), _absolute(base, category.url)))
    trail.append((str(content.title), _absolute(base, content.url)))
    items = [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(trail, start=1)
    ]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def seo_for(content: Content, base: str, site: str) -> Seo:
    """All the metadata of one article or page."""
    description = plain_text(getattr(content, "summary", "") or "")
    image = _image(content, base)
    names = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", str(content.title)),
        ("twitter:description", description),
    ]
    if image:
        names += [("twitter:image", image["url"]), ("twitter:image:alt", image["alt"])]
    if getattr(content, "status", "published") != "published":
        # Drafts and hidden content are reachable by URL only: keep them out of search engines.
        names.append(("robots", "noindex"))
    canonical = canonical_url(content, base)  # `content.url` is worked out on each use
    blocks = [_breadcrumbs(content, base, site)]
    if isinstance(content, Article):
        blocks.insert(0, _blog_posting(content, base, canonical, site, description, image))
    return Seo(
        canonical,
        description,
        _open_graph(content, canonical, site, description, image),
        names,
        [json_ld(block) for block in blocks],
    )


def site_identity(context: dict) -> tuple[str, str]:
    """(absolute base URL, site name as plain text): what seo_for needs of the settings."""
    return public_siteurl(context), plain_text(context["SITENAME"])


def home_seo(context: dict) -> Seo:
    """The home page's metadata: a `website` Open Graph object and `WebSite` JSON-LD."""
    base, site = site_identity(context)
    subtitle = plain_text(context.get("SITESUBTITLE", ""))
    properties = [
        ("og:type", "website"),
        ("og:title", site),
        ("og:description", subtitle),
        ("og:url", base + "/"),
    ]
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site,
        "url": base + "/",
        "description": subtitle,
    }
    return Seo(base + "/", subtitle, properties, [], [json_ld(website)])


class _Identity:
    """The site's base URL and name, shared by every page's LazySeo, and the one Seo last
    worked out (the page being rendered reads it several times)."""

    def __init__(self, base: str, site: str) -> None:
        self.base, self.site = base, site
        self.last: tuple = (None, None)  # (LazySeo, its Seo): replaced as a pair


class LazySeo:
    """`content.seo`: reads as the page's Seo (`seo.canonical`, `.properties`...), worked
    out by seo_for when a template first reads it, from the page as it is then.

    So the metadata is computed while pages are rendered, in whichever process renders
    the page, and is not kept for every page at once: only the last page's Seo is
    remembered. Everything it is made of is an attribute of the page or a setting, so
    its repr (what the incremental writer's fingerprints take) names none of it.
    """

    __slots__ = ("_content", "_identity")

    def __init__(self, content: Content, identity: _Identity) -> None:
        self._content, self._identity = content, identity

    def value(self) -> Seo:
        """The page's Seo (worked out again unless it is the last one asked for)."""
        identity = self._identity
        holder, seo = identity.last
        if holder is not self:
            seo = seo_for(self._content, identity.base, identity.site)
            identity.last = (self, seo)
        return seo

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.value(), name)

    def __repr__(self) -> str:
        return "LazySeo()"


def refresh_seo(content: Content, context: dict) -> None:
    """`content.seo` worked out anew (its summary may come from an edited body)."""
    content.seo = LazySeo(content, _Identity(*site_identity(context)))


@redone_per_article(refresh_seo)  # the description comes from the summary
def attach_seo(generators: list) -> None:
    """`all_generators_finalized` receiver (after covers and cards): `content.seo` everywhere,
    each worked out when its page is rendered."""
    for generator in generators:
        context = generator.context
        identity = _Identity(*site_identity(context))
        context["SEO_HOME"] = home_seo(context)
        for content in contents_of(generator):
            content.seo = LazySeo(content, identity)
