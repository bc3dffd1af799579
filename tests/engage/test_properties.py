"""Property-based tests (Hypothesis) of the engage plugin: share URLs, embeds, feed footer.

Every expectation is read back from the output (urllib.parse, json, html.parser, an XML
parser) and compared with the input, or with the normalisation the function documents;
nothing here re-implements the code under test. Failures a property found once are kept
as @example()s, so they are checked on every run.
"""

import json
import string
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import feedgenerator
from bs4 import BeautifulSoup
from hypothesis import assume, example, given
from hypothesis import strategies as st
from markupsafe import escape
from pelican.settings import DEFAULT_CONFIG

from engage.attach import _comments
from engage.comments import thread_path
from engage.cta import page_plugin_src
from engage.feed_footer import footer_html
from engage.providers import PROVIDERS, Page
from engage.settings import SPEC, engage_config
from engage.share_links import DEFAULT_TARGETS, HASHTAG_TARGETS, build_share_links
from engage.share_links import hashtags_from_tags as hashtags_of
from kit.settings import SettingsError
from strategies import (
    HOST,
    PAGE_URL,
    TAG_WORDS,
    TAGS,
    TEXT,
    URL_SAFE,
    attributes_round_trip,
    fast,
    query_of,
    texts,
)


def build_comments(provider: str, options: dict, page: Page):
    return PROVIDERS[provider].build(options, page)


# --- Share links ---------------------------------------------------------------------------

# (scheme, host, path) of each service: the link must go there and nowhere else.
ENDPOINTS = {
    "linkedin": ("https", "www.linkedin.com", "/sharing/share-offsite/"),
    "facebook": ("https", "www.facebook.com", "/sharer/sharer.php"),
    "x": ("https", "x.com", "/intent/tweet"),
    "bluesky": ("https", "bsky.app", "/intent/compose"),
    "threads": ("https", "www.threads.com", "/intent/post"),
    "mastodon": ("https", "share.joinmastodon.org", "/"),
    "reddit": ("https", "www.reddit.com", "/submit"),
    "hackernews": ("https", "news.ycombinator.com", "/submitlink"),
    "whatsapp": ("https", "api.whatsapp.com", "/send"),
    "telegram": ("https", "t.me", "/share/url"),
    "email": ("mailto", "", ""),
}


def joined(*parts: str) -> str:
    """The documented share text: the non-empty parts, separated by one space."""
    return " ".join(part for part in parts if part)


def expected_params(target: str, url: str, title: str, hashtags: list[str]) -> dict[str, str]:
    """Each service's query parameters, as documented in share_links.py.

    `title` is the documented normalisation of the raw title: its words (whitespace runs
    of any kind are separators; leading and trailing whitespace dropped) joined by one space.
    """
    tags = [f"#{tag}" for tag in hashtags] if target in HASHTAG_TARGETS else []
    params = {
        "linkedin": {"url": url},
        "facebook": {"u": url},
        "x": {"text": title, "url": url},
        "bluesky": {"text": joined(title, url, *tags)},
        "threads": {"text": joined(title, *tags), "url": url},
        "mastodon": {"text": joined(title, url, *tags)},
        "reddit": {"url": url, "title": title},
        "hackernews": {"u": url, "t": title},
        "whatsapp": {"text": joined(title, url)},
        "telegram": {"url": url, "text": title},
        "email": {"subject": title, "body": "\n\n".join(p for p in (title, url) if p)},
    }[target]
    if target == "x" and hashtags:
        params["hashtags"] = ",".join(hashtags)
    return params


@fast(200)
@given(url=PAGE_URL, title=TEXT, tags=TAGS)
@example(url="https://blog.test/a b?c=d&e#f", title='He said "Go" & left </script>', tags=[])
@example(url="", title=" \u2028\x00 ", tags=["ǰob", "C++"])
def test_share_urls_round_trip(url: str, title: str, tags: list[str]) -> None:
    """Each link goes to its own service and carries exactly the page URL and title."""
    hashtags = hashtags_of(tags)
    words = " ".join(title.split())
    links = build_share_links(url, title, DEFAULT_TARGETS, tags)
    assert [link.id for link in links] == list(DEFAULT_TARGETS)
    for link in links:
        parts = urlsplit(link.url)
        assert (parts.scheme, parts.netloc, parts.path) == ENDPOINTS[link.id]
        assert parts.fragment == ""
        assert dict(query_of(link.url)) == expected_params(link.id, url, words, hashtags)
        assert len(query_of(link.url)) == len(expected_params(link.id, url, words, hashtags))
        assert set(link.url) <= URL_SAFE, link.url
        if link.id == "mastodon":  # the JS builds https://INSTANCE/share?text=<this>
            assert link.text == dict(query_of(link.url))["text"]
    # share.html writes href="{{ link.url|e }}" and data-share-text="{{ link.text|e }}".
    values = [link.url for link in links] + [link.text for link in links]
    assert attributes_round_trip(values) == values


