"""WordPress markup made plain HTML: Gutenberg blocks, classic-editor paragraphs, shortcodes.

- Block comments (`<!-- wp:paragraph -->`) go; a block this module does not know (a
  plugin's, such as `jetpack/contact-form`) is kept as its HTML and listed for the author.
- Classic-editor posts have no `<p>`: WordPress adds them when it shows a post
  (`wpautop`); so does `paragraphs()`: a blank line ends a paragraph, a new line is `<br>`.
- Shortcodes: `[caption]` becomes a figure with its caption, `[gallery ids=...]` the
  figures of its images, `[embed]URL[/embed]` and a video embed block a link on its own
  line (the safehtml plugin makes YouTube and Vimeo links click-to-load players),
  `[video]`/`[audio]` a link to the file; any other shortcode stays as text, listed.
- Buttons become links; columns and groups are flattened.
"""

import html
import re
from collections.abc import Callable

KNOWN_BLOCKS = {
    "paragraph", "heading", "image", "gallery", "quote", "pullquote", "code", "preformatted",
    "table", "list", "list-item", "separator", "spacer", "buttons", "button", "columns",
    "column", "group", "embed", "video", "audio", "html", "freeform", "more", "verse",
    "media-text", "cover", "file", "shortcode",
}  # fmt: skip
_BLOCK = re.compile(r"<!--\s*/?wp:(?P<name>[a-z0-9/-]+)(?P<attrs>\s+\{.*?\})?\s*/?-->", re.S)
_SHORTCODE = re.compile(
    r"\[(?P<name>caption|gallery|embed|video|audio|[a-z_][a-z0-9_-]*)(?P<attrs>[^\]]*)\]"
    r"(?:(?P<body>.*?)\[/(?P=name)\])?",
    re.S,
)
_ATTR = re.compile(r'([a-z_-]+)\s*=\s*"([^"]*)"|([a-z_-]+)\s*=\s*\'([^\']*)\'', re.I)
_BLOCK_TAG = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|dl|form|section|address)\b",
    re.I,
)
_EMBED_FIGURE = re.compile(
    r'<figure[^>]*class="[^"]*wp-block-embed[^"]*"[^>]*>\s*<div[^>]*>\s*(?P<url>\S+?)\s*</div>'
    r"(?:\s*<figcaption[^>]*>(?P<caption>.*?)</figcaption>)?\s*</figure>",
    re.S,
)
_BUTTON = re.compile(
    r'<div[^>]*class="[^"]*wp-block-button(?!s)[^"]*"[^>]*>\s*(?P<link><a\b.*?</a>)\s*</div>', re.S
)
_WRAPPER_DIV = re.compile(
    r'<div[^>]*class="[^"]*wp-block-(?:columns|column|group|buttons)[^"]*"[^>]*>|</div>'
)


def shortcode_attrs(text: str) -> dict[str, str]:
    return {
        (m.group(1) or m.group(3)).lower(): html.unescape(m.group(2) or m.group(4) or "")
        for m in _ATTR.finditer(text)
    }


def strip_blocks(text: str, unknown: set[str]) -> str:
    """Without block comments; the names of blocks not in KNOWN_BLOCKS go into `unknown`."""

    def drop(match: re.Match) -> str:
        name = match.group("name").removeprefix("core/")
        if name not in KNOWN_BLOCKS:
            unknown.add(name)
        return ""

    return _BLOCK.sub(drop, text)


def is_block_editor(text: str) -> bool:
    return bool(_BLOCK.search(text))


def paragraphs(text: str) -> str:
    """wpautop, simply: blank lines end paragraphs, a single new line is a line break."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if _BLOCK_TAG.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n\n".join(out)


def flatten(text: str) -> str:
    """Embeds as a link on their own line, buttons as links, layout wrappers gone."""

    def embed(match: re.Match) -> str:
        url = html.escape(match.group("url"), quote=True)
        caption = match.group("caption")
        link = f'<p><a href="{url}">{url}</a></p>'
        return link + (f"\n<p>{caption}</p>" if caption else "")

    text = _EMBED_FIGURE.sub(embed, text)
    text = _BUTTON.sub(lambda m: f"<p>{m.group('link')}</p>", text)
    # Only wrapper <div>s are unwrapped; their closing tags are every </div> left, as
    # WordPress's own content has no other <div>s once embeds and buttons are done.
    return _WRAPPER_DIV.sub("", text) if "wp-block-" in text else text


def expand_shortcodes(text: str, figure: Callable[[int, str, str], str], unknown: set[str]) -> str:
    """Shortcodes as HTML. `figure(attachment_id, img_html, caption)` makes one figure."""

    def one(match: re.Match) -> str:
        name, attrs = match.group("name"), shortcode_attrs(match.group("attrs") or "")
        body = match.group("body") or ""
        if name == "caption":
            img = re.search(r"<img\b[^>]*>", body)
            caption = re.sub(r"<img\b[^>]*>", "", body).strip()
            number = int(re.sub(r"\D", "", attrs.get("id", "")) or 0)
            return figure(number, img.group(0) if img else "", caption)
        if name == "gallery":
            ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids", ""))]
            return "\n".join(figure(number, "", "") for number in ids)
        if name == "embed":
            url = html.escape(body.strip(), quote=True)
            return f'<p><a href="{url}">{url}</a></p>'
        if name in {"video", "audio"}:
            src = attrs.get("src") or attrs.get("mp4") or attrs.get("mp3") or body.strip()
            url = html.escape(src, quote=True)
            label = "Video" if name == "video" else "Audio"
            return f'<p><a href="{url}">{label}: {html.escape(src.rsplit("/", 1)[-1])}</a></p>'
        unknown.add(f"[{name}]")
        return match.group(0)

    return _SHORTCODE.sub(one, text)
