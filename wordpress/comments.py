"""Approved reader comments, kept as a data file next to the articles.

`content/comments/<slug>.json`: a list of comments, oldest first, each with its id, its
parent's id (threads), the author's name and web address, the date (UTC, ISO 8601),
whether the post's author wrote it, and its HTML, sanitised with the comments
allowlist (engage renders it again through nh3 at build time). Never written:
e-mail addresses, IP addresses, unapproved, spam or trashed comments, pingbacks and
trackbacks.
"""

import json

from engage.archive import clean

from .wxr import Comment, Item


def sanitise(fragment: str) -> str:
    """Readers' HTML, cleaned as the engage plugin cleans it when it shows it (paragraphs
    made from blank lines first, as WordPress shows comments)."""
    text = fragment if "<p" in fragment else "".join(
        f"<p>{part.strip()}</p>" for part in fragment.split("\n\n") if part.strip()
    )  # fmt: skip
    return clean(text)


WEB = ("http://", "https://")


def kept(comment: Comment) -> bool:
    return comment.approved == "1" and comment.kind == "comment"


def comments_file(item: Item, author_id: int) -> str | None:
    """The JSON of the post's approved comments, or None when it has none."""
    chosen = sorted((c for c in item.comments if kept(c)), key=lambda c: (c.date or 0, c.id))
    ids = {comment.id for comment in chosen}
    entries = [
        {
            "id": comment.id,
            "parent": comment.parent if comment.parent in ids else 0,
            "author": comment.author.strip() or "Anonymous",
            "url": comment.author_url if comment.author_url.startswith(WEB) else "",
            "date": comment.date.isoformat() if comment.date else "",
            "by_post_author": bool(author_id and comment.user_id == author_id),
            "html": sanitise(comment.html),
        }
        for comment in chosen
    ]  # fmt: skip
    if not entries:
        return None
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
