"""Theme files named by their content (the assets plugin's public API, for the headers plugin).

`css/style.css` is published as `theme/css/style.<hash>.css` too, where <hash> is the
first HASH_LENGTH hex digits of the SHA-256 of the bytes the output holds (minified when
ASSETS_MINIFY is on): a new stylesheet is a new address, so a browser or a CDN may keep
one for a year without asking (`Cache-Control: immutable`) and still never shows a stale
one, while the HTML that names it revalidates on every visit. The plain name stays
published (minified) for anything that links to it by that name.

The names are computed from the theme's sources before any page is written
(`theme_assets`), so a template gets them from Python: `asset_url('css/style.css')`
(an `AssetUrls` in the context, which the incremental writer's page keys see: a changed
stylesheet renders every page again).
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kit.run_state import state_of

from .minify import MINIFIERS, final_bytes
from .settings import SPEC

HASH_LENGTH = 10
FINGERPRINTED_SUFFIXES = tuple(MINIFIERS)  # .css, .js
_STATE = "assets:theme"
_VERSIONED = re.compile(
    rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.(?:css|js))$"
)


class AssetError(LookupError):
    """A template asked for a theme file that does not exist."""


@dataclass(frozen=True)
class ThemeAsset:
    """One theme file: where it comes from, what the output holds and under which path."""

    source: Path
    path: str  # output-relative: theme/css/style.<hash>.css (theme/images/x.svg as it is)
    data: bytes | None = None  # the bytes of a fingerprinted file; None for the others


@dataclass(frozen=True)
class AssetUrls:
    """`asset_url(name)` in templates: the output-relative path of the theme file `name`
    (as under `theme/static/`), to write after `{{ SITEURL }}/`."""

    paths: dict[str, str] = field(default_factory=dict)

    def __call__(self, name: str) -> str:
        try:
            return self.paths[name]
        except KeyError:
            known = ", ".join(sorted(self.paths))
            raise AssetError(f"asset_url: no theme file {name!r} (theme files: {known})") from None


def fingerprinted_name(name: str, data: bytes) -> str:
    """`css/style.css` -> `css/style.<hash>.css`, the hash of `data`."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def theme_sources(settings: dict) -> dict[str, Path]:
    """Every file of the theme's static folders, by its name under them (as Pelican copies
    them to THEME_STATIC_DIR: a later folder's file replaces an earlier one's)."""
    theme, found = Path(settings["THEME"]), {}
    for static in settings.get("THEME_STATIC_PATHS", ["static"]):
        root = theme / static
        if root.is_file():
            found[root.name] = root
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path
    return found


def compute_theme_assets(settings: dict) -> dict[str, ThemeAsset]:
    """Each theme file's asset, its .css and .js fingerprinted when ASSETS_FINGERPRINT is on."""
    values = SPEC.of(settings)
    static_dir = settings.get("THEME_STATIC_DIR", "theme").strip("/")
    assets = {}
    for name, source in theme_sources(settings).items():
        path, data = name, None
        if values["ASSETS_FINGERPRINT"] and source.suffix.lower() in FINGERPRINTED_SUFFIXES:
            data = final_bytes(source, values["ASSETS_MINIFY"])
            path = fingerprinted_name(name, data)
        assets[name] = ThemeAsset(source, f"{static_dir}/{path}" if static_dir else path, data)
    return assets


def remember_theme_assets(settings: dict) -> dict[str, ThemeAsset]:
    """Compute the theme's assets for the build under way and keep them in its run state."""
    assets = compute_theme_assets(settings)
    state_of(settings).put(_STATE, assets)
    return assets


def theme_assets(settings: dict) -> dict[str, ThemeAsset]:
    """This build's theme assets (computed from the theme now, outside a build)."""
    assets = state_of(settings).get(_STATE)
    return assets if assets is not None else compute_theme_assets(settings)


def asset_urls(assets: dict[str, ThemeAsset]) -> AssetUrls:
    return AssetUrls({name: asset.path for name, asset in sorted(assets.items())})


def fingerprinted_urls(settings: dict) -> list[str]:
    """URL paths (`/theme/css/style.<hash>.css`) of this build's fingerprinted files."""
    return sorted(f"/{a.path}" for a in theme_assets(settings).values() if a.data is not None)


def version_pattern(url_path: str) -> str | None:
    """A regular expression matching every version of the fingerprinted file at
    `url_path` (`^/theme/css/style\\.[0-9a-f]{10}\\.css$`); None for another path."""
    match = _VERSIONED.match(url_path)
    if match is None:
        return None
    stem, suffix = (re.escape(match[part]) for part in ("stem", "suffix"))
    return rf"^{stem}\.[0-9a-f]{{{HASH_LENGTH}}}{suffix}$"


def other_versions(folder: Path, asset: ThemeAsset) -> list[Path]:
    """Earlier versions of a fingerprinted asset next to it in the output (`folder`)."""
    target = folder / asset.path
    pattern = version_pattern("/" + asset.path)
    if pattern is None or not target.parent.is_dir():
        return []
    versions = re.compile(pattern)
    return [
        path
        for path in sorted(target.parent.iterdir())
        if path != target and versions.match("/" + path.relative_to(folder).as_posix())
    ]
