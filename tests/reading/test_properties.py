"""Property-based tests (Hypothesis) of the reading plugin's table of contents.

Every expectation is read back from the output (urllib.parse, json, html.parser, an XML
parser) and compared with the input, or with the normalisation the function documents;
nothing here re-implements the code under test. Failures a property found once are kept
as @example()s, so they are checked on every run.
"""

import html

from hypothesis import given

from reading.toc import table_of_contents
from strategies import TEXT, fast


@fast(100)
@given(anchor=TEXT.filter(str.strip), heading=TEXT)
def test_table_of_contents_reads_back_escaped_headings(anchor: str, heading: str) -> None:
    markup = f'<h2 id="{html.escape(anchor)}">{html.escape(heading)}</h2>'
    assert [(e.level, e.anchor, e.text) for e in table_of_contents(markup)] == [
        (2, anchor, heading.strip())
    ]
