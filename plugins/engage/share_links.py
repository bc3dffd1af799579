"""Social share links: pure builders of each service's share URL.

Stdlib only, so every URL can be unit-tested as an exact string. Every query value is
percent-encoded with `quote(value, safe="")`: a space becomes %20 (never +), and `&`, `#`,
`?`, `/`, `:`, quotes and angle brackets are all encoded, so no title or URL can break out of
its parameter. Nothing is HTML-escaped here: the template escapes attribute values, and doing
it twice would show `&amp;` to readers.

Titles are not truncated (each service applies its own limit); their whitespace is collapsed.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import quote

DEFAULT_MASTODON_CHOOSER = "https://share.joinmastodon.org/"

# Only these services put hashtags to use; for the others they would be noise in the text.
HASHTAG_TARGETS = frozenset({"x", "bluesky", "threads", "mastodon"})

# A DNS host name; see is_valid_instance(). The same string works as a JavaScript RegExp
# (new RegExp(INSTANCE_PATTERN) or /.../ without flags).
INSTANCE_PATTERN = (
    r"^(?=.{1,253}$)"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z]{1,63}|[Xx][Nn]--[A-Za-z0-9-]{0,58}[A-Za-z0-9])$"
)
_INSTANCE = re.compile(INSTANCE_PATTERN)


@dataclass(frozen=True)
class ShareLink:
    """One share button, ready for the template."""

    id: str  # "linkedin"
    name: str  # "LinkedIn": the service's display name
    label: str  # accessible name: "Share on LinkedIn", "Share by email"
    url: str  # the final, fully percent-encoded URL (HTML-escape it in the template)
    # The unencoded share text, for targets whose JS builds its own URL (Mastodon:
    # https://INSTANCE/share?text=...). Empty for the others.
    text: str = ""
    mark: str = ""  # the short glyph drawn in the link's icon

    @property
    def label_prefix(self) -> str:
        """The words the accessible name adds to the visible name: "Share on "."""
        if self.label.lower().endswith(self.name.lower()):
            return self.label[: len(self.label) - len(self.name)]
        return f"{self.label}: "


@dataclass(frozen=True)
class ShareRequest:
    """The cleaned inputs one target's builder works from."""

    url: str
    title: str  # whitespace already collapsed
    hashtags: tuple[str, ...]  # empty unless the target is in HASHTAG_TARGETS
    mastodon_chooser: str


@dataclass(frozen=True)
class ShareTarget:
    """A share service: its names and how to build its URL."""

    id: str
    name: str
    label: str
    build: Callable[[ShareRequest], str]
    mark: str  # the short glyph drawn inside the link's inline SVG icon (no icon font)
    carries_text: bool = False  # fill ShareLink.text with the raw share text

    def link(self, request: ShareRequest) -> ShareLink:
        """The ShareLink of this service for `request`."""
        text = share_text(request.title, request.url, request.hashtags) if self.carries_text else ""
        return ShareLink(self.id, self.name, self.label, self.build(request), text, self.mark)


def clean_title(title: str) -> str:
    """Strip `title` and collapse each whitespace run (newlines, tabs, U+2028/U+2029,
    no-break spaces...) to one space: a share text is a single line."""
    return " ".join(title.split())


def share_text(title: str, url: str = "", hashtags: Sequence[str] = ()) -> str:
    """`title url #Tag1 #Tag2`, leaving out the empty parts.

    Unencoded: callers percent-encode it as one query value. `hashtags` are used as given
    (without `#`); build_share_links() passes them through hashtags_from_tags() first.
    """
    return " ".join(filter(None, [clean_title(title), url, *(f"#{tag}" for tag in hashtags)]))


def hashtags_from_tags(tags: Iterable[str]) -> list[str]:
    """Hashtags for `tags`: "job search" -> "JobSearch", "career-advice" -> "CareerAdvice".

    Words are the runs of str.isalnum() characters (so unicode letters and digits stay and
    any other character separates: "C++" -> "C", "a_b" -> "AB"). Each word's first
    character is upper-cased and the rest kept ("LinkedIn" stays "LinkedIn"), which makes
    this idempotent. Empty results and case-insensitive duplicates are dropped, order is
    kept. Pelican Tag objects work too: their str() is the tag name.
    """
    hashtags: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        hashtag = _camel_case(str(tag))
        if hashtag and hashtag.casefold() not in seen:
            seen.add(hashtag.casefold())
            hashtags.append(hashtag)
    return hashtags


def _camel_case(tag: str) -> str:
    # NFC first, or a decomposed "é" (e + U+0301, not alnum) would split the word.
    tag = unicodedata.normalize("NFC", tag)
    words = ("".join(chars) for is_word, chars in groupby(tag, str.isalnum) if is_word)
    # NFC again: joining the words can bring composable letters together (Hangul jamo).
    return unicodedata.normalize("NFC", "".join(_capitalised(word) for word in words))


def _capitalised(word: str) -> str:
    """`word` with its first character upper-cased, unless that upper case is not all
    letters and digits ("ǰ" -> "J" + U+030C COMBINING CARON): then the word is kept as is,
    so a hashtag is only ever alphanumeric and hashtags_from_tags() stays idempotent."""
    first = word[0].upper()
    return first + word[1:] if first.isalnum() else word


