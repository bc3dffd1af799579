"""Social-share cards: a 1200x630 PNG per article and page, for `og:image`.

Social networks do not render SVG, so an article whose cover is a PNG, JPEG,
WebP or GIF shares that cover, and any other article or page (an SVG cover, or
none) shares a generated card: the site name, the title and the category, on
the theme's colours.

Every item gets `content.social_image` (a `SocialImage`, or None for drafts
without a raster cover and when `ENGAGE_SOCIAL_CARDS` is off), computed at
`all_generators_finalized` after `cover.attach_cover_images`, so templates can
render it. The card files are written at `finalized`, after every page: with
DELETE_OUTPUT_DIRECTORY Pelican 4.12 empties the output folder before reading
the content, and writing last keeps the cards safe whatever that order becomes.

Caching: a card's file name carries a hash of everything that changes its
pixels (text, colours, font file, size, Pillow version and layout engine,
CARD_VERSION). Cards live in `CACHE_PATH/social-cards/<hash>.png` and are
copied to `OUTPUT_PATH/cards/<slug>-<hash8>.png`; a card already in the cache
is never drawn again. Bump CARD_VERSION when the drawing code changes.

Font: Source Sans Pro Bold (titles) and Semibold (category, site name) from the
`font-source-sans-pro` package on PyPI (SIL Open Font License 1.1, a wheel of
TTF files with no dependencies; pinned in requirements.txt). Pillow's own
bundled font (`ImageFont.load_default(size=...)`, Aileron) is scalable but has a
single regular weight, which makes a weak headline; it remains the fallback if
the package is missing, with a warning. No system font is ever looked up and
nothing is downloaded. Glyphs the font lacks (emoji, Arabic) draw as boxes;
right-to-left runs are reordered by Pillow's Raqm layout where it is available.
"""

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from importlib import resources
from io import BytesIO
from pathlib import Path

import PIL
from pelican.contents import Content
from PIL import Image, ImageDraw, ImageFont, features

from .cover import contents_of
from .settings import DEFAULTS, EngageSettingsError

logger = logging.getLogger(__name__)

CARD_VERSION = 1  # bump when the drawing changes: every card is drawn again
CARD_WIDTH, CARD_HEIGHT = 1200, 630
BACKGROUND = "#f8fafc"
TEXT = "#0f172a"
LIGHT_TEXT = "#ffffff"
CACHE_FOLDER = "social-cards"  # inside CACHE_PATH
OUTPUT_FOLDER = "cards"  # inside OUTPUT_PATH; also the URL prefix
RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}

# Layout, in pixels.
MARGIN = 80
TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN
TOP_BAR = 14
BAND_TOP = 530  # the accent band with the site name, to the bottom edge
CATEGORY_SIZE, SITE_NAME_SIZE = 30, 38
CATEGORY_HEIGHT = 44  # capitals and the rule under them
RULE_WIDTH, RULE_HEIGHT = 56, 6
CATEGORY_GAP = 48  # from the rule to the title's capitals
# Title sizes tried in turn, with the most lines each may take; the last one
# ellipsizes whatever still does not fit.
TITLE_FITS = ((80, 3), (70, 3), (62, 4), (54, 4), (48, 4))
LINE_SPACING = 1.15
MAX_TITLE_CHARS = 600  # more cannot fit at the smallest size; bounds the work

FONT_PACKAGE = "font_source_sans_pro"
FONT_FILES = {"bold": "SourceSansPro-Bold.ttf", "semibold": "SourceSansPro-Semibold.ttf"}

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Cards drawn and reused in this process (every build), for tests and benchmarks.
CARDS_DRAWN = 0
CARDS_REUSED = 0


@dataclasses.dataclass(frozen=True)
class SocialImage:
    """The image a page shares: its raster cover, or its generated card."""

    url: str  # site-relative, e.g. "cards/<slug>-<hash8>.png"
    width: int
    height: int
    alt: str
    generated: bool


@dataclasses.dataclass(frozen=True)
class Card:
    """Everything a card's pixels depend on, apart from the module's constants."""

    title: str
    site_name: str
    category: str
    accent: str

    def digest(self) -> str:
        """A hex hash of this card's inputs, the font files and the drawing code."""
        inputs = [
            CARD_VERSION,
            [CARD_WIDTH, CARD_HEIGHT, BACKGROUND, TEXT, LIGHT_TEXT],
            [self.title, self.site_name, self.category, self.accent.lower()],
            [font_identity(weight) for weight in sorted(FONT_FILES)],
            renderer_identity(),
        ]
        encoded = json.dumps(inputs, ensure_ascii=True).encode("ascii")
        return hashlib.sha256(encoded).hexdigest()[:20]


