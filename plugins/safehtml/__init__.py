"""safehtml: content HTML is untrusted, so it is sanitised before anything uses it.

Raw HTML in bodies and summaries goes through nh3 (the Ammonia sanitiser) with an
allowlist that suits articles; each removal is a warning naming the file (fatal in
strict builds). A remote image becomes a link, and a YouTube or Vimeo video becomes
a click-to-load facade: nothing loads from another host before the reader asks.
`csp_sources` is its public API for the headers plugin.
"""

from .plugin import register

__all__ = ["register"]
