"""The assets plugin's settings (prefix ASSETS_)."""

from kit.settings import Setting, Spec, boolean

SPEC = Spec(
    plugin="assets",
    prefix="ASSETS_",
    settings=(
        # Minify the theme's .css and .js files in the output (the sources stay as written).
        Setting("ASSETS_MINIFY", True, boolean),
        # Publish each theme .css and .js file under a name carrying its content's hash too
        # (theme/css/style.<hash>.css), which asset_url() gives the templates.
        Setting("ASSETS_FINGERPRINT", True, boolean),
    ),
)
