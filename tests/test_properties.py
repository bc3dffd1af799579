"""Property-based tests (Hypothesis) of the plugin's URL builders, serialisers and validators.

Every expectation is read back from the output (urllib.parse, json, html.parser, an XML
parser) and compared with the input, or with the normalisation the function documents;
nothing here re-implements the code under test. Failures a property found once are kept
as @example()s, so they are checked on every run.

Runs are random locally (failures are replayed from Hypothesis's own, self-gitignored
`.hypothesis/` database) and derandomized when CI is set: the same examples on every CI
run, no database.
"""

import html
import json
import os
import string
import unicodedata
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from urllib.parse import parse_qsl, unquote, urlsplit

import feedgenerator
import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from engage.comments import Page, build_comments
from engage.cta import page_plugin_src
from engage.engagement import _comments
from engage.feed_footer import footer_html
from engage.reading_aids import table_of_contents
from engage.seo import json_ld, plain_text
from engage.settings import EngageSettingsError, is_http_url, load_settings, require_http_url
from engage.share_links import DEFAULT_TARGETS, HASHTAG_TARGETS, build_share_links
from engage.share_links import hashtags_from_tags as hashtags_of
from engage.social_cards import clean_text, safe_slug


def fast(examples: int) -> settings:
    """Settings for one test: `examples` cases, derandomized in CI, and no deadline (the
    test machines are shared, so the time one example takes varies a lot)."""
    return settings(max_examples=examples, derandomize=bool(os.environ.get("CI")), deadline=None)


# --- Strategies ----------------------------------------------------------------------------

# Characters that have broken escaping somewhere before: controls (NUL, C1 NEL), line and
# paragraph separators, bidi overrides, zero-width and no-break spaces, a BOM, quotes,
# markup and URL delimiters, emoji (astral), RTL letters, a combining accent, letters
# whose case mapping changes length ("ǰ", "ß", "ΐ").
ODD = (
    "\x00\x01\x08\x0b\x1f\x7f\x85\xa0\u2028\u2029\u200b\u200d\u200f\u202e\u3000\ufeff"
    "\"'<>&#?%`= \t\n\r+,;/\\:@[](){}|^!$*~."
    "\U0001f642\U0001f469\u200d\U0001f4bb\u05e9\u05dc\u0627\u0301\u01f0\xdf\u0390\u0130"
)
# Any character UTF-8 can encode (no lone surrogates: text read from UTF-8 files cannot
# contain them), with the odd characters above drawn far more often.
CHAR = st.one_of(st.characters(codec="utf-8"), st.sampled_from(ODD))


def texts(chars: st.SearchStrategy[str], max_size: int = 30) -> st.SearchStrategy[str]:
    """Strings of `chars`, keeping its weights (st.text() would merge a union of
    alphabets into one and draw from it evenly, losing the bias towards ODD)."""
    return st.lists(chars, max_size=max_size).map("".join)


TEXT = texts(CHAR)
# DNS host names (st.from_regex() would do, but is several times slower to draw from).
ALNUM = string.ascii_letters + string.digits
LABEL = st.builds(
    "{}{}{}".format,
    st.sampled_from(ALNUM),
    st.text(st.sampled_from(ALNUM + "-"), max_size=8),
    st.sampled_from(ALNUM),
)
HOST = st.builds(
    lambda labels, tld: ".".join([*labels, tld]),
    st.lists(LABEL, min_size=1, max_size=3),
    st.text(st.sampled_from(string.ascii_letters), min_size=2, max_size=6),
)
# Page addresses: arbitrary text too, since the builders must treat the URL as opaque.
PAGE_URL = st.one_of(
    st.builds(lambda host, path: f"https://{host}/{path}", HOST, TEXT),
    TEXT,
)
TAGS = st.lists(TEXT, max_size=4)
# Letters whose upper case is longer than one character ("ß" -> "SS", "ǰ" -> "J" + U+030C):
# the few that make case mapping interesting, rarely drawn from all of Unicode.
MULTI_UPPER = sorted(c for c in map(chr, range(0x10000)) if c.isalnum() and len(c.upper()) > 1)
TAG_WORDS = st.lists(
    texts(st.sampled_from(MULTI_UPPER) | st.sampled_from("aZ9é-_ +") | CHAR, max_size=8),
    max_size=4,
)

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
# A URL that can go into an HTML attribute (quoted or not) as is: ASCII letters, digits
# and the URL delimiters the builders use; no whitespace, quote, <, >, backtick or #.
URL_SAFE = frozenset(string.ascii_letters + string.digits + "-._~%:/?=&,")


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


