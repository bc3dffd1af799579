"""What the images plugin keeps for one run: the files it will write, and where they come from.

Pages are processed as soon as their generator has read them; the encoding waits until
every page is written (`finalized`), and a variant already in the cache is not encoded
again (publish.py).
"""

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican.contents import Content

from kit.run_state import state_of
from kit.sources import resolve_link_path

from .markup import Picture, picture
from .settings import SPEC
from .sources import RASTER_SUFFIXES, SourceImage, SourceIndex
from .variants import Variant, variant, widths_for

CACHE_FOLDER = "images"  # inside CACHE_PATH
_PELICAN_LINK = re.compile(r"^\{(?P<what>static|attach)\}(?P<path>.*)$")


@dataclass
class ImageWork:
    config: dict
    cache: Path
    index: SourceIndex
    # The variants each article or page shows (output name -> variant), by id(content),
    # with the content: only those of pages the build writes are written (publish.py).
    needs: dict[int, tuple[Content, dict[str, Variant]]] = field(default_factory=dict)
    statics: list = field(default_factory=list)  # raster static files we publish ourselves
    context: dict | None = None  # the run these belong to (its generators' context)

    def begin(self, content: Content) -> None:
        """`content`'s images are processed (again): what it shows is noted afresh."""
        self.needs[id(content)] = (content, {})

    def needed(self) -> dict[str, Variant]:
        """The variants of every page the build writes (not an unpublished draft's)."""
        wanted: dict[str, Variant] = {}
        for content, variants in self.needs.values():
            if getattr(content, "save_as", ""):
                wanted.update(variants)
        return wanted


def work_of(settings: dict) -> ImageWork:
    """This run's image work (made on first use)."""

    def make() -> ImageWork:
        cache = Path(settings.get("CACHE_PATH") or "cache") / CACHE_FOLDER
        return ImageWork(SPEC.of(settings), cache, SourceIndex(cache))

    return state_of(settings).part("images:work", make)


def work_of_run(generator) -> ImageWork:
    """This run's image work, for a generator's receiver. What an earlier run of the same
    Pelican object noted (`pelican --autoreload` runs again in one process) is dropped
    when a new run's generators first ask: each run has its own context dict."""
    work = work_of(generator.settings)
    if work.context is not generator.context:
        work.context = generator.context
        work.needs.clear()
        work.statics.clear()
    return work


def locate(content: Content, src: str) -> tuple[str, str] | None:
    """(key relative to PATH, full path) of the file an image address of `content` names,
    or None (remote, data:, or not a file of the site)."""
    src = src.strip()
    link = _PELICAN_LINK.match(src)
    parts = urlsplit(link["path"] if link else src)
    if not link and (parts.scheme or parts.netloc or not parts.path):
        return None
    path = unquote(parts.path)
    if link:
        key = resolve_link_path(content, path, relative_to_file=True)
    elif path.startswith("/"):
        key = posixpath.normpath(path.lstrip("/"))
    else:  # relative to the page's own address, as the browser reads it
        folder = posixpath.dirname(content.url) if not content.url.endswith("/") else content.url
        key = posixpath.normpath(posixpath.join(folder, path))
    full = os.path.join(content.settings["PATH"], key)
    return (key, full) if os.path.isfile(full) else None


def is_raster(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in RASTER_SUFFIXES


def site_base(content: Content) -> str:
    """What goes before a site-relative path in a body: SITEURL, or (relative URLs) the
    way back from the page to the site root."""
    settings = content.settings
    if not settings.get("RELATIVE_URLS"):
        return settings.get("SITEURL", "").rstrip("/")
    depth = content.url.count("/") if content.url else 0
    return "/".join([".."] * depth) or "."


def variants_of(
    work: ImageWork, source: SourceImage, key: str, needs: dict[str, Variant]
) -> dict[str, list[Variant]]:
    """Every variant of an image, by format (modern ones first, the fallback last); each is
    noted in `needs`."""
    config = work.config
    folder = posixpath.dirname(key)
    by_format: dict[str, list[Variant]] = {}
    for fmt in [*config["IMAGES_FORMATS"], source.kind]:
        quality = config["IMAGES_QUALITY"].get(fmt, 100)
        items = [
            variant(source, width, fmt, quality, folder)
            for width in widths_for(source, config["IMAGES_WIDTHS"])
        ]
        by_format[fmt] = items
        needs.update({item.name: item for item in items})
    return by_format


def responsive(
    work: ImageWork, source: SourceImage, key: str, content: Content, text: tuple[str, str]
) -> tuple[Picture, dict[str, list[Variant]]]:
    """The Picture of an image `content` shows, and its variants; `text` is (alt, title)."""
    by_format = variants_of(work, source, key, work.needs[id(content)][1])
    base = site_base(content)
    largest = by_format[source.kind][-1]
    sizes = work.config["IMAGES_SIZES"]
    found = picture(by_format, source.kind, base, f"{base}/{largest.name}", (*text, sizes))
    return found, by_format
