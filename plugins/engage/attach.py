"""Attach share links, comments, the business-page card and the newsletter signup to every
article and page.

Site settings give the defaults; per-article metadata (`Share: off`, `Comments: off`,
`Comments_id`, `Mastodon_toot`, `Cta: off`, `Cta_heading`, `Cta_text`, `Newsletter: off`)
overrides them. Pages get none of it unless a setting (or, for the signup, the page's own
`Newsletter: on`) says so.
"""

import dataclasses
import logging
from pathlib import Path
from urllib.parse import quote

from pelican.contents import Article, Content

from kit.contents import contents_of
from kit.fast_path import unaffected_by_body
from kit.settings import switched_on
from kit.sources import source_name

from .archive import CommentArchive, read_archive
from .comments import CommentsEmbed, Page, thread_path
from .newsletter import NewsletterForm
from .settings import EngageConfig, engage_config
from .share_links import ShareLink, build_share_links, hashtags_from_tags

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Share:
    """Template data for `partials/share.html`.

    Holds what the links are made of, not the links: `links` builds them when the page
    is rendered (in whichever process renders it), so the build does not keep eleven
    URLs per page from the end of reading to the end of writing.
    """

    url: str  # the page's absolute public URL: "Copy link" and the browser's share sheet
    title: str
    copy_link: bool
    native: bool
    targets: tuple[str, ...] = ()  # share target ids, in order (never empty when attached)
    hashtags: tuple[str, ...] = ()  # for HASHTAG_TARGETS only

    @property
    def links(self) -> tuple[ShareLink, ...]:
        """The share links, one per target, built anew on each use (a page uses them once)."""
        return tuple(build_share_links(self.url, self.title, self.targets, self.hashtags))

    @property
    def mastodon(self) -> bool:
        """Whether the Mastodon link is there (its server prompt goes with it)."""
        return "mastodon" in self.targets


@unaffected_by_body("URL, title, tags and metadata")
def attach_engagement(generators: list) -> None:
    """`all_generators_finalized` receiver: compute the data each page's partials render."""
    for generator in generators:
        config = engage_config(generator.settings)
        for content in contents_of(generator):
            attach(content, config)


def attach(content: Content, config: EngageConfig) -> None:
    """`content.share`, `.comments`, `.comment_archive`, `.cta` and `.newsletter` (each None
    when off)."""
    is_article = isinstance(content, Article)
    absolute_url = f"{config.siteurl}/{content.url}" if config.siteurl else ""
    content.share = _share(content, config, absolute_url, is_article)
    content.comments = _comments(content, config, absolute_url, is_article)
    content.comment_archive = _archive(content, config)
    content.cta = _cta(content, config) if is_article else None
    content.newsletter = _newsletter(content, config, is_article)


def _newsletter(content: Content, config: EngageConfig, is_article: bool) -> NewsletterForm | None:
    """The site's signup form: on articles unless `Newsletter: off`; on a page that says
    `Newsletter: on`."""
    if config.newsletter is None or not switched_on(content.metadata, "newsletter", is_article):
        return None
    return config.newsletter


def _archive(content: Content, config: EngageConfig) -> CommentArchive | None:
    """The comments kept from the old blog (`ENGAGE_COMMENTS_ARCHIVE/<slug>.json`)."""
    if not config.archive_folder or not content.slug:
        return None
    path = Path(content.settings["PATH"]) / config.archive_folder / f"{content.slug}.json"
    if not path.is_file():
        return None
    try:
        return read_archive(path)
    except (ValueError, KeyError, TypeError) as error:
        logger.error("%s: %s: %s", source_name(content), path.name, error)
        return None


def _share(content: Content, config: EngageConfig, url: str, is_article: bool) -> Share | None:
    on = switched_on(content.metadata, "share", is_article or config.share_on_pages)
    if not url or not on or not config.share_targets:  # no targets, no links
        return None
    tags = [str(tag) for tag in getattr(content, "tags", [])]
    hashtags = tuple(hashtags_from_tags(tags)) if config.share_hashtags else ()
    title = str(content.title)
    return Share(
        url, title, config.share_copy_link, config.share_native, config.share_targets, hashtags
    )


def comments_embed(
    content: Content,
    config: EngageConfig,
    url: str = "",
    report: bool = True,
    is_article: bool | None = None,
) -> CommentsEmbed | None:
    """The comments embed of one page, from its settings and metadata (None when off);
    `report`: log a bad `Mastodon_toot` (once per build: the page's own call does)."""
    article = isinstance(content, Article) if is_article is None else is_article
    on = article or config.comments_on_pages
    if config.provider is None or not switched_on(content.metadata, "comments", on):
        return None
    page_url = url or content.url
    thread_id = thread_path(page_url, content.metadata.get("comments_id"))
    page = Page(page_url, content.title, thread_id, _toot(content))
    try:
        return config.provider.build(config.comments_options, page)
    except ValueError as error:
        if report:
            logger.error("%s: Mastodon_toot: %s", source_name(content), error)
        return None


def _comments(
    content: Content, config: EngageConfig, url: str, is_article: bool
) -> CommentsEmbed | None:
    embed = comments_embed(content, config, url, is_article=is_article)
    if embed is None:
        return None
    email = config.contact_email
    mailto = reply_mailto(email, f"Re: {content.title}") if email else ""
    return dataclasses.replace(embed, load=config.comments_load, email_url=mailto)


def reply_mailto(email: str, subject: str) -> str:
    """`mailto:` link to `email` with `subject`, both percent-encoded (only `@` and `+` of
    the address kept), so no character of an address ENGAGE_CONTACT_EMAIL accepts ("#",
    "%", "/", a backtick...) can cut the link short or change the recipient."""
    return f"mailto:{quote(email, safe='@+')}?subject={quote(subject, safe='')}"


def _toot(content: Content) -> str:
    return str(content.metadata.get("mastodon_toot") or "").strip()


def _cta(content: Content, config: EngageConfig):
    cta = config.cta
    if cta is None or not switched_on(content.metadata, "cta", True):
        return None
    heading = content.metadata.get("cta_heading")
    text = content.metadata.get("cta_text")
    return dataclasses.replace(
        cta, heading=str(heading or cta.heading), text=str(text if text is not None else cta.text)
    )
