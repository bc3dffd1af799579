"""One WordPress post or page as a Markdown file of this site: front matter and body."""

import datetime
import html
import re
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from strict.content_lint import MAX_SUMMARY, MAX_TITLE

from .blocks import expand_shortcodes, flatten, is_block_editor, paragraphs, strip_blocks
from .markdown import to_markdown
from .media import Uploads
from .wxr import Export, Item

PUBLISHED = {"publish", "future"}  # a future post keeps its date: hidden until then
DRAFTS = {"draft", "pending", "private"}


@dataclass
class Notes:
    """What the author must look at, per post (for the report)."""

    missing_images: list[str] = field(default_factory=list)
    no_alt: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)
    lint: list[str] = field(default_factory=list)  # what the strict build's lint will say


@dataclass
class Site:
    """What the import needs to know of the old blog and of this site."""

    export: Export
    uploads: Uploads
    timezone: str
    links: dict[str, str]  # old address (path or ?p=N) -> "{filename}/x.md"

    def alt_of(self, attachment_id: int) -> str:
        item = self.export.attachments.get(attachment_id)
        return item.meta.get("_wp_attachment_image_alt", "").strip() if item else ""


def old_keys(url: str, base: str) -> list[str]:
    """The ways a link can name an old post: its path (decoded, with a trailing slash),
    or `?p=N` / `?page_id=N`."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != urlsplit(base).netloc:
        return []
    keys = []
    match = re.search(r"(?:^|&)(?:p|page_id)=(\d+)", parts.query)
    if match:
        keys.append(f"?p={match.group(1)}")
    path = unquote(parts.path).lower()
    if path and path != "/":
        keys.append(path.rstrip("/") + "/")
    return keys


def local_time(moment: datetime.datetime | None, timezone: str) -> str:
    if moment is None:
        return ""
    return moment.astimezone(zoneinfo.ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def plain_text(fragment: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(fragment, "html.parser").get_text(" ")).strip()


def paragraph_text(fragment: str) -> str:
    """The text of the paragraphs only (no captions, tables or code), words kept apart."""
    paragraphs = BeautifulSoup(fragment, "html.parser").find_all("p")
    return re.sub(r"\s+", " ", " ".join(p.get_text() for p in paragraphs)).strip()


def first_sentences(text: str, limit: int = 160) -> str:
    """As many whole sentences as fit in `limit` characters (the content lint's bound for
    a summary); a first sentence longer than that is cut at a word, with an ellipsis."""
    summary = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len(f"{summary} {sentence}".strip()) > limit:
            break
        summary = f"{summary} {sentence}".strip()
    if summary or not text:
        return summary
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def clean_body(item: Item, site: Site, notes: Notes) -> str:
    """The post's HTML made plain, images moved to content/images, links to old posts
    made {filename} links."""
    text = item.html
    text = strip_blocks(text, notes.unknown) if is_block_editor(text) else paragraphs(text)
    text = expand_shortcodes(text, lambda i, img, cap: _figure(site, i, img, cap), notes.unknown)
    text = flatten(text)
    soup = BeautifulSoup(text, "html.parser")
    for img in soup.find_all("img"):
        _move_image(img, site, notes)
    for element in soup.find_all(class_=True):  # wp-block-*, wp-image-*, has-*...
        del element["class"]
    for link in soup.find_all("a", href=True):
        for key in old_keys(link["href"], site.export.base_url):
            if key in site.links:
                link["href"] = site.links[key]
                break
    return str(soup)


def _figure(site: Site, attachment_id: int, img: str, caption: str) -> str:
    if not img:
        item = site.export.attachments.get(attachment_id)
        if item is None:
            return ""
        url = html.escape(item.attachment_url, quote=True)
        img = f'<img src="{url}" alt="" class="wp-image-{attachment_id}">'
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{img}{caption_html}</figure>"


def _move_image(img, site: Site, notes: Notes) -> None:
    src = img.get("src", "")
    number = next((int(c[9:]) for c in img.get("class", []) if re.fullmatch(r"wp-image-\d+", c)), 0)
    if not img.get("alt", "").strip():
        caption = img.parent.find("figcaption") if img.parent.name == "figure" else None
        alt = site.alt_of(number) or plain_text(str(caption or ""))
        if not alt:  # the attachment's title: better than none, but the author must look
            notes.no_alt.append(src)
            item = site.export.attachments.get(number)
            alt = item.title if item else ""
        img["alt"] = alt
    for attribute in ("class", "width", "height", "srcset", "sizes", "loading", "decoding"):
        img.attrs.pop(attribute, None)
    placed = site.uploads.place(src)
    if placed is not None:
        img["src"] = "{static}/" + placed
        return
    if site.uploads.uploads_path(src) is not None or urlsplit(src).netloc:
        notes.missing_images.append(src)  # nothing loads from the old host: a link
        link = BeautifulSoup("", "html.parser").new_tag("a", href=src)
        link.string = img.get("alt") or src.rsplit("/", 1)[-1]
        img.replace_with(link)


def front_matter(
    item: Item, site: Site, body_text: str, extra: dict[str, str], notes: Notes
) -> str:
    export = site.export
    categories = [name for _, name in item.categories]
    tags = categories[1:] + [name for _, name in item.tags]
    summary = plain_text(item.excerpt) or first_sentences(paragraph_text(body_text), MAX_SUMMARY)
    title = plain_text(item.title) or f"Untitled ({item.id})"
    if len(title) > MAX_TITLE:
        notes.lint.append(f"title is {len(title)} characters long (at most {MAX_TITLE})")
    if len(summary) > MAX_SUMMARY:
        notes.lint.append(f"excerpt is {len(summary)} characters long (at most {MAX_SUMMARY})")
    fields = {
        "Title": title,
        "Date": local_time(item.date, site.timezone),
        "Modified": local_time(item.modified, site.timezone)
        if item.modified and item.modified != item.date
        else "",
        "Slug": item.slug,
        "Author": export.authors.get(item.author, item.author),
        "Category": categories[0] if categories else "",
        "Tags": ", ".join(dict.fromkeys(tags)),
        "Summary": summary,
        **extra,
    }
    return "".join(f"{key}: {_one_line(value)}\n" for key, value in fields.items() if value)


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def status_of(item: Item) -> str:
    if item.password:
        return "draft"  # never published: the password protected it
    if item.status in PUBLISHED:
        return "published"
    return "draft"


def document(item: Item, site: Site, extra: dict[str, str], notes: Notes) -> str:
    body = clean_body(item, site, notes)
    markdown = to_markdown(body)
    return front_matter(item, site, body, extra, notes) + "\n" + markdown
