"""Signal wiring of the assets plugin."""

import logging
from pathlib import Path

from pelican import signals

from .minify import minify_folder
from .settings import SPEC

logger = logging.getLogger(__name__)


def minify_theme_assets(pelican) -> None:
    """`finalized` receiver: the theme's static files Pelican copied, minified (it copies
    them again on every build, so each build's copies are minified once)."""
    if not SPEC.of(pelican.settings)["ASSETS_MINIFY"]:
        return
    folder = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    if folder.is_dir():
        before, after = minify_folder(folder)
        logger.info("assets: theme CSS and JavaScript %d -> %d bytes", before, after)


def register() -> None:
    """Connect the assets plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.finalized.connect(minify_theme_assets)
