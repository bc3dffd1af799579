"""A short footer of plain links at the end of every feed entry."""

from urllib.parse import urljoin

from markupsafe import Markup  # Markup.format escapes every value

from .settings import EngageConfig, engage_config
from .share_links import build_share_links


def footer_html(article, absolute_url: str, business_url: str, business_name: str) -> str:
    """Links to discuss the article, share it on LinkedIn or by email, and the business page."""
    links = []
    if getattr(article, "comments", None):
        links.append((f"{absolute_url}#comments", "Discuss this article"))
    for share in build_share_links(absolute_url, article.title, ["linkedin", "email"]):
        links.append((share.url, share.label))
    if business_url:
        links.append((business_url, f"{business_name} on Facebook"))
    items = Markup(" · ").join(
        Markup('<a href="{}">{}</a>').format(url, label) for url, label in links
    )
    return str(Markup("<hr><p>{}</p>").format(items))


class _Footers:
    """Each article's footer by its feed link: found once per build, drawn when a feed needs it.

    Pelican writes one feed per category and tag; computing article URLs again for
    each of them was the most expensive part of a 1,000-article build. Only the
    newest articles of each feed get an entry, so most footers are never drawn.
    """

    def __init__(self, context: dict, config: EngageConfig, domain: str) -> None:
        cta = config.cta
        self.business_url = cta.facebook_url if cta else ""
        self.business_name = cta.business_name if cta else ""
        self.base = (config.siteurl or domain).rstrip("/") + "/"
        self.articles = {urljoin(domain, a.url): a for a in context.get("articles", [])}
        self.drawn: dict[str, str] = {}

    def get(self, link: str) -> str | None:
        if link not in self.drawn:
            article = self.articles.get(link)
            if article is None:
                return None
            absolute = urljoin(self.base, article.url)
            self.drawn[link] = footer_html(article, absolute, self.business_url, self.business_name)
        return self.drawn[link]


def add_feed_footers(context: dict, feed) -> None:
    """`feed_generated` receiver: append the footer to every entry's full content."""
    config = engage_config(context)
    if not config.feed_footer:
        return
    domain = (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/") + "/"
    # Kept in the run's context (Pelican makes one per run), found once per build.
    if "engage_feed_footers" not in context:
        context["engage_feed_footers"] = _Footers(context, config, domain)
    footers = context["engage_feed_footers"]
    for item in feed.items:
        footer = footers.get(urljoin(domain, item["link"]))
        if footer is None:
            continue
        field = "content" if item.get("content") else "description"
        item[field] = (item.get(field) or "") + footer
