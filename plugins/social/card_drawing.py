"""Drawing a social card: a 1200x630 PNG with the site name, the title and the category.

Font: Source Sans Pro Bold (titles) and Semibold (category, site name) from the
`font-source-sans-pro` package on PyPI (SIL Open Font License 1.1, a wheel of
TTF files with no dependencies; pinned in requirements.txt). Pillow's own
bundled font (`ImageFont.load_default(size=...)`, Aileron) is scalable but has a
single regular weight, which makes a weak headline; it remains the fallback if
the package is missing, with a warning. No system font is ever looked up and
nothing is downloaded. Glyphs the font lacks (emoji, Arabic) draw as boxes;
right-to-left runs are reordered by Pillow's Raqm layout where it is available.

`Card` holds everything the pixels depend on besides this module's constants; its
`digest` names the cached file. Bump CARD_VERSION when the drawing changes.
"""

import dataclasses
import hashlib
import json
import logging
from collections.abc import Callable
from functools import cache, partial
from importlib import resources
from io import BytesIO
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from .card_colours import BACKGROUND, LIGHT_TEXT, TEXT, accent_text, on_accent
from .card_text import text_direction, wrap_text

logger = logging.getLogger(__name__)

CARD_VERSION = 1  # bump when the drawing changes: every card is drawn again
CARD_WIDTH, CARD_HEIGHT = 1200, 630

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
            "social cards: the %s package is missing (pip install -r requirements.txt); "
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
