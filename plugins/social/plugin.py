"""Signal wiring of the social plugin."""

from pelican import signals

from . import cards, seo, sitemap_dates
from .settings import SPEC


def register() -> None:
    """Connect the social plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    # In this order: a card is drawn for a page without a raster cover (the images
    # plugin resolved covers when their generators finished), and the metadata names
    # the share image.
    signals.all_generators_finalized.connect(cards.attach_social_images)
    signals.all_generators_finalized.connect(seo.attach_seo)
    signals.all_generators_finalized.connect(sitemap_dates.date_listings_by_newest_article)
    signals.finalized.connect(cards.write_cards)
