"""Signal wiring of the feeds plugin."""

from pelican import signals

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import add_feed_hooks, provide_writer

from . import absolute_links, titles
from .settings import SPEC


@unaffected_by_body("settings only")
def start(pelican) -> None:
    """`initialized` receiver: check FEEDS_ names; titles as typed in every feed of the run."""
    SPEC.of(pelican.settings)
    add_feed_hooks(pelican.settings, titles.title_feed, titles.title_entry)


def register() -> None:
    """Connect the feeds plugin's receivers to Pelican's signals."""
    signals.initialized.connect(start)
    signals.get_writer.connect(provide_writer)
    signals.feed_generated.connect(absolute_links.absolutize_feed_links)
