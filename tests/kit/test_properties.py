"""Property-based tests (Hypothesis) of the kit's text helpers and URL validators.

Every expectation is read back from the output (urllib.parse, json, html.parser, an XML
parser) and compared with the input, or with the normalisation the function documents;
nothing here re-implements the code under test. Failures a property found once are kept
as @example()s, so they are checked on every run.
"""

import html
import string
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kit.settings import SettingsError, http_url
from kit.text import plain_text
from kit.urls import is_http_url
from strategies import HOST, TEXT, fast

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
    with pytest.raises(SettingsError, match=r"^ENGAGE_X must be an http\(s\) URL"):
        http_url(value, "ENGAGE_X")


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
    assert http_url(value, "ENGAGE_X") == value


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
        with pytest.raises(SettingsError, match=r"^ENGAGE_X "):
            http_url(value, "ENGAGE_X")
        return
    assert value.lower().startswith(("http://", "https://"))
    assert not any(c.isspace() or unicodedata.category(c) == "Cc" for c in value)
    parts = urlsplit(value)
    assert parts.hostname
    assert parts.port is None or 0 <= parts.port <= 65535