def query_of(url: str) -> list[tuple[str, str]]:
    """The decoded query parameters of `url`, in order, empty values kept."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


def attributes_round_trip(values: list[str]) -> list[str]:
    """`values` as the templates write them into attributes, read back by html.parser."""
    page = "".join(f'<a data-v="{escape(value)}">x</a>' for value in values)
    return [a["data-v"] for a in BeautifulSoup(page, "html.parser").find_all("a")]


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
@given(host=HOST, thread_id=TEXT)
@example(host="blog.test", thread_id="/evil.example")  # was https://evil.example/
@example(host="blog.test", thread_id="..")  # was the site root, shared by every such id
@example(host="blog.test", thread_id="a/../b")  # was the thread of "b"
@example(host="blog.test", thread_id="")  # was the page's own URL
def test_remark42_thread_url_stays_on_the_site(host: str, thread_id: str) -> None:
    """Remark42 keys threads by this URL: it is on the page's own host, and its path is
    exactly `/<thread id>/` (percent-encoded), so two ids never share a thread."""
    page = Page(f"https://{host}/posts/a/", "A", thread_id)
    embed = build_comments("remark42", {"host": "https://r.test", "site_id": "s"}, page)
    parts = urlsplit(embed.config["url"])
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("https", host, "", "")
    assert unquote(parts.path) == f"/{thread_id}/"
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
    config = load_settings({"ENGAGE_CONTACT_EMAIL": email})
    config["ENGAGE_COMMENTS_PROVIDER"] = "utterances"
    config["ENGAGE_COMMENTS"] = {"repo": "owner/blog"}
    content = SimpleNamespace(metadata={}, slug="a", url="a/", title=title)
    return _comments(content, config, "https://blog.test/a/", True).email_url


@fast(100)
@given(email=st.emails(), title=TEXT)
@example(email="a#b@example.com", title="Tips")  # the # started a fragment: no subject
@example(email="a%41@example.com", title="Tips")  # read back as "aA@example.com"
def test_reply_by_email_link(email: str, title: str) -> None:
    """Any address ENGAGE_CONTACT_EMAIL accepts is the link's recipient, exactly."""
    try:
        load_settings({"ENGAGE_CONTACT_EMAIL": email})
    except EngageSettingsError:
        assume(False)
    link = reply_link(email, title)
    parts = urlsplit(link)
    assert (parts.scheme, unquote(parts.path), parts.fragment) == ("mailto", email, "")
    assert query_of(link) == [("subject", f"Re: {title}")]
    assert not set(link) & set(" \t\n\r\"'<>`")


# --- JSON-LD -------------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=8,
)


@fast(100)
@given(data=st.dictionaries(TEXT, JSON, max_size=4))
@example(data={"name": "</script><script>alert(1)</script><!--", "x": "\u2028\u2029&"})
def test_json_ld_round_trips_and_cannot_leave_its_script(data: dict) -> None:
    text = str(json_ld(data))
    assert json.loads(text) == data
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    page = f'<html><head><script type="application/ld+json">{text}</script></head></html>'
    scripts = BeautifulSoup(page, "html.parser").find_all("script")
    assert len(scripts) == 1
    assert scripts[0].string == text


# --- Text helpers --------------------------------------------------------------------------


@fast(200)
@given(text=TEXT, quote=st.booleans())
def test_plain_text_of_escaped_text_is_the_text_on_one_line(text: str, quote: bool) -> None:
    """plain_text() documents one line of text: whitespace runs become one space."""
    assert plain_text(html.escape(text, quote=quote)) == " ".join(text.split())


TAG_NAMES = st.sampled_from(["p", "em", "strong", "a", "span", "code", "h2", "li"])


@fast(100)
@given(pieces=st.lists(st.tuples(TAG_NAMES, TEXT, TEXT), max_size=4))
def test_plain_text_drops_markup_and_keeps_every_word(pieces: list) -> None:
    """Tags (with escaped attribute values, as Markdown writes them) separate words."""
    fragment = "".join(
        f'<{tag} title="{html.escape(attr)}">{html.escape(text)}</{tag}>'
        for tag, attr, text in pieces
    )
    words = [word for _, _, text in pieces for word in text.split()]
    assert plain_text(fragment) == " ".join(words)


