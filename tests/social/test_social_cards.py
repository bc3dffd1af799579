"""Generated social-share cards: which pages get one, the PNG itself, the cache, the wrapping."""

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from kit.run_state import state_of
from kit.settings import SettingsError
from sitebuild import ROOT, SEED_SLUG, Build, run_pelican, write_article
from social import cards
from social.card_colours import BACKGROUND, TEXT, contrast, on_accent
from social.card_drawing import (
    CARD_HEIGHT,
    CARD_WIDTH,
    MARGIN,
    Card,
    balance,
    draw_card,
    fit_title,
)
from social.card_text import clean_text, wrap_text
from social.settings import SPEC

ACCENT = "#0f766e"
HOSTILE_PART = (
    "Ünïcode 😀👩‍💻 مرحبا بالعالم </script><script>alert(1)</script> \"quoted\" 'single' & "
)
HOSTILE = (HOSTILE_PART * 4)[:300]


def _build(content: Path, output: Path, cache: Path, strict: bool = True, **settings) -> Build:
    extra = {"CACHE_PATH": json.dumps(str(cache))}
    extra.update({key: json.dumps(value) for key, value in settings.items()})
    build = run_pelican(content, output, "publishconf.py", strict=strict, extra=extra)
    assert build.returncode == 0, build.log
    return build


def _cards(build: Build) -> dict[str, Path]:
    """The output's cards by slug (the file name less its `-<hash8>.png`)."""
    folder = build.output / "cards"
    return {path.name.rsplit("-", 1)[0]: path for path in sorted(folder.glob("*.png"))}


def _cache_state(cache: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in (cache / "social-cards").iterdir()}


def _assert_card_png(path: Path) -> None:
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (CARD_WIDTH, CARD_HEIGHT)


