"""The /subscribe/ page: every way to follow the site, computed here, looped over by the theme.

The feeds are the ones the settings make: Atom and RSS (Pelican's FEED_ALL_* and
CATEGORY_FEED_*) and JSON Feed (FEEDS_JSON_ALL, FEEDS_JSON_CATEGORY, when set and not
empty), for all articles and per category, each with its site-relative path (the link)
and its absolute address (what "Copy address" copies: the address a feed reader is given,
on FEED_DOMAIN as in the feeds' own links). Then the e-mail signup (ENGAGE_NEWSLETTER) and
the business-page card (ENGAGE_CTA). The template `subscribe.html` (a direct template)
gets it all as `SUBSCRIBE_PAGE`.

The JSON Feed paths are the feeds plugin's: it puts their checked values (defaults
included) into the template context at `all_generators_finalized`, the signal this page
is made at, in no fixed order. So the template hands them over when it renders
(`SUBSCRIBE_PAGE.feeds(FEEDS_JSON_ALL, FEEDS_JSON_CATEGORY)`), and engage never imports
the feeds plugin (features import only the kit and themselves).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from kit.fast_path import unaffected_by_body
from kit.settings import public_siteurl

from .cta import Cta
from .newsletter import NewsletterForm
from .settings import engage_config

CONTEXT_NAME = "SUBSCRIBE_PAGE"
ALL_ARTICLES = "All articles"
JSON_ALL, JSON_CATEGORY = "FEEDS_JSON_ALL", "FEEDS_JSON_CATEGORY"
# (the format's name, its media type, the setting of its all-articles feed, of a category's)
FORMATS = (
    ("Atom", "application/atom+xml", "FEED_ALL_ATOM", "CATEGORY_FEED_ATOM"),
    ("RSS", "application/rss+xml", "FEED_ALL_RSS", "CATEGORY_FEED_RSS"),
    ("JSON Feed", "application/feed+json", JSON_ALL, JSON_CATEGORY),
)
_PATH_SETTINGS = tuple(name for *_, every, pattern in FORMATS for name in (every, pattern))


@dataclass(frozen=True)
class FeedLink:
    """One feed: `{{ SITEURL }}/{{ path }}` is its link, `url` what "Copy address" copies."""

    format: str  # "Atom", "RSS", "JSON Feed"
    media_type: str
    path: str  # site-relative
    url: str  # absolute

    @property
    def noun(self) -> str:
        """The feed as the link and its copy button name it: "Atom feed", "JSON Feed"."""
        return self.format if self.format.endswith("Feed") else f"{self.format} feed"

    @property
    def noun_rest(self) -> str:
        """What `noun` adds to the visible `format` (" feed" or "")."""
        return self.noun.removeprefix(self.format)


@dataclass(frozen=True)
class FeedGroup:
    """The feeds of all articles, or of one category."""

    name: str  # "All articles", or the category's name
    feeds: tuple[FeedLink, ...]

    @property
    def label(self) -> str:
        """What the feeds are of, for the links' accessible names: "all articles",
        "the category Job Search"."""
        return "all articles" if self.name == ALL_ARTICLES else f"the category {self.name}"


@dataclass(frozen=True)
class SubscribePage:
    """Template data for `subscribe.html`."""

    base: str  # the feeds' absolute address, no trailing slash (feed_base)
    paths: tuple[tuple[str, str], ...]  # the feed path settings that are set: (name, value)
    categories: tuple[tuple[str, str], ...]  # (name, slug), in the site's order
    newsletter: NewsletterForm | None
    cta: Cta | None

    def feeds(self, json_all: object = None, json_category: object = None) -> tuple[FeedGroup, ...]:
        """All articles' feeds, then each category's; JSON Feed with the paths the template
        passes from its context (None, "" or an undefined variable: none)."""
        settings = {**dict(self.paths), JSON_ALL: json_all, JSON_CATEGORY: json_category}
        return feed_groups(settings, self.categories, self.base)


def feed_base(settings: dict) -> str:
    """The absolute address the feeds are published under, without a trailing slash."""
    base = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    return (base if "://" in base else public_siteurl(settings)).rstrip("/")


def _link(name: str, media_type: str, path: str, base: str) -> FeedLink:
    return FeedLink(name, media_type, path, f"{base}/{quote(path, safe='/:@')}")


def _set(settings: dict, name: str) -> bool:
    value = settings.get(name)
    return isinstance(value, str) and bool(value)  # a Jinja Undefined is not a str


def feed_groups(
    settings: dict, categories: Iterable[tuple[str, str]], base: str
) -> tuple[FeedGroup, ...]:
    """The feeds of all articles, then of each category (`(name, slug)`, in order), in the
    FORMATS the settings turn on, under `base`; a group with no feed is left out."""
    groups = [
        FeedGroup(
            ALL_ARTICLES,
            tuple(
                _link(name, media_type, settings[every], base)
                for name, media_type, every, _ in FORMATS
                if _set(settings, every)
            ),
        )
    ]
    for category, slug in categories:
        feeds = tuple(
            _link(name, media_type, settings[pattern].format(slug=slug), base)
            for name, media_type, _, pattern in FORMATS
            if _set(settings, pattern)
        )
        groups.append(FeedGroup(str(category), feeds))
    return tuple(group for group in groups if group.feeds)


def subscribe_page(context: dict, settings: dict) -> SubscribePage:
    """The page's data from the run's context (its settings and categories)."""
    config = engage_config(settings)
    return SubscribePage(
        feed_base(context),
        tuple((name, context[name]) for name in _PATH_SETTINGS if _set(context, name)),
        tuple((category.name, category.slug) for category, _ in context.get("categories", [])),
        config.newsletter,
        config.cta,
    )


@unaffected_by_body("settings and the categories' names")
def remember_subscribe_page(generators: list) -> None:
    """`all_generators_finalized` receiver: `SUBSCRIBE_PAGE` for the subscribe template."""
    if generators:
        context = generators[0].context  # one context for every generator of the run
        context[CONTEXT_NAME] = subscribe_page(context, generators[0].settings)
