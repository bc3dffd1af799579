"""The hostile content fixture as a site: the committed files plus generated characters.

`tests/fixtures/hostile/content/` is committed; characters a text editor does not type
(U+2028/U+2029, NUL and other control characters) are written here, deterministically.
Used by tests/site/test_hostile_content.py and tests/output_digests.py.
"""

import shutil
from pathlib import Path

from sitebuild import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "hostile"

# Characters a text editor does not type, written by _write_generated() (deterministic).
LINE_SEPARATORS = {
    "Title": "Line\u2028separated\u2029title <script>alert(1)</script>",
    "Date": "2024-05-06 10:00",
    "Category": "Separators\u2028here",
    "Tags": "sep\u2028tag, {{ 7*7 }} {% raw %}",
    "Slug": "line-separators",
    "Summary": "Line\u2028separator and `</script><!--`",
    "Cta_text": "Before\u2028after",
}
# One removed character per field, so that each field's warning is predictable.
CONTROL_CHARACTERS = {
    "Title": "NUL\x00 in the <script>alert(1)</script> title",
    "Date": "2024-05-07 10:00",
    "Category": "Control\ufffe characters",
    "Tags": "back\x08space, {{ 7*7 }} {% raw %}",
    "Author": "Nobody\uffff Special",
    "Slug": "control-characters",
    "Series": "Escape\x1b series",
    "Summary": "Start\x01 of heading",
    "Cover": "images/hostile-cover.png",
    "Cover_alt": "Form\x0cfeed",
    "Comments_id": "unit\x1fseparator",
    "Cta_heading": "Vertical\x0btab",
}
CONTROL_BODY = "A NUL\x00 in the body."


def write_generated(content: Path, name: str, meta: dict[str, str], body: str) -> None:
    """A Markdown file of `Key: value` lines, a blank line and `body`."""
    header = "".join(f"{key}: {value}\n" for key, value in meta.items())
    (content / name).write_text(f"{header}\n{body}\n", encoding="utf-8")


def write_hostile_site(content: Path, normalised: bool) -> Path:
    """The fixture in `content`; `normalised` adds what a build fixes with a warning."""
    shutil.copytree(FIXTURE / "content", content)
    write_generated(content, "line-separators.md", LINE_SEPARATORS, "Separated\u2028body.")
    if normalised:
        for path in (FIXTURE / "normalised").glob("*.md"):
            shutil.copy(path, content / path.name)
        write_generated(content, "control-characters.md", CONTROL_CHARACTERS, CONTROL_BODY)
    return content
