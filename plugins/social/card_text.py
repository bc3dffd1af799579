"""The text of a social card: cleaned, split into user-perceived characters, wrapped.

Pure functions over strings and a `measure` function (a font's advance width), so they
are tested without drawing anything.
"""

import unicodedata
from collections.abc import Callable


def clean_text(value: object) -> str:
    """Text as drawn: control characters dropped, every kind of space one space."""
    text = str(value)
    if text.isprintable():  # no control, format or separator character but " " (most titles)
        return " ".join(text.split())
    kept = []
    for char in text:
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


def text_direction(text: str) -> str:
    """The paragraph direction: that of the first strongly directional character ("ltr")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in {"R", "AL"}:
            return "rtl"
    return "ltr"
