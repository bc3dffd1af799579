"""Signal wiring of the search plugin."""

from pelican import signals

from kit.fast_path import unaffected_by_body

from . import index
from .settings import SPEC


@unaffected_by_body("settings only")
def check_settings(pelican) -> None:
    """`initialized` receiver: a wrong SEARCH_ setting stops the build before anything is read."""
    SPEC.of(pelican.settings)


def register() -> None:
    """Connect the search plugin's receivers to Pelican's signals."""
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(index.remember_searchable)
    signals.finalized.connect(index.build_search_index)
