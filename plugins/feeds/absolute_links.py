"""Absolute links in feed entries.

Pelican makes `{filename}`/`{static}` links absolute in feeds, but a plain
relative link or image (`images/chart.png`, `/about/`) stays relative, and
feed readers resolve it against the wrong base or not at all.
"""

import re
from functools import lru_cache
from urllib.parse import urljoin

from feedgenerator import get_tag_uri

_ATTR = re.compile(
    r"""(?P<lead>\s(?:href|src|poster)\s*=\s*)(?P<q>["'])(?P<url>.*?)(?P=q)""",
    re.IGNORECASE | re.DOTALL,
)
_SRCSET = re.compile(
    r"""(?P<lead>\ssrcset\s*=\s*)(?P<q>["'])(?P<urls>.*?)(?P=q)""", re.IGNORECASE | re.DOTALL
)


@lru_cache(maxsize=1024)  # an article is in about ten feeds: all, category, tags x Atom/RSS
def absolutize_html(html_text: str, base_url: str) -> str:
    """Resolve every href/src/poster/srcset URL of an HTML fragment against `base_url`."""

    def one(match: re.Match) -> str:
        url = urljoin(base_url, match.group("url").strip())
        return f"{match.group('lead')}{match.group('q')}{url}{match.group('q')}"

    def many(match: re.Match) -> str:
        candidates = []
        for candidate in match.group("urls").split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(" ".join(filter(None, [urljoin(base_url, url), descriptor.strip()])))
        return f"{match.group('lead')}{match.group('q')}{', '.join(candidates)}{match.group('q')}"

    return _SRCSET.sub(many, _ATTR.sub(one, html_text))


def forget_entries(*_args, **_kwargs) -> None:
    """Drop the entries `absolutize_html` keeps (a receiver, so any signal's arguments).

    An article is in several feeds, so its entry is resolved once; but each kept entry is
    two copies of the article, about 3 MB at 1,000 articles. Pelican writes every Atom
    and RSS feed before the pages, and the JSON feeds after them: keeping the entries
    past either would only hold that memory while the pages are rendered.
    """
    if absolutize_html.cache_info().currsize:
        absolutize_html.cache_clear()


def feed_domain(context: dict) -> str:
    """What a feed's site-relative links are resolved against: FEED_DOMAIN, else SITEURL."""
    return (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/") + "/"


def absolutize_feed_links(feed, domain: str) -> None:
    """Make the feed's links and every entry's links absolute against `domain`.

    With `SITEURL = ""` (development) Pelican writes root-relative entry links
    and ids like `tag:None,...`; FEED_DOMAIN gives them a real origin.
    """
    feed.feed["link"] = urljoin(domain, feed.feed["link"])
    for item in feed.items:
        if not item["link"].startswith(("http://", "https://")):
            item["link"] = urljoin(domain, item["link"])
            item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])
        for field in ("description", "content"):
            if item.get(field):
                item[field] = absolutize_html(item[field], item["link"])
