"""The social plugin's settings (prefix SOCIAL_)."""

from kit.settings import Setting, Spec, boolean, hex_colour

SPEC = Spec(
    plugin="social",
    prefix="SOCIAL_",
    settings=(
        # A generated og:image card for every page without a raster cover (cards.py).
        Setting("SOCIAL_CARDS", True, boolean),
        # The cards' band colour.
        Setting("SOCIAL_CARD_ACCENT", "#0f766e", hex_colour),
    ),
)