@fast(200)
@given(text=TEXT)
@example(text=" a\x00b\u2028c\td\n\ne  ")
def test_clean_text_drops_controls_and_collapses_spaces(text: str) -> None:
    """social_cards.clean_text: control characters dropped, every kind of space one space."""
    cleaned = clean_text(text)
    assert not any(unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"} for c in cleaned)
    assert not any(c.isspace() and c != " " for c in cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    kept = [c for c in text if not c.isspace() and unicodedata.category(c) not in {"Cc", "Cs"}]
    kept = [c for c in kept if unicodedata.category(c) not in {"Zl", "Zp"}]
    assert cleaned.replace(" ", "") == "".join(kept)
    assert clean_text(cleaned) == cleaned


@fast(150)
@given(slug=TEXT)
@example(slug="../../etc/passwd")
@example(slug=".")
def test_safe_slug_is_a_safe_file_name(slug: str) -> None:
    """The card's file name part: ASCII letters, digits, `.`, `_`, `-`, never empty and
    never starting with a dot (no hidden file, no `..`), so it is also safe in og:image."""
    name = safe_slug(slug)
    assert 1 <= len(name) <= 80
    assert set(name) <= set(ALNUM + "._-")
    assert not name.startswith(".")
    if set(slug) <= set(ALNUM + "_-") and slug.strip("-_") == slug and 0 < len(slug) <= 80:
        assert name == slug  # an already safe slug is kept


@fast(100)
@given(anchor=TEXT.filter(str.strip), heading=TEXT)
def test_table_of_contents_reads_back_escaped_headings(anchor: str, heading: str) -> None:
    markup = f'<h2 id="{html.escape(anchor)}">{html.escape(heading)}</h2>'
    assert [(e.level, e.anchor, e.text) for e in table_of_contents(markup)] == [
        (2, anchor, heading.strip())
    ]


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


# --- Settings validators -------------------------------------------------------------------

DANGEROUS = st.sampled_from(["javascript", "data", "vbscript", "file", "jav\tascript"])
# What browsers strip before a URL or from inside its scheme (C0 controls, spaces, tabs,
# newlines), and a few other characters that are easy to overlook.
JUNK = st.text(st.sampled_from(" \t\n\r\x0b\x0c\x00\x01\x1f\xa0\u2028\u3000\ufeff"), max_size=3)


@st.composite
def dangerous_urls(draw: st.DrawFn) -> str:
    scheme = draw(DANGEROUS)
    scheme = "".join(c.upper() if draw(st.booleans()) else c for c in scheme)
    at = draw(st.integers(0, len(scheme)))
    inside = draw(JUNK) if draw(st.booleans()) else ""
    rest = draw(st.sampled_from(["alert(1)", "//example.com/", "text/html,<b>", "//x/http://"]))
    return f"{draw(JUNK)}{scheme[:at]}{inside}{scheme[at:]}:{rest}{draw(TEXT)}"


@fast(150)
@given(value=dangerous_urls())
@example(value="JavaScript:alert(1)")
@example(value=" javascript://example.com/%0Aalert(1)")
@example(value="\x01javascript:alert(1)")
@example(value="java\nscript:alert(1)")
def test_dangerous_schemes_are_never_accepted(value: str) -> None:
    assert is_http_url(value) is False
    with pytest.raises(EngageSettingsError, match=r"^ENGAGE_X must be an http\(s\) URL"):
        require_http_url(value, "ENGAGE_X")


@st.composite
def http_urls(draw: st.DrawFn) -> str:
    scheme = "".join(
        c.upper() if draw(st.booleans()) else c for c in draw(st.sampled_from(["http", "https"]))
    )
    port = draw(st.none() | st.integers(1, 65535))
    rest = draw(
        st.text(
            st.sampled_from(string.ascii_letters + string.digits + "-._~%!$&'()*+,;=:@/?#"),
            max_size=20,
        )
    )
    return f"{scheme}://{draw(HOST)}{'' if port is None else f':{port}'}/{rest}"


@fast(100)
@given(value=http_urls())
def test_http_urls_with_a_host_are_accepted(value: str) -> None:
    assert is_http_url(value) is True
    assert require_http_url(value, "ENGAGE_X") == value


@fast(200)
@given(
    value=st.one_of(
        TEXT, st.builds("{}{}".format, st.sampled_from(["http://", "https://", "HTTP://"]), TEXT)
    )
)
@example(value="http://[::1")  # urlsplit() raised ValueError
@example(value="http://a\uff03b")  # urlsplit() raised ValueError (NFKC netloc check)
@example(value="http://example.com:port/")  # .port raised ValueError
@example(value="\x01http://example.com/")  # accepted with the control character
@example(value="https://example.com/\x00")  # accepted with a NUL (invalid in XML feeds)
def test_is_http_url_is_a_predicate_and_accepts_only_usable_urls(value: str) -> None:
    """is_http_url() answers True or False for any text, never raises, and what it
    accepts starts with its http(s) scheme, has a host and a valid port, and contains
    no whitespace or control character (browsers strip those; XML cannot carry them)."""
    accepted = is_http_url(value)
    assert accepted in (True, False)
    if not accepted:
        with pytest.raises(EngageSettingsError, match=r"^ENGAGE_X "):
            require_http_url(value, "ENGAGE_X")
        return
    assert value.lower().startswith(("http://", "https://"))
    assert not any(c.isspace() or unicodedata.category(c) == "Cc" for c in value)
    parts = urlsplit(value)
    assert parts.hostname
    assert parts.port is None or 0 <= parts.port <= 65535
