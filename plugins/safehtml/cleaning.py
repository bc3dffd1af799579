"""One HTML fragment made safe: what is kept, what became a link, what was removed.

1. Before nh3: a video's embed code (an <iframe> nh3 would drop) becomes a link to the
   video, and a table cell's `text-align` style (Markdown's tables write one; styles are
   never allowed) becomes an `align-*` class.
2. nh3 with the allowlist (allowlist.py). What it removed is found by comparing the
   elements and attributes before and after, and reported.
3. On nh3's well-formed output: a remote <img> becomes a link to it (nothing loads from
   another host), and a video link standing alone becomes a facade (videos.py). These
   run after nh3, so pasted HTML cannot forge what they write.
"""

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from .allowlist import ATTRIBUTES, CLASSES, CLEAN_CONTENT, TAGS, URL_SCHEMES, attribute_filter
from .videos import Video, facade, find_video

_IFRAME = re.compile(r"<iframe\b(?P<attrs>[^>]*)>.*?(?:</iframe\s*>|$)", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ALIGN_STYLE = re.compile(
    r"""<(t[dh])\b([^>]*?)\sstyle\s*=\s*["']\s*text-align:\s*(left|center|right);?\s*["']""",
    re.IGNORECASE,
)
_REMOTE_IMG = re.compile(r'<img\b(?P<attrs>[^>]*?\bsrc="(?P<src>(?:https?:)?//[^"]*)"[^>]*)>')
_ALONE = re.compile(
    r'^(?:<p>)?<a (?:class="video-link" )?href="(?P<url>[^"]+)"(?: class="video-link")?>'
    r"(?P<text>[^<]*)</a>(?:</p>)?$|^<p>(?P<bare>https?://[^<\s]+)</p>$",
    re.MULTILINE,
)


@dataclass
class Cleaned:
    html: str
    removed: list[str] = field(default_factory=list)  # what nh3 dropped, for the warning
    linked_images: list[str] = field(default_factory=list)  # remote images made links
    videos: list[Video] = field(default_factory=list)


_NH3_OPTIONS = {
    "tags": set(TAGS),
    "clean_content_tags": set(CLEAN_CONTENT),
    "attributes": {tag: set(names) for tag, names in ATTRIBUTES.items()},
    "allowed_classes": {tag: set(names) for tag, names in CLASSES.items()},
    "attribute_filter": attribute_filter,
    "url_schemes": set(URL_SCHEMES),
    "link_rel": None,
    "strip_comments": True,
}


def clean(fragment: str, videos: bool = True) -> Cleaned:
    """`fragment` made safe (see the module's docstring)."""
    before = _before_nh3(fragment)
    after = nh3.clean(before, **_NH3_OPTIONS)
    after = after.replace(' class=""', "")  # every class of it was removed
    same = _quick_inventory(before) == _quick_inventory(after)
    cleaned = Cleaned(after, removed=[] if same else removals(before, after))
    cleaned.html = _REMOTE_IMG.sub(lambda m: _image_link(m, cleaned), cleaned.html)
    if videos:
        cleaned.html = _ALONE.sub(lambda m: _video_facade(m, cleaned), cleaned.html)
    return cleaned


def _before_nh3(fragment: str) -> str:
    fragment = _IFRAME.sub(_video_link, fragment)
    return _ALIGN_STYLE.sub(lambda m: f'<{m[1]}{m[2]} class="align-{m[3].lower()}"', fragment)


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(next(v for v in values if v is not None))
        for name, *values in _ATTRIBUTE.findall(text)
    }


def _video_link(match: re.Match) -> str:
    """A known video's <iframe> as a link to it (nh3 drops any other iframe)."""
    attributes = _attributes(match["attrs"])
    video = find_video(attributes.get("src", ""), attributes.get("title", ""))
    if video is None:
        return match[0]
    text = html.escape(video.title or f"A video on {video.host.name}")
    return f'\n<a class="video-link" href="{html.escape(video.watch_url)}">{text}</a>\n'


def _image_link(match: re.Match, cleaned: Cleaned) -> str:
    src = html.unescape(match["src"])
    alt = _attributes(match["attrs"]).get("alt", "").strip()
    host = urlsplit(src if src.startswith("http") else f"https:{src}").netloc
    cleaned.linked_images.append(src)
    text = html.escape(alt or f"An image on {host}")
    return f'<a href="{html.escape(src)}">{text}</a>'


def _video_facade(match: re.Match, cleaned: Cleaned) -> str:
    url = match["url"] or match["bare"]
    text = html.unescape(match["text"] or "")
    video = find_video(url, "" if text.strip() == html.unescape(url).strip() else text)
    if video is None:
        return match[0]
    cleaned.videos.append(video)
    return facade(video)


_SHOWN_VALUES = {"href", "src", "cite"}


def _shortened(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


class _Inventory(HTMLParser):
    """The elements and attributes of a fragment, counted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: Counter = Counter()
        self.sources: dict[str, str] = {}  # tag -> the first src it had (a frame's host...)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name == "src" and value:
                self.sources.setdefault(tag, value)
            if name == "class":
                self.attributes.update((tag, f"class {c}") for c in (value or "").split())
            elif name in _SHOWN_VALUES:  # the author sees which link went
                self.attributes[(tag, f"{name}={_shortened(value or '')!r}")] += 1
            else:
                self.attributes[(tag, name)] += 1

    handle_startendtag = handle_starttag


def _inventory(fragment: str) -> _Inventory:
    inventory = _Inventory()
    inventory.feed(fragment)
    inventory.close()
    return inventory


# Well-formed start tags and their attributes, read with regular expressions: enough to
# see that nh3 changed nothing (the same tags, attributes, classes and links before and
# after), which is most articles, without the slower parse that names what it removed.
_START_TAG = re.compile(
    r"""<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*/?>"""
)
_ANY_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


_OPENING = re.compile(r"<[a-zA-Z]")


def _quick_inventory(fragment: str) -> Counter:
    """Tags and (tag, attribute, value) counted; a tag it cannot read counts as `<`, so
    that markup it does not understand never looks unchanged."""
    starts = _START_TAG.findall(fragment)
    found: Counter = Counter({"<": len(_OPENING.findall(fragment)) - len(starts)})
    for tag, attributes in starts:
        found[tag.lower()] += 1
        for name, *values in _ANY_ATTRIBUTE.findall(attributes):
            value = html.unescape(next((v for v in values if v), ""))
            found[(tag.lower(), name.lower(), value)] += 1
    return found


def removals(before: str, after: str) -> list[str]:
    """What nh3 took out: `<script>` (x2), `onclick on <b>`, `class lead on <p>`,
    `href='javascript:alert(1)' on <a>`."""
    old, new = _inventory(before), _inventory(after)
    found = []
    for tag, count in sorted((old.tags - new.tags).items()):
        source = f' src="{old.sources[tag]}"' if tag in old.sources else ""
        found.append(f"<{tag}{source}>" + (f" (x{count})" if count > 1 else ""))
    for (tag, name), count in sorted((old.attributes - new.attributes).items()):
        if tag in TAGS and new.tags[tag]:  # the element stayed, without this attribute
            found.append(f"{name} on <{tag}>" + (f" (x{count})" if count > 1 else ""))
    return found
