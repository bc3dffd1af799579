"""Attach share links, comments and the business-page card to every article and page.

Site settings give the defaults; per-article metadata (`Share: off`,
`Comments: off`, `Comments_id`, `Mastodon_toot`, `Cta: off`, `Cta_heading`,
`Cta_text`) overrides them. Pages get none of it unless a setting says so.
"""

import dataclasses
import functools
import logging
from urllib.parse import quote

from pelican.contents import Article, Content

from .comments import Page, build_comments, check_provider
from .cover import contents_of
from .cta import load_cta
from .settings import is_off, load_settings
from .share_links import MARKS, build_share_links, hashtags_from_tags
from .sources import source_name

logger = logging.getLogger(__name__)


def initialize(pelican) -> None:
    """`initialized` receiver: validate the settings once, before anything is read."""
    config = load_settings(pelican.settings)
    check_provider(config["ENGAGE_COMMENTS_PROVIDER"], config["ENGAGE_COMMENTS"])
    config["cta"] = load_cta(config["ENGAGE_CTA"])
    pelican.settings["ENGAGE"] = config


def attach_engagement(generators: list) -> None:
    """`all_generators_finalized` receiver: compute the data each page's partials render."""
    for generator in generators:
        config = generator.context.get("ENGAGE")
        if config is None:
            continue
        for content in contents_of(generator):
            _attach(content, config)


def _attach(content: Content, config: dict) -> None:
    is_article = isinstance(content, Article)
    absolute_url = f"{config['ENGAGE_SITEURL']}/{content.url}" if config["ENGAGE_SITEURL"] else ""
    content.share_url = absolute_url
    content.share_links = _share_links(content, config, absolute_url, is_article)
    content.comments = _comments(content, config, absolute_url, is_article)
    content.cta = _cta(content, config) if is_article else None


def _enabled(content: Content, key: str, default: bool) -> bool:
    value = content.metadata.get(key)
    return default if value is None else not is_off(value)


def _share_links(content: Content, config: dict, url: str, is_article: bool) -> list:
    if not url or not _enabled(content, "share", is_article or config["ENGAGE_SHARE_ON_PAGES"]):
        return []
    tags = [str(tag) for tag in getattr(content, "tags", [])]
    hashtags = hashtags_from_tags(tags) if config["ENGAGE_SHARE_HASHTAGS"] else []
    targets = tuple(config["ENGAGE_SHARE_TARGETS"])
    return list(_marked_share_links(url, str(content.title), targets, tuple(hashtags)))


@functools.lru_cache(maxsize=8192)  # `invoke livereload` rebuilds: unchanged pages reuse theirs
def _marked_share_links(url: str, title: str, targets: tuple, hashtags: tuple) -> tuple:
    return tuple(
        dataclasses.replace(link, mark=MARKS[link.id])
        for link in build_share_links(url, title, targets, hashtags)
    )


def _comments(content: Content, config: dict, url: str, is_article: bool):
    on = is_article or config["ENGAGE_COMMENTS_ON_PAGES"]
    if not _enabled(content, "comments", on):
        return None
    thread_id = str(content.metadata.get("comments_id") or content.slug)
    page = Page(url or content.url, content.title, thread_id, _toot(content))
    try:
        embed = build_comments(config["ENGAGE_COMMENTS_PROVIDER"], config["ENGAGE_COMMENTS"], page)
    except ValueError as error:
        logger.error("%s: Mastodon_toot: %s", source_name(content), error)
        return None
    if embed is None:
        return None
    email = config["ENGAGE_CONTACT_EMAIL"]
    mailto = reply_mailto(email, f"Re: {content.title}") if email else ""
    return dataclasses.replace(embed, load=config["ENGAGE_COMMENTS_LOAD"], email_url=mailto)


def reply_mailto(email: str, subject: str) -> str:
    """`mailto:` link to `email` with `subject`, both percent-encoded (only `@` and `+` of
    the address kept), so no character of an address ENGAGE_CONTACT_EMAIL accepts ("#",
    "%", "/", a backtick...) can cut the link short or change the recipient."""
    return f"mailto:{quote(email, safe='@+')}?subject={quote(subject, safe='')}"


def _toot(content: Content) -> str:
    return str(content.metadata.get("mastodon_toot") or "").strip()


def _cta(content: Content, config: dict):
    cta = config.get("cta")
    if cta is None or not _enabled(content, "cta", True):
        return None
    heading = content.metadata.get("cta_heading")
    text = content.metadata.get("cta_text")
    return dataclasses.replace(
        cta, heading=str(heading or cta.heading), text=str(text if text is not None else cta.text)
    )
