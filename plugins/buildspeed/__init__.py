"""buildspeed: the same site, sooner.

Full builds convert Markdown on two cores (parallel_read); the edit-preview loop
(`./inv livereload`, BUILDSPEED_INCREMENTAL) renders only the pages whose inputs
changed (incremental, fingerprint, writer), takes a fast path after an edit of
article bodies only (live), and indexes search in the background (background).

It knows no feature by name: features mark what the fast path may skip or must redo
(kit.fast_path), offer work it may run elsewhere (kit.prefetch, kit.site_jobs). Taking
it out of PLUGINS leaves every site byte for byte the same, only slower.
"""

from .plugin import register

__all__ = ["register"]