@fast(300)
@given(tags=TAG_WORDS)
@example(tags=["ǰob"])  # "ǰ".upper() is "J" + a combining caron: "J̌ob", then "JOb"
@example(tags=["\u0390"])  # "ΐ".upper() is three characters, two of them combining
@example(tags=["\u1100-\u1161"])  # joined, the two jamo compose: "가" became "가"
def test_hashtags_are_alphanumeric_unique_and_idempotent(tags: list[str]) -> None:
    """Hashtags are letters and digits only (nothing a service would cut the tag at, no
    comma to split X's list), unique ignoring case, and stable when computed again."""
    hashtags = hashtags_of(tags)
    for hashtag in hashtags:
        assert hashtag
        assert all(char.isalnum() for char in hashtag), ascii(hashtag)
    assert len({hashtag.casefold() for hashtag in hashtags}) == len(hashtags)
    assert hashtags_of(hashtags) == hashtags


@fast(150)
@given(tags=st.lists(st.text(st.sampled_from(string.printable), max_size=20), max_size=4))
def test_ascii_hashtags_keep_every_letter_and_digit(tags: list[str]) -> None:
    """An ASCII tag's hashtag is its letters and digits, only the case changed; the tags'
    order is kept and a tag equal to an earlier one but for case is dropped."""
    letters = ["".join(c for c in tag if c.isalnum()).lower() for tag in tags]
    expected = list(dict.fromkeys(word for word in letters if word))
    assert [hashtag.lower() for hashtag in hashtags_of(tags)] == expected


# --- Other URLs built from text --------------------------------------------------------------


@fast(150)
@given(page_url=PAGE_URL)
def test_facebook_page_plugin_src_carries_the_page_url(page_url: str) -> None:
    src = page_plugin_src(page_url)
    parts = urlsplit(src)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https",
        "www.facebook.com",
        "/plugins/page.php",
        "",
    )
    params = query_of(src)
    assert [key for key, _ in params] == [
        "href",
        "tabs",
        "width",
        "height",
        "small_header",
        "adapt_container_width",
        "hide_cover",
        "show_facepile",
    ]
    assert dict(params)["href"] == page_url
    assert set(src) <= URL_SAFE


@fast(150)
@given(thread_id=TEXT, title=TEXT)
def test_utterances_search_link_carries_the_thread_id(thread_id: str, title: str) -> None:
    embed = build_comments(
        "utterances", {"repo": "owner/blog"}, Page("https://blog.test/a/", title, thread_id)
    )
    parts = urlsplit(embed.discussion_url)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https",
        "github.com",
        "/owner/blog/issues",
        "",
    )
    assert query_of(embed.discussion_url) == [("q", f'"{thread_id}" in:title')]
    assert set(embed.discussion_url) <= URL_SAFE
    assert json.loads(embed.script_attrs_json)["issue-term"] == thread_id


@fast(200)
@given(host=HOST, comments_id=TEXT)
@example(host="blog.test", comments_id="/evil.example")  # was https://evil.example/
@example(host="blog.test", comments_id="//evil.example/x")  # a protocol-relative URL
@example(host="blog.test", comments_id="..")  # was the site root, shared by every such id
@example(host="blog.test", comments_id="a/../b")  # was the thread of "b"
@example(host="blog.test", comments_id="")  # the page's own path
def test_remark42_thread_url_stays_on_the_site(host: str, comments_id: str) -> None:
    """Remark42 keys threads by this URL: it is on the page's own host, and its path is the
    `Comments_id` path, its segments kept in order without "." or "..", or, when blank,
    the page's own path; so no id reaches another host."""
    page_url = f"https://{host}/posts/a/"
    page = Page(page_url, "A", thread_path(page_url, comments_id))
    embed = build_comments("remark42", {"host": "https://r.test", "site_id": "s"}, page)
    parts = urlsplit(embed.config["url"])
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("https", host, "", "")
    assert parts.path.startswith("/")
    assert parts.path.endswith("/")
    kept = [part for part in unquote(comments_id.strip()).split("/") if part not in {"", ".", ".."}]
    wanted = kept if comments_id.strip() else ["posts", "a"]
    assert unquote(parts.path) == "/" + "/".join(wanted) + ("/" if wanted else "")
    assert set(embed.config["url"]) <= URL_SAFE


