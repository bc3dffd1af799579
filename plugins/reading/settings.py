"""The reading plugin's settings (prefix READING_)."""

from kit.settings import Setting, Spec, positive_int

SPEC = Spec(
    plugin="reading",
    prefix="READING_",
    settings=(
        # Reading speed for "N min read" (stats.py).
        Setting("READING_WORDS_PER_MINUTE", 230, positive_int),
    ),
)