def _article(content: Path, slug: str, title: str, **meta: str) -> None:
    fields = {"title": title, "date": "2024-05-01", "category": "Job Search", "slug": slug}
    fields["summary"] = "A short summary."
    write_article(content, f"{slug}.md", "Body text.", **{**fields, **meta})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Articles with an SVG cover, a PNG cover and none, a draft and a page."""
    content = tmp_path_factory.mktemp("cards") / "content"
    images = content / "images"
    images.mkdir(parents=True)
    shutil.copy(ROOT / "content/images/networking-open-hand.svg", images / "drawing.svg")
    Image.new("RGB", (800, 420), "#336699").save(images / "photo.png")
    _article(content, "svg-cover", "An SVG Cover", cover="images/drawing.svg", cover_alt="A hand")
    _article(content, "png-cover", "A PNG Cover", cover="images/photo.png", cover_alt="A photo")
    _article(content, "no-cover", "No Cover At All")
    _article(content, "unfinished", "A Draft", status="draft")
    write_article(content / "pages", "about.md", "About us.", title="About", slug="about")
    return content


# --- Real builds ------------------------------------------------------------------------


def test_the_seed_article_gets_a_card(tmp_path: Path) -> None:
    build = _build(ROOT / "content", tmp_path / "out", tmp_path / "cache")
    cards = _cards(build)
    assert SEED_SLUG in cards  # its cover is an SVG, which social networks do not show
    _assert_card_png(cards[SEED_SLUG])
    assert cards[SEED_SLUG].read_bytes() in {
        path.read_bytes() for path in (tmp_path / "cache/social-cards").iterdir()
    }


def test_raster_covers_are_used_and_the_rest_get_cards(site: Path, tmp_path: Path) -> None:
    build = _build(site, tmp_path / "out", tmp_path / "cache")
    cards = _cards(build)
    assert set(cards) == {"svg-cover", "no-cover", "about"}  # no card for the PNG cover, the draft
    for path in cards.values():
        _assert_card_png(path)
    assert len(_cache_state(tmp_path / "cache")) == 3


def test_a_rebuild_draws_nothing_and_a_new_title_draws_one_card(site: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _cards(_build(site, tmp_path / "out1", cache))
    drawn = _cache_state(cache)

    again = _build(site, tmp_path / "out2", cache)
    assert _cache_state(cache) == drawn  # no card written again, none added
    assert {slug: path.name for slug, path in _cards(again).items()} == {
        slug: path.name for slug, path in first.items()
    }

    content = tmp_path / "content"
    shutil.copytree(site, content)
    _article(content, "no-cover", "No Cover At All, Renamed")
    renamed = _cards(_build(content, tmp_path / "out3", cache))
    after = _cache_state(cache)
    assert {name: after[name] for name in drawn} == drawn  # the others untouched
    assert len(set(after) - set(drawn)) == 1  # exactly one new card
    assert renamed["no-cover"].name != first["no-cover"].name  # a new URL: no stale previews
    assert renamed["svg-cover"].name == first["svg-cover"].name


def test_a_hostile_300_character_title_builds_a_card(tmp_path: Path) -> None:
    assert len(HOSTILE) == 300
    content = tmp_path / "content"
    _article(content, "hostile", HOSTILE)
    # Not strict: the content lint rightly warns that the title is too long.
    build = _build(content, tmp_path / "out", tmp_path / "cache", strict=False)
    assert "Traceback" not in build.log
    _assert_card_png(_cards(build)["hostile"])


def test_a_wrong_accent_stops_the_build_naming_the_setting(site: Path, tmp_path: Path) -> None:
    extra = {"CACHE_PATH": json.dumps(str(tmp_path)), "SOCIAL_CARD_ACCENT": '"teal"'}
    build = run_pelican(site, tmp_path / "out", "publishconf.py", extra=extra)
    assert build.returncode != 0
    assert "SOCIAL_CARD_ACCENT" in build.log


# --- The social_image API ---------------------------------------------------------------


def _content(slug: str, cover=None, status: str = "published", category: str | None = "Tips"):
    return SimpleNamespace(
        title=f"Title of {slug}",
        slug=slug,
        status=status,
        category=SimpleNamespace(name=category) if category else None,
        cover_image=cover,
    )


def _cover(name: str, size=(800, 420), alt: str = "Alt text"):
    """A cover as the images plugin gives it: a raster one has a `share` image."""
    path = f"/site/content/images/{name}"
    share = None
    if not name.endswith(".svg"):
        share = SimpleNamespace(url=f"images/{name}-800w.jpg", width=size[0], height=size[1])
    return SimpleNamespace(
        url=f"images/{name}", alt=alt, width=size[0], height=size[1], source_path=path,
        share=share,
    )  # fmt: skip


def _generators(tmp_path: Path, items: list, **extra) -> list:
    settings = {"SITENAME": "Career Connections", "CACHE_PATH": str(tmp_path / "cache"), **extra}
    generator = SimpleNamespace(settings=settings, context=dict(settings))
    generator.output_path = str(tmp_path / "out")
    generator.articles = [item for item in items if item.status != "draft"]
    generator.drafts = [item for item in items if item.status == "draft"]
    return [generator]


def _write_cards(generators: list, tmp_path: Path) -> tuple[int, int]:
    """Run the `finalized` receiver as Pelican would; (drawn, reused)."""
    settings = generators[0].settings
    cards.write_cards(SimpleNamespace(settings=settings, output_path=str(tmp_path / "out")))
    return state_of(settings).get(cards.WRITTEN)


def test_social_image_is_the_raster_cover_or_a_card(tmp_path: Path) -> None:
    items = [
        _content("photo", _cover("photo.JPG", alt="")),
        _content("drawing", _cover("drawing.svg")),
        _content("bare"),
        _content("draft", status="draft"),
        _content("page", category=None),
    ]
    generators = _generators(tmp_path, items)
    cards.attach_social_images(generators)
    photo, drawing, bare, draft, page = (item.social_image for item in items)

    assert photo == cards.SocialImage(
        "images/photo.JPG-800w.jpg",
        800,
        420,
        "Title of photo — Career Connections",
        generated=False,
    )  # a cover without alt text gets the card's
    assert draft is None
    for image, slug in ((drawing, "drawing"), (bare, "bare"), (page, "page")):
        assert image.generated
        assert (image.width, image.height) == (CARD_WIDTH, CARD_HEIGHT)
        assert image.alt == f"Title of {slug} — Career Connections"
        assert image.url.startswith(f"cards/{slug}-")
        assert image.url.endswith(".png")
    with pytest.raises(AttributeError):
        bare.url = "x"  # type: ignore[misc]

    assert _write_cards(generators, tmp_path) == (3, 0)
    for image in (drawing, bare, page):
        _assert_card_png(tmp_path / "out" / image.url)
    assert _write_cards(generators, tmp_path) == (0, 3)  # the cache serves a second build


def test_cards_can_be_switched_off(tmp_path: Path) -> None:
    items = [_content("photo", _cover("photo.webp")), _content("bare")]
    generators = _generators(tmp_path, items, SOCIAL_CARDS=False)
    cards.attach_social_images(generators)
    assert items[0].social_image.url == "images/photo.webp-800w.jpg"
    assert items[1].social_image is None
    assert _write_cards(generators, tmp_path) == (0, 0)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("accent", ["teal", "#0f766", "#0f766e0", "0f766e", "#ggffff", None, 7])
def test_the_accent_must_be_an_rrggbb_colour(accent) -> None:
    with pytest.raises(SettingsError, match="SOCIAL_CARD_ACCENT"):
        SPEC.load({"SOCIAL_CARD_ACCENT": accent})


def test_settings_default_to_cards_on_in_the_theme_colour() -> None:
    defaults = SPEC.load({})
    assert (defaults["SOCIAL_CARDS"], defaults["SOCIAL_CARD_ACCENT"]) == (True, ACCENT)
    assert SPEC.load({"SOCIAL_CARD_ACCENT": "#ABCDEF"})["SOCIAL_CARD_ACCENT"] == "#abcdef"


def test_the_hash_covers_every_input() -> None:
    card = Card("Title", "Site", "Category", ACCENT)
    variants = [
        Card("Title!", "Site", "Category", ACCENT),
        Card("Title", "Site!", "Category", ACCENT),
        Card("Title", "Site", "Category!", ACCENT),
        Card("Title", "Site", "Category", "#000000"),
    ]
    digests = {card.digest(), *(variant.digest() for variant in variants)}
    assert len(digests) == 5
    assert card.digest() == Card("Title", "Site", "Category", ACCENT).digest()


# --- Drawing ----------------------------------------------------------------------------


def test_colours_are_readable() -> None:
    assert contrast(TEXT, BACKGROUND) >= 7
    assert contrast(on_accent(ACCENT), ACCENT) >= 4.5
    assert contrast(ACCENT, BACKGROUND) >= 4.5  # the category is drawn in the accent
    assert on_accent("#fde047") == TEXT  # a light accent gets dark text


@pytest.mark.parametrize(
    "title",
    [
        HOSTILE,
        HOSTILE + "\x00\u2028\u2029\t\n\r\x1b[31m",
        "x" * 300,
        "W" * 1000 + " end",
        "\u200d\u0301\ufe0f" * 50,  # joiners and marks without a base
        "كيف تبني شبكة علاقات مهنية ناجحة " * 10,  # right to left: aligned right
        "",
    ],
)
def test_any_title_draws_inside_the_card(title: str) -> None:
    image = draw_card(Card(clean_text(title), "Career Connections", "Tests", ACCENT))
    assert image.size == (CARD_WIDTH, CARD_HEIGHT)
    right_margin = image.crop((CARD_WIDTH - MARGIN + 16, 20, CARD_WIDTH, 520))
    assert right_margin.getcolors() == [(right_margin.width * right_margin.height, (248, 250, 252))]


def test_long_titles_shrink_then_stop_at_four_lines_with_an_ellipsis() -> None:
    short_font, short = fit_title("Networking, An Opportunity Lost", CARD_WIDTH - 2 * MARGIN)
    long_font, long = fit_title(clean_text(HOSTILE), CARD_WIDTH - 2 * MARGIN)
    assert short == ["Networking, An", "Opportunity Lost"]  # balanced: no lone last word
    assert long_font.size < short_font.size
    assert len(long) == 4
    assert long[-1].endswith("…")
    assert all(long_font.getlength(line) <= CARD_WIDTH - 2 * MARGIN for line in long)


def test_clean_text_keeps_words_and_drops_controls() -> None:
    assert clean_text(" a\x00b\u2028c\td\n\ne  ") == "ab c d e"
    assert clean_text("<script>") == "<script>"  # drawn as text, never interpreted


# --- Wrapping ---------------------------------------------------------------------------


def test_wrap_text_breaks_between_words() -> None:
    text = "the quick brown fox jumps over the lazy dog"
    assert wrap_text(text, len, 10) == ["the quick", "brown fox", "jumps over", "the lazy", "dog"]
    assert wrap_text(text, len, 100) == [text]
    assert wrap_text("", len, 10) == []


def test_wrap_text_ellipsizes_the_last_kept_line() -> None:
    text = "the quick brown fox jumps over the lazy dog"
    assert wrap_text(text, len, 10, max_lines=3) == ["the quick", "brown fox", "jumps…"]
    assert wrap_text(text, len, 10, max_lines=1) == ["the quick…"]
    assert wrap_text(text, len, 9, max_lines=1) == ["the…"]
    assert wrap_text("one, two", len, 5, max_lines=1) == ["one…"]  # no comma before it


def test_wrap_text_breaks_a_word_wider_than_a_line() -> None:
    assert wrap_text("abcdefghijklmnopqrstuvwxyz", len, 10) == [
        "abcdefghij",
        "klmnopqrst",
        "uvwxyz",
    ]
    assert wrap_text("x" * 30, len, 10, max_lines=2) == ["x" * 10, "x" * 9 + "…"]
    assert wrap_text("ab " + "c" * 12, len, 5) == ["ab", "ccccc", "ccccc", "cc"]


def test_wrap_text_never_splits_an_accent_from_its_letter() -> None:
    accented = "e\u0301" * 6  # decomposed é, two code points each
    assert wrap_text(accented, len, 5) == ["e\u0301" * 2, "e\u0301" * 2, "e\u0301" * 2]


def test_wrap_text_uses_the_measure_it_is_given() -> None:
    def wide_w(text: str) -> float:
        return sum(3 if char == "W" else 1 for char in text)

    assert wrap_text("WW aa WW", wide_w, 9) == ["WW aa", "WW"]
    assert wrap_text("WW aa WW", len, 9) == ["WW aa WW"]


def test_balance_evens_out_the_lines() -> None:
    title = "Networking, An Opportunity Lost"
    assert wrap_text(title, len, 27) == ["Networking, An Opportunity", "Lost"]
    assert balance(title, len, 27, 2) == ["Networking, An", "Opportunity Lost"]