@fast(150)
@given(url=PAGE_URL, title=TEXT, thread_id=TEXT)
def test_disqus_config_json_round_trips_through_an_attribute(
    url: str, title: str, thread_id: str
) -> None:
    """config_json goes into data-comments-config="..." (escaped by the template)."""
    embed = build_comments("disqus", {"shortname": "blog"}, Page(url, title, thread_id))
    soup = BeautifulSoup(f'<div data-c="{escape(embed.config_json)}"></div>', "html.parser")
    assert json.loads(soup.div["data-c"]) == {
        "url": url,
        "identifier": thread_id,
        "title": title,
    }


def reply_link(email: str, title: str) -> str:
    """The "Reply by email" link of an article titled `title`, built by the plugin."""
    settings = {
        **DEFAULT_CONFIG,
        "ENGAGE_CONTACT_EMAIL": email,
        "ENGAGE_COMMENTS_PROVIDER": "utterances",
        "ENGAGE_COMMENTS": {"repo": "owner/blog"},
    }
    content = SimpleNamespace(metadata={}, slug="a", url="a/", title=title)
    return _comments(content, engage_config(settings), "https://blog.test/a/", True).email_url


@fast(100)
@given(email=st.emails(), title=TEXT)
@example(email="a#b@example.com", title="Tips")  # the # started a fragment: no subject
@example(email="a%41@example.com", title="Tips")  # read back as "aA@example.com"
def test_reply_by_email_link(email: str, title: str) -> None:
    """Any address ENGAGE_CONTACT_EMAIL accepts is the link's recipient, exactly."""
    try:
        SPEC.load({"ENGAGE_CONTACT_EMAIL": email})
    except SettingsError:
        assume(False)
    link = reply_link(email, title)
    parts = urlsplit(link)
    assert (parts.scheme, unquote(parts.path), parts.fragment) == ("mailto", email, "")
    assert query_of(link) == [("subject", f"Re: {title}")]
    assert not set(link) & set(" \t\n\r\"'<>`")


# --- Feed footer ---------------------------------------------------------------------------

# XML 1.0 cannot carry most control characters, escaped or not, and XML parsers turn a
# CR into LF: business names (a setting) are drawn from the rest.
XML_TEXT = texts(
    st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\t\n<>&\"'#?% `")
)


def footer_links(footer: str) -> list[tuple[str, str]]:
    """(href, text) of each link of a footer, read with html.parser; checks its shape."""
    soup = BeautifulSoup(footer, "html.parser")
    assert [node.name for node in soup.contents] == ["hr", "p"]
    links = soup.p.find_all("a")
    assert soup.p.get_text() == " · ".join(a.get_text() for a in links)
    return [(a["href"], a.get_text()) for a in links]


@fast(80)
@given(
    host=HOST,
    path=XML_TEXT,
    title=TEXT,
    business=XML_TEXT,
    business_path=st.text(st.sampled_from(string.ascii_letters + "-_/%&?=;:"), max_size=15),
    comments=st.booleans(),
)
def test_feed_footer_is_well_formed_and_survives_the_feed(
    host: str, path: str, title: str, business: str, business_path: str, comments: bool
) -> None:
    """The footer's links and labels read back from the HTML, and from the RSS XML."""
    url = f"https://{host}/{path}"
    business_url = f"https://www.facebook.com/{business_path}"
    article = SimpleNamespace(title=title, comments=comments)
    footer = footer_html(article, url, business_url, business)
    expected = [(f"{url}#comments", "Discuss this article")] if comments else []
    expected += [(link.url, link.label) for link in build_share_links(url, title, ["linkedin"])]
    expected += [(link.url, link.label) for link in build_share_links(url, title, ["email"])]
    expected += [(business_url, f"{business} on Facebook")]
    assert footer_links(footer) == expected
    feed = feedgenerator.Rss201rev2Feed("Blog", "https://blog.test/", "d")
    feed.add_item("Post", "https://blog.test/a/", footer)
    channel = ET.fromstring(feed.writeString("utf-8")).find("channel")
    assert channel.find("item/description").text == footer
