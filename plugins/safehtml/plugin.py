"""Signal wiring of the safehtml plugin."""

from pelican import signals

from . import sanitize
from .settings import SPEC


def register() -> None:
    """Connect the safehtml plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.initialized.connect(sanitize.offer_cleaning)
    # As soon as a body is read, before Pelican or any other receiver uses it.
    signals.content_object_init.connect(sanitize.sanitize_content)
