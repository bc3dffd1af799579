"""Exact-string tests of the share-link builders.

The expected URLs are written out by hand, not computed with quote(), so an encoding
change (a + for a space, an unencoded & or #, HTML escaping) shows up as a failure.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from engage.share_links import (
    DEFAULT_TARGETS,
    HASHTAG_TARGETS,
    INSTANCE_PATTERN,
    TARGETS,
    ShareLink,
    build_share_links,
    clean_title,
    hashtags_from_tags,
    is_valid_instance,
    share_text,
)

URL = "https://blog.test/posts/job-search/"
HOSTILE = 'He said "Go" & left </script><script>alert(1)</script>'


def urls(title: str, targets=DEFAULT_TARGETS, hashtags=(), url: str = URL) -> dict[str, str]:
    return {link.id: link.url for link in build_share_links(url, title, targets, hashtags)}


def test_plain_title_every_target():
    assert urls("Five job search tips") == {
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/"
        "?url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "facebook": "https://www.facebook.com/sharer/sharer.php"
        "?u=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "x": "https://x.com/intent/tweet?text=Five%20job%20search%20tips"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "bluesky": "https://bsky.app/intent/compose"
        "?text=Five%20job%20search%20tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "threads": "https://www.threads.com/intent/post?text=Five%20job%20search%20tips"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "mastodon": "https://share.joinmastodon.org/"
        "?text=Five%20job%20search%20tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "reddit": "https://www.reddit.com/submit"
        "?url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F&title=Five%20job%20search%20tips",
        "hackernews": "https://news.ycombinator.com/submitlink"
        "?u=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F&t=Five%20job%20search%20tips",
        "whatsapp": "https://api.whatsapp.com/send"
        "?text=Five%20job%20search%20tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
        "telegram": "https://t.me/share/url"
        "?url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F&text=Five%20job%20search%20tips",
        "email": "mailto:?subject=Five%20job%20search%20tips"
        "&body=Five%20job%20search%20tips%0A%0Ahttps%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
    }


def test_hostile_title_is_percent_encoded_not_html_escaped():
    title = (
        "He%20said%20%22Go%22%20%26%20left%20%3C%2Fscript%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
    )
    got = urls(HOSTILE)
    assert got["x"] == (
        f"https://x.com/intent/tweet?text={title}"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )
    assert got["reddit"] == (
        f"https://www.reddit.com/submit?url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
        f"&title={title}"
    )
    assert got["bluesky"] == (
        f"https://bsky.app/intent/compose?text={title}"
        "%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )
    assert got["email"] == (
        f"mailto:?subject={title}&body={title}%0A%0Ahttps%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )
    for url in got.values():
        assert not set(url) & set("\"'<> ")
        assert "&amp;" not in url
        assert "+" not in url


def test_unicode_and_emoji():
    got = urls("Café résumé tips 🚀")
    assert got["x"] == (
        "https://x.com/intent/tweet?text=Caf%C3%A9%20r%C3%A9sum%C3%A9%20tips%20%F0%9F%9A%80"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )
    assert got["telegram"] == (
        "https://t.me/share/url?url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
        "&text=Caf%C3%A9%20r%C3%A9sum%C3%A9%20tips%20%F0%9F%9A%80"
    )


def test_rtl_title():
    got = urls("مرحبا")
    assert got["hackernews"] == (
        "https://news.ycombinator.com/submitlink?u=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
        "&t=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7"
    )
    assert got["whatsapp"] == (
        "https://api.whatsapp.com/send"
        "?text=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )


def test_title_whitespace_is_collapsed():
    title = "  Line one\nLine  two\r\n\tthree\u2028four\u2029five\u00a0six  "
    got = urls(title, ["reddit", "email"])
    assert got == {
        "reddit": "https://www.reddit.com/submit"
        "?url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
        "&title=Line%20one%20Line%20two%20three%20four%20five%20six",
        "email": "mailto:?subject=Line%20one%20Line%20two%20three%20four%20five%20six"
        "&body=Line%20one%20Line%20two%20three%20four%20five%20six"
        "%0A%0Ahttps%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F",
    }
    assert clean_title(title) == "Line one Line two three four five six"


def test_long_title_is_not_truncated():
    title = "word " * 400
    (link,) = build_share_links(URL, title, ["reddit"])
    assert link.url.endswith("&title=" + "%20".join(["word"] * 400))


def test_hashtags_on_hashtag_targets():
    got = urls("Tips", hashtags=["job search", "C++"])
    assert got["x"] == (
        "https://x.com/intent/tweet?text=Tips"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F&hashtags=JobSearch,C"
    )
    assert got["bluesky"] == (
        "https://bsky.app/intent/compose"
        "?text=Tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F%20%23JobSearch%20%23C"
    )
    assert got["threads"] == (
        "https://www.threads.com/intent/post?text=Tips%20%23JobSearch%20%23C"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )
    assert got["mastodon"] == (
        "https://share.joinmastodon.org/"
        "?text=Tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F%20%23JobSearch%20%23C"
    )


def test_unicode_hashtag_is_encoded_per_tag():
    got = urls("Tips", ["x"], hashtags=["café", "déjà vu"])
    assert got["x"] == (
        "https://x.com/intent/tweet?text=Tips"
        "&url=https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F&hashtags=Caf%C3%A9,D%C3%A9j%C3%A0Vu"
    )


def test_hashtags_ignored_elsewhere():
    others = [target for target in DEFAULT_TARGETS if target not in HASHTAG_TARGETS]
    assert urls("Tips", others, hashtags=["job search"]) == urls("Tips", others)
    assert sorted(HASHTAG_TARGETS) == ["bluesky", "mastodon", "threads", "x"]


def test_mastodon_carries_raw_text():
    links = build_share_links(URL, HOSTILE, DEFAULT_TARGETS, ["job search"])
    texts = {link.id: link.text for link in links}
    assert texts.pop("mastodon") == f"{HOSTILE} {URL} #JobSearch"
    assert set(texts.values()) == {""}


def test_custom_mastodon_chooser():
    (link,) = build_share_links(URL, "Tips", ["mastodon"], mastodon_chooser="https://chooser.test/")
    assert link.url == (
        "https://chooser.test/?text=Tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )
    (link,) = build_share_links(URL, "Tips", ["mastodon"], mastodon_chooser="https://c.test/?a=1")
    assert link.url == (
        "https://c.test/?a=1&text=Tips%20https%3A%2F%2Fblog.test%2Fposts%2Fjob-search%2F"
    )


def test_names_and_labels():
    links = build_share_links(URL, "Tips", DEFAULT_TARGETS)
    assert [(link.id, link.name, link.label) for link in links] == [
        ("linkedin", "LinkedIn", "Share on LinkedIn"),
        ("facebook", "Facebook", "Share on Facebook"),
        ("x", "X", "Share on X"),
        ("bluesky", "Bluesky", "Share on Bluesky"),
        ("threads", "Threads", "Share on Threads"),
        ("mastodon", "Mastodon", "Share on Mastodon"),
        ("reddit", "Reddit", "Share on Reddit"),
        ("hackernews", "Hacker News", "Share on Hacker News"),
        ("whatsapp", "WhatsApp", "Share on WhatsApp"),
        ("telegram", "Telegram", "Share on Telegram"),
        ("email", "Email", "Share by email"),
    ]
    assert all(isinstance(link, ShareLink) for link in links)


def test_default_order():
    assert DEFAULT_TARGETS == (
        "linkedin",
        "facebook",
        "x",
        "bluesky",
        "threads",
        "mastodon",
        "reddit",
        "hackernews",
        "whatsapp",
        "telegram",
        "email",
    )
    assert tuple(TARGETS) == DEFAULT_TARGETS
    assert [link.id for link in build_share_links(URL, "Tips")] == list(DEFAULT_TARGETS)


def test_target_order_preserved_and_repeats_dropped():
    links = build_share_links(URL, "Tips", ["email", "x", "linkedin", "x"])
    assert [link.id for link in links] == ["email", "x", "linkedin"]
    assert build_share_links(URL, "Tips", []) == []


def test_unknown_target_raises():
    with pytest.raises(ValueError, match=r"^unknown share target 'linkedn' \(known: ") as err:
        build_share_links(URL, "Tips", ["linkedin", "linkedn"])
    assert str(err.value) == (
        "unknown share target 'linkedn' (known: linkedin, facebook, x, bluesky, threads, "
        "mastodon, reddit, hackernews, whatsapp, telegram, email)"
    )


def test_bare_string_targets_rejected():
    with pytest.raises(TypeError, match="not the string 'linkedin'"):
        build_share_links(URL, "Tips", "linkedin")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["job search"], ["JobSearch"]),
        (["LinkedIn"], ["LinkedIn"]),
        (["career-advice"], ["CareerAdvice"]),
        (["C++"], ["C"]),
        (["snake_case tag"], ["SnakeCaseTag"]),
        (["#remote work!"], ["RemoteWork"]),
        (["café au lait"], ["CaféAuLait"]),
        (["cafe\u0301"], ["Café"]),  # decomposed é stays one word
        (["2024 goals"], ["2024Goals"]),
        (["москва"], ["Москва"]),
        (["job search", "Job-Search", "JOBSEARCH", "jobsearch"], ["JobSearch"]),
        (["", "  ", "++", "-"], []),
        (["b", "a", "B"], ["B", "A"]),
        ([], []),
    ],
)
def test_hashtags_from_tags(tags, expected):
    assert hashtags_from_tags(tags) == expected


def test_hashtags_from_tags_is_idempotent():
    once = hashtags_from_tags(["job search", "career-advice", "LinkedIn", "C++"])
    assert hashtags_from_tags(once) == once == ["JobSearch", "CareerAdvice", "LinkedIn", "C"]


def test_hashtags_from_tags_accepts_objects_with_str():
    class Tag:
        def __str__(self) -> str:
            return "job search"

    assert hashtags_from_tags([Tag()]) == ["JobSearch"]


def test_share_text():
    assert share_text("Tips", URL, ["A", "B"]) == f"Tips {URL} #A #B"
    assert share_text(" Tips\n", URL, []) == f"Tips {URL}"
    assert share_text("Tips", "", ["A"]) == "Tips #A"
    assert share_text("", URL, []) == URL


@pytest.mark.parametrize(
    "host",
    [
        "mastodon.social",
        "fosstodon.org",
        "mstdn.jp",
        "xn--80ak6aa92e.com",
        "Mastodon.Social",
        "social.xn--p1ai",
        "a-b.c-d.example",
        "1.example",
        ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61]),  # 253 characters
    ],
)
def test_valid_instances(host):
    assert is_valid_instance(host) is True


@pytest.mark.parametrize(
    "host",
    [
        "https://mastodon.social",
        "mastodon.social/path",
        "mastodon.social:443",
        "user@mastodon.social",
        "localhost",
        "127.0.0.1",
        "[::1]",
        "-bad.example",
        "bad-.example",
        "a..b",
        "mastodon.social.",
        ".mastodon.social",
        "mastodon .social",
        " mastodon.social",
        "mastodon.social\n",
        "javascript:alert(1)",
        "",
        ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 62]),  # 254 characters
        "a" * 64 + ".example",
        "exa_mple.com",
        "mastodon.s0cial",
        "mastodon.xn--",
        "mastodon.social?x",
        "mastodon.social#x",
        "ma\u212astodon.social",  # KELVIN SIGN: lower-cases to k
        "café.example",
    ],
)
def test_invalid_instances(host):
    assert is_valid_instance(host) is False


def test_instance_length_fixtures():
    assert len(".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])) == 253
    assert len(".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 62])) == 254


def test_instance_pattern_is_anchored_for_javascript():
    # The JS side uses the string as is, where only ^...$ anchor the whole input.
    assert INSTANCE_PATTERN[0] == "^"
    assert INSTANCE_PATTERN[-1] == "$"


TITLES = [
    "Five job search tips",
    HOSTILE,
    "Café résumé tips 🚀",
    "مرحبا",
    "  Line one\nLine two\r\n\u2028three  ",
    "a+b=c&d=e;f#g?h/i%20j%k",
    "'single' `back` \\slash\\ \u202eevil\u202c",
    "\x00nul \x7fdel",
]
PAGE_URLS = [URL, "https://blog.test/a?b=1&c=d+e#frag", "https://blog.test/caf%C3%A9/"]


def expected_params(target: str, title: str, url: str, tags: list[str]) -> dict[str, list[str]]:
    """What each service should read back out of its URL."""
    marks = " ".join(f"#{tag}" for tag in tags)
    full = " ".join(filter(None, [title, url, marks]))
    return {
        "linkedin": {"url": [url]},
        "facebook": {"u": [url]},
        "x": {"text": [title], "url": [url], **({"hashtags": [",".join(tags)]} if tags else {})},
        "bluesky": {"text": [full]},
        "threads": {"text": [" ".join(filter(None, [title, marks]))], "url": [url]},
        "mastodon": {"text": [full]},
        "reddit": {"url": [url], "title": [title]},
        "hackernews": {"u": [url], "t": [title]},
        "whatsapp": {"text": [f"{title} {url}"]},
        "telegram": {"url": [url], "text": [title]},
        "email": {"subject": [title], "body": [f"{title}\n\n{url}"]},
    }[target]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("url", PAGE_URLS)
@pytest.mark.parametrize("hashtags", [[], ["JobSearch", "Café"]])
def test_round_trip(title, url, hashtags):
    collapsed = " ".join(title.split())
    for link in build_share_links(url, title, DEFAULT_TARGETS, hashtags):
        parts = urlsplit(link.url)
        assert not parts.fragment
        tags = hashtags if link.id in HASHTAG_TARGETS else []
        params = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
        assert params == expected_params(link.id, collapsed, url, tags), link.id
