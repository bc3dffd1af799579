"""HTML to Markdown with markdownify (kept on PyPI, pure Python, on BeautifulSoup).

Compared with pandoc (pypandoc-binary 1.17: a 34.5 MB wheel, 155 MB installed, about
90 ms a post against 15): pandoc round-trips text more exactly out of the box, but
markdownify's converter is a class whose per-tag methods we extend, and three fixes
make it as exact for Python-Markdown:

- text is escaped for Python-Markdown: `&` and `<` as entities (a post that mentions
  `&lt;script&gt;` keeps showing it, not a tag the sanitiser then removes), a backtick,
  and a line that would start a list or a heading (`1986. A great year`);
- nested list items are indented by four spaces (Python-Markdown flattens two);
- a `<figure>` (an image with its caption) stays HTML, which Python-Markdown passes
  through and the images and safehtml plugins then handle; a table or pull quote inside
  a figure becomes Markdown.
"""

import re

from bs4 import BeautifulSoup
from markdownify import ATX, MarkdownConverter

_LINE_START = re.compile(r"^(\s*)(\d+\.|[-+*>#])(?=\s)", re.M)


class _Converter(MarkdownConverter):
    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace("`", "\\`")
        return _LINE_START.sub(lambda m: m.group(1) + _backslashed(m.group(2)), text)

    def convert_li(self, el, text, parent_tags):
        done = super().convert_li(el, text, parent_tags)
        if el.parent is None or el.parent.name != "ol":
            return done
        width = len(done.lstrip("\n").split(" ", 1)[0]) + 1  # "12. " -> 4
        pad = " " * max(0, 4 - width)
        return re.sub(r"\n(?=" + " " * width + ")", "\n" + pad, done)

    def convert_list(self, el, text, parent_tags):
        return _apart(el, {"ul", "ol"}, super().convert_list(el, text, parent_tags))

    convert_ul = convert_list
    convert_ol = convert_list

    def convert_blockquote(self, el, text, parent_tags):
        return _apart(el, {"blockquote"}, super().convert_blockquote(el, text, parent_tags))

    def convert_figure(self, el, text, parent_tags=None):
        if el.find("table") is not None and el.find("figcaption") is None:
            return text  # a table block: the table itself, as a Markdown table
        if el.find("blockquote") is not None and el.find("img") is None:
            return _apart(el, {"blockquote", "figure"}, text)  # a pull quote: a quote
        return "\n\n" + _compact(str(el)) + "\n\n"


def _apart(el, kinds: set[str], markdown: str) -> str:
    """A list right after a list (a quote after a quote) would join it in Python-Markdown:
    an empty HTML comment between them keeps them two."""
    before = el.find_previous_sibling()
    if before is None or before.name not in kinds or el.find_parent("li") is not None:
        return markdown
    return "\n\n<!-- -->\n" + markdown


def _backslashed(marker: str) -> str:
    """`1986.` -> `1986\\.`, `#` -> `\\#`: Python-Markdown shows them as typed."""
    return marker[:-1] + "\\." if marker.endswith(".") else "\\" + marker


def _compact(html: str) -> str:
    """One line per element: a raw HTML block in Markdown must not contain blank lines."""
    return re.sub(r"\n\s*\n+", "\n", html).strip()


def to_markdown(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    # A bullet of "-" and three spaces: nested items four spaces in, as Python-Markdown wants.
    text = _Converter(heading_style=ATX, bullets=["-  "], code_language="", escape_misc=False)
    markdown = text.convert_soup(soup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