@dataclasses.dataclass(frozen=True)
class _Job:
    card: Card
    cache_file: Path
    output_name: str  # file name inside OUTPUT_PATH/cards


# Output folder -> the cards its build needs, set in all_generators_finalized, read in
# finalized. Kept afterwards: livereload's body-edit fast path (live.py) writes again
# without choosing the images anew, and a card depends on metadata only.
_pending: dict[str, dict[str, _Job]] = {}


# --- Receivers --------------------------------------------------------------------------


def attach_social_images(generators: list) -> None:
    """`all_generators_finalized` receiver: set `social_image` on every article and page."""
    contexts = [g for g in generators if hasattr(g, "context")]
    if not contexts:
        return
    context = contexts[0].context
    enabled, accent = card_settings(context)
    cache_dir = Path(context.get("CACHE_PATH") or "cache") / CACHE_FOLDER
    jobs: dict[str, _Job] = {}
    for generator in generators:
        for content in contents_of(generator):
            content.social_image = _social_image(content, context, enabled, accent, cache_dir, jobs)
    output = getattr(contexts[0], "output_path", None) or context.get("OUTPUT_PATH", "output")
    _pending[os.path.realpath(output)] = jobs


def write_cards(pelican) -> None:
    """`finalized` receiver: draw the cards not in the cache yet, copy them to the output."""
    global CARDS_DRAWN, CARDS_REUSED
    jobs = _pending.get(os.path.realpath(pelican.output_path), {})
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
                shutil.copyfile(job.cache_file, target)
        except OSError as error:
            logger.error("engage: social card %s/%s: %s", OUTPUT_FOLDER, job.output_name, error)
    _remove_other_cards(folder, {job.output_name for job in jobs.values()})
    CARDS_DRAWN += drawn
    CARDS_REUSED += reused
    if jobs:
        logger.info("engage: social cards: %d drawn, %d reused", drawn, reused)


def _remove_other_cards(folder: Path, current: set[str]) -> None:
    """Cards of a previous build into the same output (an edited title) are stale."""
    if folder.is_dir():
        for card in folder.glob("*.png"):
            if card.name not in current:
                card.unlink()


# --- Settings and choosing the image ----------------------------------------------------


def card_settings(context: dict) -> tuple[bool, str]:
    """`ENGAGE_SOCIAL_CARDS` and `ENGAGE_SOCIAL_CARD_ACCENT`, validated."""
    config = context.get("ENGAGE") or {}

    def value(name: str):
        return config.get(name, context.get(name, DEFAULTS[name]))

    enabled = value("ENGAGE_SOCIAL_CARDS")
    if not isinstance(enabled, bool):
        raise EngageSettingsError(f"ENGAGE_SOCIAL_CARDS must be True or False, not {enabled!r}")
    accent = value("ENGAGE_SOCIAL_CARD_ACCENT")
    if not (isinstance(accent, str) and _HEX_COLOUR.match(accent)):
        raise EngageSettingsError(
            f"ENGAGE_SOCIAL_CARD_ACCENT must be a #rrggbb colour, not {accent!r}"
        )
    return enabled, accent.lower()


def raster_cover(content: Content) -> SocialImage | None:
    """The cover as a SocialImage, if it is a raster image of known size."""
    cover = getattr(content, "cover_image", None)
    if cover is None or not cover.width or not cover.height:
        return None
    if Path(cover.source_path).suffix.lower() not in RASTER_SUFFIXES:
        return None
    return SocialImage(cover.url, cover.width, cover.height, cover.alt or "", generated=False)


def _social_image(
    content: Content, context: dict, enabled: bool, accent: str, cache_dir: Path, jobs: dict
) -> SocialImage | None:
    cover = raster_cover(content)
    if cover is not None:
        return cover if cover.alt else dataclasses.replace(cover, alt=card_alt(content, context))
    if not enabled or getattr(content, "status", "") == "draft":
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


def card_alt(content: Content, context: dict) -> str:
    """A card's alt text: "Title — Site name"."""
    parts = [clean_text(getattr(content, "title", "")), clean_text(context.get("SITENAME", ""))]
    return " — ".join(part for part in parts if part)


