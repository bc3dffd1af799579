"""Property-based tests (Hypothesis) of the social plugin's JSON-LD and card text.

Every expectation is read back from the output (urllib.parse, json, html.parser, an XML
parser) and compared with the input, or with the normalisation the function documents;
nothing here re-implements the code under test. Failures a property found once are kept
as @example()s, so they are checked on every run.
"""

import json
import unicodedata

from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st

from social.card_text import clean_text
from social.cards import safe_slug
from social.seo import json_ld
from strategies import ALNUM, TEXT, fast

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
