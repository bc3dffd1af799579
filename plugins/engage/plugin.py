"""Signal wiring of the engage plugin."""

from pelican import signals

from kit.fast_path import unaffected_by_body

from . import attach, feed_footer, subscribe
from .settings import engage_config


@unaffected_by_body("settings only")
def check_settings(pelican) -> None:
    """`initialized` receiver: a wrong ENGAGE_ setting stops the build before anything is read."""
    engage_config(pelican.settings)


def register() -> None:
    """Connect the engage plugin's receivers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(attach.attach_engagement)
    signals.all_generators_finalized.connect(subscribe.remember_subscribe_page)
    signals.feed_generated.connect(feed_footer.add_feed_footers)