def safe_slug(slug: str) -> str:
    """A file-name-safe form of the slug (ASCII letters, digits, `.`, `_`, `-`)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", str(slug)).strip("-._")[:80]
    return cleaned or "card"


# --- Text -------------------------------------------------------------------------------


def clean_text(value: object) -> str:
    """Text as drawn: control characters dropped, every kind of space one space."""
    kept = []
    for char in str(value):
        if char.isspace() or unicodedata.category(char) in {"Zl", "Zp"}:
            kept.append(" ")
        elif unicodedata.category(char) not in {"Cc", "Cs"}:
            kept.append(char)
    return " ".join("".join(kept).split())


def clusters(text: str) -> list[str]:
    """Split text into roughly user-perceived characters, so a break never splits
    a combining accent, a variation selector or a joined emoji from its base."""
    found: list[str] = []
    for char in text:
        joins = found and (
            unicodedata.combining(char)
            or unicodedata.category(char) in {"Mn", "Mc", "Me"}
            or char in "\u200d\ufe0e\ufe0f"
            or "\U0001f3fb" <= char <= "\U0001f3ff"
            or found[-1].endswith("\u200d")
        )
        if joins:
            found[-1] += char
        else:
            found.append(char)
    return found


def wrap_text(
    text: str,
    measure: Callable[[str], float],
    max_width: float,
    max_lines: int | None = None,
    ellipsis: str = "…",
) -> list[str]:
    """Greedy word wrap to `max_width` as `measure` measures it.

    A word wider than a line is broken between characters. With `max_lines`,
    the last line kept ends with `ellipsis` when the text did not fit.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while measure(word) > max_width:
            head, word = _split_word(word, measure, max_width)
            lines.append(head)
        current = word
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        last = ellipsize(lines[max_lines - 1], measure, max_width, ellipsis)
        lines = [*lines[: max_lines - 1], last]
    return lines


def _split_word(word: str, measure: Callable[[str], float], max_width: float) -> tuple[str, str]:
    """The longest head of `word` that fits (at least one character), and the rest."""
    parts = clusters(word)
    low, high = 1, len(parts) - 1  # the answer is in [1, high]; the whole word does not fit
    while low < high:
        middle = (low + high + 1) // 2
        if measure("".join(parts[:middle])) <= max_width:
            low = middle
        else:
            high = middle - 1
    return "".join(parts[:low]), "".join(parts[low:])


def ellipsize(
    line: str, measure: Callable[[str], float], max_width: float, ellipsis: str = "…"
) -> str:
    """`line` shortened (whole words first) until it fits with `ellipsis` after it."""
    words = line.split(" ")
    while len(words) > 1 and measure(" ".join(words) + ellipsis) > max_width:
        words.pop()
    parts = clusters(" ".join(words))
    while parts and measure("".join(parts) + ellipsis) > max_width:
        parts.pop()
    return "".join(parts).rstrip(" ,.;:-\u2013\u2014") + ellipsis


# --- Colours ----------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [c / 255 for c in _rgb(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two #rrggbb colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def on_accent(accent: str) -> str:
    """The text colour readable on the accent band: white or the dark text colour."""
    return LIGHT_TEXT if contrast(accent, LIGHT_TEXT) >= contrast(accent, TEXT) else TEXT


def accent_text(accent: str) -> str:
    """The accent as text on the background, or the text colour if it is too light (< 4.5:1)."""
    return accent if contrast(accent, BACKGROUND) >= 4.5 else TEXT


# --- Fonts and drawing ------------------------------------------------------------------


@cache
def renderer_identity() -> tuple[str, bool]:
    """Pillow's version and whether Raqm lays out the text: both change the pixels."""
    return PIL.__version__, bool(features.check("raqm"))


@cache
def font_path(weight: str) -> str | None:
    """The TTF file of a weight from the font package, or None without the package."""
    try:
        path = resources.files(FONT_PACKAGE).joinpath("files", FONT_FILES[weight])
    except ModuleNotFoundError:
        logger.warning(
            "engage: social cards: the %s package is missing (pip install -r requirements.txt); "
            "using Pillow's bundled font",
            FONT_PACKAGE.replace("_", "-"),
        )
        return None
    return str(path)


@cache
def font_identity(weight: str) -> str:
    """What identifies the font's glyphs: the TTF file's hash, or Pillow's bundled font."""
    path = font_path(weight)
    if path is None:
        return f"pillow-default-{PIL.__version__}"
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@cache
def load_font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    path = font_path(weight)
    if path is None:
        return ImageFont.load_default(size=size)  # type: ignore[return-value]
    return ImageFont.truetype(path, size)


