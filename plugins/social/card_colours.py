"""Colours of a social card: WCAG luminance and contrast, and the readable text colour."""

BACKGROUND = "#f8fafc"
TEXT = "#0f172a"
LIGHT_TEXT = "#ffffff"


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