def is_valid_instance(host: str) -> bool:
    """Whether `host` is acceptable as a Mastodon instance: a DNS host name only.

    The rule, for the JavaScript side to implement identically (INSTANCE_PATTERN is a
    regular expression for it that JavaScript accepts as is):

    - ASCII only; letters compare case-insensitively ("Mastodon.Social" is valid);
    - total length 1 to 253 characters;
    - at least one dot, splitting it into labels; no empty label (so no leading, trailing
      or doubled dot: "mastodon.social." and "a..b" are invalid);
    - each label is 1 to 63 characters of [A-Za-z0-9-], neither starting nor ending with "-";
    - the last label (TLD) is all letters ("com") or starts with "xn--" ("xn--p1ai");
    - anything else makes it invalid: a scheme, port, path, query, userinfo ("@"), "_",
      whitespace, an IP literal ("127.0.0.1" fails the TLD rule, "[::1]" the characters),
      a name with no dot ("localhost").

    Test the characters with explicit [A-Za-z0-9] classes rather than a case-insensitive
    flag: with it, [a-z] also matches a few non-ASCII letters (e.g. U+212A KELVIN SIGN)
    in Python and in JavaScript's /iu.
    """
    return isinstance(host, str) and len(host) <= 253 and _INSTANCE.fullmatch(host) is not None


def _query(base: str, **params: str) -> str:
    """`base?k1=v1&k2=v2`, each value percent-encoded (appended with & if `base` has a query)."""
    pairs = "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())
    return f"{base}{'&' if '?' in base else '?'}{pairs}"


def _linkedin(r: ShareRequest) -> str:
    return _query("https://www.linkedin.com/sharing/share-offsite/", url=r.url)


def _facebook(r: ShareRequest) -> str:
    return _query("https://www.facebook.com/sharer/sharer.php", u=r.url)


def _x(r: ShareRequest) -> str:
    link = _query("https://x.com/intent/tweet", text=r.title, url=r.url)
    if r.hashtags:
        # Each tag encoded on its own, the separating commas left literal.
        link += "&hashtags=" + ",".join(quote(tag, safe="") for tag in r.hashtags)
    return link


def _bluesky(r: ShareRequest) -> str:
    return _query("https://bsky.app/intent/compose", text=share_text(r.title, r.url, r.hashtags))


def _threads(r: ShareRequest) -> str:
    text = share_text(r.title, "", r.hashtags)
    return _query("https://www.threads.com/intent/post", text=text, url=r.url)


def _mastodon(r: ShareRequest) -> str:
    return _query(r.mastodon_chooser, text=share_text(r.title, r.url, r.hashtags))


def _reddit(r: ShareRequest) -> str:
    return _query("https://www.reddit.com/submit", url=r.url, title=r.title)


def _hackernews(r: ShareRequest) -> str:
    return _query("https://news.ycombinator.com/submitlink", u=r.url, t=r.title)


def _whatsapp(r: ShareRequest) -> str:
    return _query("https://api.whatsapp.com/send", text=share_text(r.title, r.url))


def _telegram(r: ShareRequest) -> str:
    return _query("https://t.me/share/url", url=r.url, text=r.title)


def _email(r: ShareRequest) -> str:
    body = "\n\n".join(filter(None, [r.title, r.url]))
    return _query("mailto:", subject=r.title, body=body)


# Every share service, in the default order: adding one is one line here (and its test).
TARGETS: dict[str, ShareTarget] = {
    target.id: target
    for target in (
        ShareTarget("linkedin", "LinkedIn", "Share on LinkedIn", _linkedin, "in"),
        ShareTarget("facebook", "Facebook", "Share on Facebook", _facebook, "f"),
        ShareTarget("x", "X", "Share on X", _x, "X"),
        ShareTarget("bluesky", "Bluesky", "Share on Bluesky", _bluesky, "b"),
        ShareTarget("threads", "Threads", "Share on Threads", _threads, "@"),
        ShareTarget("mastodon", "Mastodon", "Share on Mastodon", _mastodon, "m", carries_text=True),
        ShareTarget("reddit", "Reddit", "Share on Reddit", _reddit, "r"),
        ShareTarget("hackernews", "Hacker News", "Share on Hacker News", _hackernews, "Y"),
        ShareTarget("whatsapp", "WhatsApp", "Share on WhatsApp", _whatsapp, "w"),
        ShareTarget("telegram", "Telegram", "Share on Telegram", _telegram, "t"),
        ShareTarget("email", "Email", "Share by email", _email, "@"),
    )
}

DEFAULT_TARGETS: tuple[str, ...] = tuple(TARGETS)


def resolve_targets(targets: Iterable[str]) -> list[ShareTarget]:
    """The ShareTargets of the ids `targets`, in the given order, repeats dropped.

    Raises ValueError naming an unknown id, and TypeError for a bare string (which would
    otherwise be iterated letter by letter).
    """
    if isinstance(targets, str):
        raise TypeError(f"share targets must be a list of ids, not the string {targets!r}")
    resolved: dict[str, ShareTarget] = {}
    for target_id in targets:
        if target_id not in TARGETS:
            known = ", ".join(TARGETS)
            raise ValueError(f"unknown share target {target_id!r} (known: {known})")
        resolved.setdefault(target_id, TARGETS[target_id])
    return list(resolved.values())


def build_share_links(
    url: str,
    title: str,
    targets: Iterable[str] = DEFAULT_TARGETS,
    hashtags: Iterable[str] = (),
    mastodon_chooser: str = DEFAULT_MASTODON_CHOOSER,
) -> list[ShareLink]:
    """The share links of the page at the absolute URL `url`, one per target id, in order.

    `title` is plain text; its whitespace is collapsed. `hashtags` (without "#") are passed
    through hashtags_from_tags(), so raw tag names work too, and only reach HASHTAG_TARGETS.
    `mastodon_chooser` is the instance-picker page of the no-JavaScript Mastodon link.
    """
    chosen = resolve_targets(targets)
    title = clean_title(title)
    tags = tuple(hashtags_from_tags(hashtags))
    return [
        target.link(
            ShareRequest(url, title, tags if target.id in HASHTAG_TARGETS else (), mastodon_chooser)
        )
        for target in chosen
    ]
