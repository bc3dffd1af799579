"""What an author typed that no output can carry, fixed once, as soon as it is read.

Control characters. XML 1.0 (the feeds, the sitemap) cannot contain the C0 control
characters other than tab and newline (U+0000-U+0008, U+000B-U+001F; carriage return is
removed too, it only ever comes from a stray paste) nor U+FFFE/U+FFFF; a NUL in a title
made Pelican's feed writer crash, and HTML forbids them as well. Nobody means them (they
come from pasting out of a PDF or a word processor), so `sanitize_content` removes them
from every metadata value (titles, summaries, tags, category, authors, ...) and from the
body, and logs a warning naming the file and the field:

    content/my-post.md: Title: removed a NUL character

A strict build (`--fatal warnings`) stops on it, which is the point: the author fixes
the file. A development build goes on with the cleaned text.

Slugs. A percent-encoded slug (`%ce%b3%ce%b5%ce%b9%ce%ac`, as WordPress exports them) is
decoded first. An explicit `Slug:` becomes a file name and a URL path as it is written, so
`Slug: <b>"a" & b</b>` would give a URL with quotes and angle brackets in it (invalid in
the sitemap and the feeds). A slug whose `/`-separated parts are not made of letters,
digits, `_`, `-`, `.` and `~` (and do not start with `.`) is replaced by Pelican's own
slug of it, with a warning naming the file.

Everything runs at `content_object_init`, before Pelican or a generator uses the values
and before any later signal (no other plugin of ours reads content at that signal).
"""

import logging
import os
import re
from urllib.parse import unquote

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from kit.pelican_internals import body_html, has_body, set_body_html, set_summary
from kit.slugs import pelican_slug
from kit.sources import source_name

logger = logging.getLogger(__name__)

XML_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_SLUG_PART = re.compile(r"[\w~-][\w.~-]*")


def character_name(char: str) -> str:
    """`NUL` for U+0000, else the code point (`U+001B`)."""
    return "NUL" if char == "\x00" else f"U+{ord(char):04X}"


def describe_removed(removed: str) -> str:
    """`removed a NUL character`, `removed 3 characters (NUL, U+001B)`."""
    names = ", ".join(dict.fromkeys(character_name(char) for char in removed))
    if len(removed) == 1:
        return f"removed a {names} character"
    return f"removed {len(removed)} characters ({names})"


def strip_unsafe(value):
    """`(cleaned value, removed characters)` for a string, a list of them or a
    category/tag/author; other values (dates) come back unchanged."""
    if isinstance(value, URLWrapper):
        name, removed = strip_unsafe(value.name)
        return (type(value)(name, value.settings) if removed else value), removed
    if isinstance(value, str):
        removed = "".join(XML_UNSAFE.findall(value))
        return (type(value)(XML_UNSAFE.sub("", value)) if removed else value), removed
    if isinstance(value, list | tuple):
        pairs = [strip_unsafe(item) for item in value]
        removed = "".join(chars for _, chars in pairs)
        return (type(value)(item for item, _ in pairs) if removed else value), removed
    return value, ""


def _where(content: Content) -> str:
    return source_name(content) if content.source_path else repr(content)


def _field(key: str) -> str:
    return key[:1].upper() + key[1:]  # "cover_alt" -> "Cover_alt", as authors write it


def _strip_metadata(content: Content) -> None:
    for key, value in list(content.metadata.items()):
        cleaned, removed = strip_unsafe(value)
        if not removed:
            continue
        logger.warning("%s: %s: %s", _where(content), _field(key), describe_removed(removed))
        content.metadata[key] = cleaned
        setattr(content, f"override_{key}" if key in ("save_as", "url") else key, cleaned)
        if key == "summary":
            set_summary(content, cleaned)
        elif key == "author" and "authors" not in content.metadata:
            content.authors = [cleaned]
        elif key == "authors" and "author" not in content.metadata and cleaned:
            content.author = cleaned[0]


def _strip_body(content: Content) -> None:
    if not has_body(content):
        return
    cleaned, removed = strip_unsafe(body_html(content))
    if removed:
        logger.warning("%s: body: %s", _where(content), describe_removed(removed))
        set_body_html(content, cleaned)


def is_url_slug(slug: str) -> bool:
    """Whether an explicit slug can be used as written in a file name and a URL path."""
    return all(_SLUG_PART.fullmatch(part) for part in slug.split("/"))


def _check_slug(content: Content) -> None:
    slug = content.metadata.get("slug")
    if isinstance(slug, str) and "%" in slug and unquote(slug) != slug:
        slug = unquote(slug)  # a WordPress export's percent-encoded slug: the author's text
        content.metadata["slug"] = slug
        content.slug = slug
    if not isinstance(slug, str) or is_url_slug(slug):
        return
    fixed = pelican_slug(slug, content.settings)
    if not fixed or not is_url_slug(fixed):
        fixed = pelican_slug(
            os.path.splitext(os.path.basename(content.source_path or ""))[0], content.settings
        )
    fixed = fixed if fixed and is_url_slug(fixed) else "untitled"
    logger.warning("%s: Slug: %r cannot be used in a URL; using %r", _where(content), slug, fixed)
    content.metadata["slug"] = fixed
    content.slug = fixed


def sanitize_content(content: Content) -> None:
    """`content_object_init` receiver: control characters out, slug usable."""
    _strip_metadata(content)
    _strip_body(content)
    _check_slug(content)
