"""A short footer of plain links at the end of every feed entry."""

from urllib.parse import urljoin

from markupsafe import Markup  # Markup.format escapes every value

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


def add_feed_footers(context: dict, feed) -> None:
    """`feed_generated` receiver: append the footer to every entry's full content."""
    config = context.get("ENGAGE") or {}
    if not config.get("ENGAGE_FEED_FOOTER"):
        return
    domain = (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/") + "/"
    by_link = {urljoin(domain, a.url): a for a in context.get("articles", [])}
    cta = config.get("cta")
    business_url = cta.facebook_url if cta else ""
    business_name = cta.business_name if cta else ""
    for item in feed.items:
        article = by_link.get(urljoin(domain, item["link"]))
        if article is None:
            continue
        share_url = urljoin((config.get("ENGAGE_SITEURL") or domain).rstrip("/") + "/", article.url)
        footer = footer_html(article, share_url, business_url, business_name)
        field = "content" if item.get("content") else "description"
        item[field] = (item.get(field) or "") + footer
