"""The import, start to end: read the export, write content/, say what needs the author."""

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from .comments import comments_file
from .files import Writer
from .media import Uploads
from .posts import Notes, Site, document, old_keys, status_of
from .wxr import Export, Item, read_export

KINDS = {"post": "", "page": "pages/"}
REDIRECTS_FILE = "redirects.txt"


def slugify(text: str) -> str:
    """As Pelican makes slugs from titles and category names (pelicanconf.py's defaults)."""
    return pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)  # "post published" -> n
    notes: dict[str, Notes] = field(default_factory=dict)  # file -> what to look at
    protected: list[str] = field(default_factory=list)  # password-protected: drafts
    comments: int = 0
    writer: Writer | None = None
    missing_images: set[str] = field(default_factory=set)
    seconds: float = 0.0


def file_name(item: Item) -> str:
    stem = slugify(item.slug or item.title or f"post-{item.id}") or f"{item.id}"
    return f"{KINDS[item.kind]}{stem}.md"


def new_path(item: Item) -> str:
    return f"/{item.slug}/"  # ARTICLE_URL and PAGE_URL are "{slug}/" in pelicanconf.py


def aliases(item: Item, base: str) -> list[str]:
    """The post's old addresses that differ from its new one (`?p=N` for servers)."""
    found = []
    path = urlsplit(item.link).path
    if urlsplit(item.link).netloc == urlsplit(base).netloc and path not in {"", "/"}:
        found.append(path if path.endswith(("/", ".html")) else path + "/")
    found.append(f"/?p={item.id}" if item.kind == "post" else f"/?page_id={item.id}")
    return [alias for alias in found if alias.lower() != new_path(item).lower()]


def taxonomy_redirects(export: Export) -> list[str]:
    """Old category, tag, author and feed addresses whose new address differs."""
    lines = ["/feed/ /feeds/all.atom.xml"]
    seen: set[str] = set()
    for item in export.items:
        for kind, pairs in (("category", item.categories), ("tag", item.tags)):
            for nicename, name in pairs:
                ours = slugify(name)
                old = f"/{kind}/{nicename}/"
                if old not in seen and nicename != ours:
                    lines.append(f"{old} /{kind}/{ours}/")
                seen.add(old)
    for login, name in export.authors.items():
        if slugify(name) != login:
            lines.append(f"/author/{login}/ /author/{slugify(name)}/")
    return lines


def run_import(export_path: Path, uploads: Path | None, content: Path, timezone: str,
               force: bool = False) -> Result:  # fmt: skip
    started = time.monotonic()
    export = read_export(export_path)
    items = [item for item in export.items if item.kind in KINDS and item.status != "trash"]
    links = {}
    for item in items:
        for key in [*old_keys(item.link, export.base_url), f"?p={item.id}"]:
            links[key] = "{filename}/" + file_name(item)
    site = Site(export, Uploads(uploads, content), timezone, links)
    result = Result(writer=Writer(content, force))
    for item in items:
        _one(item, site, result)
    redirects = "".join(f"{line}\n" for line in taxonomy_redirects(export))
    result.writer.write(REDIRECTS_FILE, f"# Old WordPress addresses\n{redirects}")
    result.writer.save()
    result.missing_images = site.uploads.missing
    result.seconds = time.monotonic() - started
    return result


def _cover(item: Item, site: Site, notes: Notes) -> dict[str, str]:
    """`Cover` and `Cover_alt` from the featured image (`_thumbnail_id`)."""
    cover = site.export.attachments.get(int(item.meta.get("_thumbnail_id", "0") or 0))
    placed = site.uploads.place(cover.attachment_url) if cover is not None else None
    if not placed:
        return {}
    if not site.alt_of(cover.id):
        notes.no_alt.append(cover.attachment_url)
    return {"Cover": placed, "Cover_alt": site.alt_of(cover.id) or cover.title}


def _one(item: Item, site: Site, result: Result) -> None:
    status = status_of(item)
    name = file_name(item)
    notes = Notes()
    extra = {"Status": "draft" if status == "draft" else ""}
    if status == "published":
        extra["Aliases"] = ", ".join(aliases(item, site.export.base_url))
    if item.sticky:
        extra["Pinned"] = "yes"
    extra.update(_cover(item, site, notes))
    text = document(item, site, extra, notes)
    result.writer.write(name, text)
    label = f"{item.kind} {'password-protected' if item.password else item.status}"
    result.counts[label] = result.counts.get(label, 0) + 1
    if item.password:
        result.protected.append(name)
    if status == "published":
        data = comments_file(item, site.export.author_ids.get(item.author, 0))
        if data is not None:
            result.writer.write(f"comments/{item.slug}.json", data)
            result.comments += data.count('"id":')
    if notes.missing_images or notes.no_alt or notes.unknown or notes.lint:
        result.notes[name] = notes
