"""The images plugin's settings (prefix IMAGES_)."""

from typing import Any

from kit.settings import Setting, SettingsError, Spec, positive_int

FORMATS = ("avif", "webp")  # the modern formats we can write, as <source> types


def _widths(value: Any, name: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise SettingsError(f"{name} must be a list of widths in pixels, such as [480, 800]")
    return tuple(sorted({positive_int(width, name) for width in value}))


def _formats(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SettingsError(f"{name} must be a list: any of {', '.join(FORMATS)}, or []")
    unknown = [fmt for fmt in value if fmt not in FORMATS]
    if unknown:
        raise SettingsError(f"{name}: unknown format {unknown[0]!r}; known: {', '.join(FORMATS)}")
    return tuple(value)


def _quality(value: Any, name: str) -> dict[str, int]:
    known = {"jpeg", "webp", "avif"}
    if not isinstance(value, dict) or set(value) - known:
        raise SettingsError(f"{name} must be a dict with keys among {', '.join(sorted(known))}")
    for key, quality in value.items():
        if not isinstance(quality, int) or not 1 <= quality <= 100:
            raise SettingsError(f"{name}[{key!r}] must be a whole number from 1 to 100")
    return {**QUALITY, **value}


QUALITY = {"jpeg": 75, "webp": 80, "avif": 50}
SPEC = Spec(
    plugin="images",
    prefix="IMAGES_",
    settings=(
        # Widths of the responsive variants (never more than the image's own width).
        Setting("IMAGES_WIDTHS", (480, 800, 1200, 1600), _widths),
        # The published original is scaled down to this size, its longest side (and it is
        # stripped of its metadata).
        Setting("IMAGES_MAX_WIDTH", 2400, positive_int),
        # Modern formats offered before the JPEG or PNG fallback, best first.
        Setting("IMAGES_FORMATS", FORMATS, _formats),
        Setting("IMAGES_QUALITY", dict(QUALITY), _quality),
        # How wide the image shows: the theme's text column (41rem less its padding).
        Setting("IMAGES_SIZES", "(min-width: 41rem) 38.5rem, calc(100vw - 2.5rem)"),
    ),
)
