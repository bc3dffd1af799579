"""Signal wiring of the assets plugin."""

import logging
from pathlib import Path

from pelican import signals

from kit.fast_path import unaffected_by_body

from .fingerprints import asset_urls, other_versions, remember_theme_assets, theme_assets
from .minify import minify_folder
from .settings import SPEC

logger = logging.getLogger(__name__)


@unaffected_by_body("theme files only; an edit of one is a full rebuild")
def provide_asset_urls(generators: list) -> None:
    """`all_generators_finalized` receiver: the theme files' names for this build, for the
    templates (`asset_url`) and the headers plugin, before any page is written."""
    if generators:
        assets = remember_theme_assets(generators[0].settings)
        generators[0].context["asset_url"] = asset_urls(assets)


def publish_theme_assets(pelican) -> None:
    """`finalized` receiver: the theme's static files Pelican copied, minified (it copies
    them again on every build, so each build's copies are minified once), and each
    fingerprinted file written under its name, earlier versions of it removed."""
    output = Path(pelican.output_path)
    folder = output / pelican.settings["THEME_STATIC_DIR"]
    if SPEC.of(pelican.settings)["ASSETS_MINIFY"] and folder.is_dir():
        before, after = minify_folder(folder)
        logger.info("assets: theme CSS and JavaScript %d -> %d bytes", before, after)
    written = 0
    for asset in theme_assets(pelican.settings).values():
        if asset.data is None:
            continue
        for stale in other_versions(output, asset):
            stale.unlink()
        target = output / asset.path
        if not (target.is_file() and target.read_bytes() == asset.data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(asset.data)
        written += 1
    if written:
        logger.info("assets: %d theme files fingerprinted", written)


def register() -> None:
    """Connect the assets plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.all_generators_finalized.connect(provide_asset_urls)
    signals.finalized.connect(publish_theme_assets)
