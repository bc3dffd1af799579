"""The buildspeed plugin's settings (prefix BUILDSPEED_)."""

from kit.settings import Setting, Spec, boolean

SPEC = Spec(
    plugin="buildspeed",
    prefix="BUILDSPEED_",
    settings=(
        # Render only the pages and feeds whose inputs changed since the previous build
        # in the same process, index search in the background; `./inv livereload` turns
        # it on, publish builds never use it.
        Setting("BUILDSPEED_INCREMENTAL", False, boolean),
        # Full builds without the content cache convert Markdown on two cores.
        Setting("BUILDSPEED_PARALLEL_READ", True, boolean),
        # Full builds render pages and feeds on two cores.
        Setting("BUILDSPEED_PARALLEL_RENDER", True, boolean),
    ),
)


def incremental(settings: dict) -> bool:
    return SPEC.of(settings)["BUILDSPEED_INCREMENTAL"]
