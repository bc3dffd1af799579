"""Signal wiring of the search plugin."""

from pelican import signals

from . import index
from .settings import SPEC


def register() -> None:
    """Connect the search plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.all_generators_finalized.connect(index.remember_searchable)
    signals.all_generators_finalized.connect(index.offer_search_index)
    signals.finalized.connect(index.build_search_index)
