"""A WordPress export (WXR 1.1 or 1.2, Tools → Export) read into plain data.

Only what the import uses is read. Dates are WordPress's GMT ones (`post_date_gmt`),
aware, in UTC; a draft's `0000-00-00 00:00:00` is None. Slugs are decoded
(`wp:post_name` holds non-ASCII slugs percent-encoded). Nothing private is dropped here
(e-mail addresses, IPs, passwords): the importer decides, and never writes them.
"""

import datetime
import functools
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

WP_VERSIONS = ("1.2", "1.1", "1.0")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
EXCERPT = "{http://wordpress.org/export/%s/excerpt/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


class ExportError(ValueError):
    """The file is not a WordPress export this importer can read."""


@dataclass
class Comment:
    id: int
    parent: int
    author: str
    author_url: str
    date: datetime.datetime | None
    html: str
    approved: str  # "1", "0", "spam", "trash"
    kind: str  # "comment", "pingback", "trackback"
    user_id: int


@dataclass
class Item:
    id: int
    kind: str  # post, page, attachment, nav_menu_item...
    title: str
    link: str
    slug: str
    status: str  # publish, future, draft, pending, private, inherit, trash
    password: str
    date: datetime.datetime | None
    modified: datetime.datetime | None
    author: str  # login
    html: str
    excerpt: str
    sticky: bool
    parent: int
    menu_order: int
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    attachment_url: str = ""
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Export:
    title: str
    base_url: str  # wp:base_blog_url: the blog's address
    authors: dict[str, str]  # login -> display name
    author_ids: dict[str, int]  # login -> user id
    items: list[Item]

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items if item.kind == kind]

    @functools.cached_property
    def attachments(self) -> dict[int, Item]:
        """Attachments by id (looked up once per image of every post: made once)."""
        return {item.id: item for item in self.items if item.kind == "attachment"}


def read_export(path: Path) -> Export:
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise ExportError(f"{path}: not well-formed XML ({error})") from error
    channel = root.find("channel")
    wp = _namespace(root)
    if channel is None or wp is None:
        raise ExportError(f"{path}: not a WordPress export (no channel or wp: namespace)")
    authors = {}
    author_ids = {}
    for author in channel.findall(f"{wp}author"):
        login = _text(author, f"{wp}author_login")
        authors[login] = _text(author, f"{wp}author_display_name") or login
        author_ids[login] = _int(_text(author, f"{wp}author_id"))
    return Export(
        title=_text(channel, "title"),
        base_url=(_text(channel, f"{wp}base_blog_url") or _text(channel, "link")).rstrip("/"),
        authors=authors,
        author_ids=author_ids,
        items=[_item(element, wp) for element in channel.findall("item")],
    )


def _namespace(root: ElementTree.Element) -> str | None:
    """The export's `wp:` namespace, whichever WXR version wrote it."""
    for element in root.iter():
        for version in WP_VERSIONS:
            if element.tag.startswith(f"{{http://wordpress.org/export/{version}/}}"):
                return f"{{http://wordpress.org/export/{version}/}}"
    return None


def _item(element: ElementTree.Element, wp: str) -> Item:
    version = wp.split("/")[-2]
    item = Item(
        id=_int(_text(element, f"{wp}post_id")),
        kind=_text(element, f"{wp}post_type"),
        title=_text(element, "title"),
        link=_text(element, "link"),
        slug=unquote(_text(element, f"{wp}post_name")),
        status=_text(element, f"{wp}status"),
        password=_text(element, f"{wp}post_password"),
        date=_date(_text(element, f"{wp}post_date_gmt")),
        modified=_date(_text(element, f"{wp}post_modified_gmt")),
        author=_text(element, DC_CREATOR),
        html=_text(element, CONTENT),
        excerpt=_text(element, EXCERPT % version),
        sticky=_text(element, f"{wp}is_sticky") == "1",
        parent=_int(_text(element, f"{wp}post_parent")),
        menu_order=_int(_text(element, f"{wp}menu_order")),
        attachment_url=_text(element, f"{wp}attachment_url"),
    )
    for category in element.findall("category"):
        pair = (unquote(category.get("nicename", "")), (category.text or "").strip())
        target = item.categories if category.get("domain") == "category" else item.tags
        if category.get("domain") in {"category", "post_tag"}:
            target.append(pair)
    for meta in element.findall(f"{wp}postmeta"):
        item.meta[_text(meta, f"{wp}meta_key")] = _text(meta, f"{wp}meta_value")
    item.comments = [_comment(c, wp) for c in element.findall(f"{wp}comment")]
    return item


def _comment(element: ElementTree.Element, wp: str) -> Comment:
    return Comment(
        id=_int(_text(element, f"{wp}comment_id")),
        parent=_int(_text(element, f"{wp}comment_parent")),
        author=_text(element, f"{wp}comment_author"),
        author_url=_text(element, f"{wp}comment_author_url"),
        date=_date(_text(element, f"{wp}comment_date_gmt")),
        html=_text(element, f"{wp}comment_content"),
        approved=_text(element, f"{wp}comment_approved"),
        kind=_text(element, f"{wp}comment_type") or "comment",
        user_id=_int(_text(element, f"{wp}comment_user_id")),
    )


def _text(element: ElementTree.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _date(text: str) -> datetime.datetime | None:
    if not text or text.startswith("0000"):
        return None
    parsed = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    return parsed.replace(tzinfo=datetime.UTC)
