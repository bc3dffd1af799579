"""What the safehtml plugin adds to the site's Content-Security-Policy (its public API):
the players of the videos the pages show, in `frame-src`, only when a page has one."""

from collections.abc import Iterable

from kit.csp import Policy


def third_party_sources(contents: Iterable[object]) -> Policy:
    origins = {video.host.player_origin for c in contents for video in getattr(c, "videos", ())}
    return {"frame-src": tuple(sorted(origins))} if origins else {}
