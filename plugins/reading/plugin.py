"""Signal wiring of the reading plugin."""

import importlib

from pelican import signals

from kit.fast_path import vouch_for

from . import aids, pinned, stats
from .settings import SPEC


def _vouch_for_neighbors() -> None:
    """The theme's previous/next links come from pelican-neighbors, whose receiver reads
    dates and categories only: livereload's fast path may skip it after a body edit."""
    try:  # the module: the package's `neighbors` attribute is its receiver function
        module = importlib.import_module("pelican.plugins.neighbors.neighbors")
    except ImportError:
        return
    receiver = getattr(module, "neighbors", None)
    if receiver is not None:
        vouch_for(receiver, "previous and next articles come from dates and categories")


def register() -> None:
    """Connect the reading plugin's receivers to Pelican's signals."""
    _vouch_for_neighbors()
    signals.initialized.connect(SPEC.check)
    signals.article_generator_finalized.connect(aids.attach_reading_aids)
    signals.article_generator_finalized.connect(pinned.pin_articles)
    signals.all_generators_finalized.connect(stats.add_reading_stats)
