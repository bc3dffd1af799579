"""Comments kept from the old blog: `content/comments/<slug>.json`, shown with no script.

The WordPress import writes one file per article (wordpress/comments.py describes it).
Its HTML is readers' input and is cleaned again here, whoever wrote the file: a few
inline and block tags, links `rel="nofollow ugc"`. A file that is not a list of
comments is an error naming the file; a reply whose parent is missing is shown at the
top level.
"""

import datetime
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import nh3

logger = logging.getLogger(__name__)

TAGS = {"p", "br", "a", "b", "strong", "i", "em", "code", "pre", "blockquote", "ul", "ol", "li"}


@dataclass
class ArchivedComment:
    """Template data for `partials/comment_archive.html`: one comment and its replies."""

    id: int
    author: str
    url: str  # the author's web address ("": none); http(s) only
    date: datetime.datetime | None
    by_post_author: bool
    html: str
    replies: list["ArchivedComment"] = field(default_factory=list)


@dataclass(frozen=True)
class CommentArchive:
    comments: tuple[ArchivedComment, ...]  # top level, oldest first
    count: int


_LINK_WITHOUT_HREF = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.S)


def clean(fragment: str) -> str:
    """A reader's HTML with the comments allowlist; a link whose address was unsafe (and
    so removed) becomes its text."""
    cleaned = nh3.clean(
        fragment,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    return _LINK_WITHOUT_HREF.sub(r"\1", cleaned)


def _comment(entry: dict) -> ArchivedComment:
    url = str(entry.get("url") or "")
    date = entry.get("date") or ""
    return ArchivedComment(
        id=int(entry["id"]),
        author=str(entry.get("author") or "Anonymous"),
        url=url if url.startswith(("http://", "https://")) else "",
        date=datetime.datetime.fromisoformat(date) if date else None,
        by_post_author=bool(entry.get("by_post_author")),
        html=clean(str(entry.get("html") or "")),
    )


def read_archive(path: Path) -> CommentArchive:
    """The comments of one file, threaded; ValueError saying what is wrong."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise ValueError("not a list of comments")
    comments = {}
    for entry in entries:
        if not isinstance(entry, dict) or "id" not in entry:
            raise ValueError(f"a comment without an id: {entry!r}"[:200])
        comments[int(entry["id"])] = (_comment(entry), int(entry.get("parent") or 0))
    top = []
    for comment, parent in comments.values():
        if parent in comments and parent != comment.id:
            comments[parent][0].replies.append(comment)
        else:
            top.append(comment)
    return CommentArchive(tuple(top), len(comments))
