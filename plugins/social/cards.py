"""Social-share cards: a 1200x630 PNG per article and page, for `og:image`.

Social networks do not render SVG, so an article with a raster cover shares that
cover (the images plugin gives `cover_image.share`, a JPEG or PNG of it), and any other
article or page (an SVG cover, or none) shares a generated card (card_drawing.py): the
site name, the title and the category, on the theme's colours.

Every item gets `content.social_image` (a `SocialImage`, or None for drafts
without a raster cover and when `SOCIAL_CARDS` is off), computed at
`all_generators_finalized` (covers are known by then), so templates can render it. The card
files are written at `finalized`, after every page: with DELETE_OUTPUT_DIRECTORY
Pelican 4.12 empties the output folder before reading the content, and writing last
keeps the cards safe whatever that order becomes.

Caching: a card's file name carries a hash of everything that changes its pixels
(`Card.digest`). Cards live in `CACHE_PATH/social-cards/<hash>.png` and are copied to
`OUTPUT_PATH/cards/<slug>-<hash8>.png`; a card already in the cache is never drawn
again (about 50 ms each when drawn, under 1 ms when reused).
"""

import dataclasses
import logging
import os
import re
import tempfile
import time
from pathlib import Path

from pelican.contents import Content

from kit.contents import contents_of
from kit.fast_path import unaffected_by_body
from kit.run_state import state_of
from kit.site_jobs import link_or_copy

from .card_drawing import CARD_HEIGHT, CARD_WIDTH, Card, render_png
from .card_text import clean_text
from .settings import SPEC

logger = logging.getLogger(__name__)

CACHE_FOLDER = "social-cards"  # inside CACHE_PATH
OUTPUT_FOLDER = "cards"  # inside OUTPUT_PATH; also the URL prefix
_JOBS = "social:card_jobs"  # run state: the cards this build needs, by output file name
WRITTEN = "social:cards_written"  # run state: (drawn, reused) by the last `write_cards`


@dataclasses.dataclass(frozen=True)
class SocialImage:
    """The image a page shares: its raster cover, or its generated card."""

    url: str  # site-relative, e.g. "cards/<slug>-<hash8>.png"
    width: int
    height: int
    alt: str
    generated: bool


@dataclasses.dataclass(frozen=True)
class _Job:
    card: Card
    cache_file: Path
    output_name: str  # file name inside OUTPUT_PATH/cards


# --- Receivers --------------------------------------------------------------------------


@unaffected_by_body("title, category and site name; the cards stay in the run's state")
def attach_social_images(generators: list) -> None:
    """`all_generators_finalized` receiver: set `social_image` on every article and page."""
    if not generators:
        return
    settings, context = generators[0].settings, generators[0].context
    config = SPEC.of(settings)
    enabled, accent = config["SOCIAL_CARDS"], config["SOCIAL_CARD_ACCENT"]
    cache_dir = Path(settings.get("CACHE_PATH") or "cache") / CACHE_FOLDER
    jobs: dict[str, _Job] = {}
    for generator in generators:
        for content in contents_of(generator):
            content.social_image = _social_image(content, context, enabled, accent, cache_dir, jobs)
    # Kept after `finalized`: livereload's fast path writes again without choosing anew.
    state_of(settings).put(_JOBS, jobs)


def write_cards(pelican) -> None:
    """`finalized` receiver: draw the cards not in the cache yet, put them in the output
    (hard links to the cache where the file system allows: a thousand copies took 0.4 s)."""
    state = state_of(pelican.settings)
    jobs: dict[str, _Job] = state.get(_JOBS, {})
    folder = Path(pelican.output_path) / OUTPUT_FOLDER
    drawn = reused = 0
    for job in jobs.values():
        try:
            if ensure_cached(job.card, job.cache_file):
                drawn += 1
            else:
                reused += 1
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / job.output_name
            if not target.is_file():  # the name carries the digest of what is drawn
                link_or_copy(job.cache_file, target)  # never written in place afterwards
        except OSError as error:
            logger.error("social card %s/%s: %s", OUTPUT_FOLDER, job.output_name, error)
    _remove_other_cards(folder, {job.output_name for job in jobs.values()})
    state.put(WRITTEN, (drawn, reused))
    if jobs:
        logger.info("social cards: %d drawn, %d reused", drawn, reused)


def _remove_other_cards(folder: Path, current: set[str]) -> None:
    """Cards of a previous build into the same output (an edited title) are stale."""
    if folder.is_dir():
        for card in folder.glob("*.png"):
            if card.name not in current:
                card.unlink()


# --- Choosing the image -----------------------------------------------------------------


def raster_cover(content: Content) -> SocialImage | None:
    """The cover's share image (the images plugin's `cover_image.share`: a JPEG or PNG of
    the cover up to 1,200 px) as a SocialImage, if the page has a raster cover."""
    cover = getattr(content, "cover_image", None)
    share = getattr(cover, "share", None)
    if share is None:
        return None
    return SocialImage(share.url, share.width, share.height, cover.alt or "", generated=False)


def _social_image(
    content: Content, context: dict, enabled: bool, accent: str, cache_dir: Path, jobs: dict
) -> SocialImage | None:
    cover = raster_cover(content)
    if cover is not None:
        return cover if cover.alt else dataclasses.replace(cover, alt=card_alt(content, context))
    if not enabled or getattr(content, "status", "") == "draft" or _unwritten(content):
        return None
    category = getattr(content, "category", None)
    card = Card(
        title=clean_text(getattr(content, "title", "")),
        site_name=clean_text(context.get("SITENAME", "")),
        category=clean_text(category.name if category else ""),
        accent=accent,
    )
    digest = card.digest()
    name = f"{safe_slug(getattr(content, 'slug', ''))}-{digest[:8]}.png"
    jobs[name] = _Job(card, cache_dir / f"{digest}.png", name)
    alt = card_alt(content, context)
    return SocialImage(f"{OUTPUT_FOLDER}/{name}", CARD_WIDTH, CARD_HEIGHT, alt, generated=True)


def _unwritten(content: Content) -> bool:
    """A page the build does not write (a hidden article in a publish build): no card, whose
    picture would show its title to anyone who guesses the file's name."""
    return getattr(content, "save_as", None) == ""


def card_alt(content: Content, context: dict) -> str:
    """A card's alt text: "Title — Site name"."""
    parts = [clean_text(getattr(content, "title", "")), clean_text(context.get("SITENAME", ""))]
    return " — ".join(part for part in parts if part)


def safe_slug(slug: str) -> str:
    """A file-name-safe form of the slug (ASCII letters, digits, `.`, `_`, `-`)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", str(slug)).strip("-._")[:80]
    return cleaned or "card"


# --- The cache --------------------------------------------------------------------------


def ensure_cached(card: Card, cache_file: Path) -> bool:
    """Draw the card into `cache_file` unless it is there already; True if drawn."""
    if cache_file.is_file():
        return False
    started = time.perf_counter()
    data = render_png(card)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name then renamed: concurrent builds sharing the
    # cache never see a half-written card.
    handle, temporary = tempfile.mkstemp(prefix=".card-", dir=cache_file.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private
        os.replace(temporary, cache_file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.debug(
        "social card %s drawn in %.1f ms", cache_file.name, (time.perf_counter() - started) * 1000
    )
    return True
