"""Hypothesis strategies and helpers shared by the property-based tests of every plugin.

Runs are random locally (failures are replayed from Hypothesis's own, self-gitignored
`.hypothesis/` database) and derandomized when CI is set: the same examples on every CI
run, no database.
"""

import os
import string
from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup
from hypothesis import settings
from hypothesis import strategies as st
from markupsafe import escape


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

# A URL that can go into an HTML attribute (quoted or not) as is: ASCII letters, digits
# and the URL delimiters the builders use; no whitespace, quote, <, >, backtick or #.
URL_SAFE = frozenset(string.ascii_letters + string.digits + "-._~%:/?=&,")


def query_of(url: str) -> list[tuple[str, str]]:
    """The decoded query parameters of `url`, in order, empty values kept."""
    return parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


def attributes_round_trip(values: list[str]) -> list[str]:
    """`values` as the templates write them into attributes, read back by html.parser."""
    page = "".join(f'<a data-v="{escape(value)}">x</a>' for value in values)
    return [a["data-v"] for a in BeautifulSoup(page, "html.parser").find_all("a")]