def text_direction(text: str) -> str:
    """The paragraph direction: that of the first strongly directional character ("ltr")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in {"R", "AL"}:
            return "rtl"
    return "ltr"


def _measure(font: ImageFont.FreeTypeFont, direction: str | None) -> Callable[[str], float]:
    """The font's advance width, in the paragraph's direction where Raqm lays out text."""
    return font.getlength if direction is None else partial(font.getlength, direction=direction)


def fit_title(
    title: str, width: float, direction: str | None = None
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose wrapped lines fit, balanced; else the smallest, ellipsized."""
    if len(title) > MAX_TITLE_CHARS:
        title = title[:MAX_TITLE_CHARS] + "…"
    for size, max_lines in TITLE_FITS:
        font = load_font("bold", size)
        measure = _measure(font, direction)
        lines = wrap_text(title, measure, width)
        if len(lines) <= 1:
            return font, lines
        if len(lines) <= max_lines:
            return font, balance(title, measure, width, len(lines))
    return font, wrap_text(title, measure, width, max_lines)


def balance(text: str, measure: Callable[[str], float], max_width: float, count: int) -> list[str]:
    """Lines of similar length: the narrowest wrap that still takes `count` lines.

    Avoids a lone last word ("Networking, An Opportunity / Lost").
    """
    low, high = int(max_width / count), int(max_width)  # high always wraps in `count` lines
    while low < high:
        middle = (low + high) // 2
        if len(wrap_text(text, measure, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    return wrap_text(text, measure, high)


def draw_card(card: Card) -> Image.Image:
    """The card as an RGB image: accent bars, then category and title centred between them.

    Category and title start on the side the title's script reads from; every
    line is laid out in the title's direction, so a line that begins with an
    Arabic word is not turned around.
    """
    image = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, CARD_WIDTH, TOP_BAR - 1), fill=card.accent)
    draw.rectangle((0, BAND_TOP, CARD_WIDTH, CARD_HEIGHT), fill=card.accent)
    direction = text_direction(card.title)
    layout = direction if renderer_identity()[1] else None  # Basic layout takes no direction
    x, side = (CARD_WIDTH - MARGIN, "r") if direction == "rtl" else (MARGIN, "l")

    font, lines = fit_title(card.title, TEXT_WIDTH, layout)
    step = round(font.size * LINE_SPACING)
    cap_height = _cap_height(font)
    header = CATEGORY_HEIGHT + CATEGORY_GAP if card.category else 0
    group = header + cap_height + step * max(len(lines) - 1, 0)
    top = TOP_BAR + (BAND_TOP - TOP_BAR - group) // 2
    if card.category:
        _draw_category(draw, card, (x, side), top, layout)
    baseline = top + header + cap_height
    for line in lines:
        draw.text((x, baseline), line, TEXT, font, f"{side}s", direction=layout)
        baseline += step
    if card.site_name:
        _draw_site_name(draw, card)
    return image


def _cap_height(font: ImageFont.FreeTypeFont) -> int:
    return -font.getbbox("H", anchor="ls")[1]


def _draw_category(
    draw: ImageDraw.ImageDraw, card: Card, start: tuple[int, str], top: int, layout: str | None
) -> None:
    """The category in capitals from `top` down, underlined by a short accent rule."""
    x, side = start
    font = load_font("semibold", CATEGORY_SIZE)
    label = wrap_text(card.category.upper(), _measure(font, layout), TEXT_WIDTH, 1)[0]
    baseline = top + _cap_height(font)
    draw.text((x, baseline), label, accent_text(card.accent), font, f"{side}s", direction=layout)
    rule = top + CATEGORY_HEIGHT - RULE_HEIGHT
    left = x if side == "l" else x - RULE_WIDTH
    draw.rectangle((left, rule, left + RULE_WIDTH - 1, rule + RULE_HEIGHT - 1), fill=card.accent)


def _draw_site_name(draw: ImageDraw.ImageDraw, card: Card) -> None:
    """The site name in the accent band, on the left."""
    font = load_font("semibold", SITE_NAME_SIZE)
    layout = text_direction(card.site_name) if renderer_identity()[1] else None
    name = wrap_text(card.site_name, _measure(font, layout), TEXT_WIDTH, 1)[0]
    middle = (BAND_TOP + CARD_HEIGHT) // 2
    draw.text((MARGIN, middle), name, on_accent(card.accent), font, "lm", direction=layout)


def render_png(card: Card) -> bytes:
    """The card encoded as PNG."""
    buffer = BytesIO()
    draw_card(card).save(buffer, "PNG")
    return buffer.getvalue()


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
        "engage: social card %s drawn in %.1f ms",
        cache_file.name,
        (time.perf_counter() - started) * 1000,
    )
    return True
