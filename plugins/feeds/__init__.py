"""feeds: Atom and RSS entries that feed readers show as the site does.

Every link and image of an entry absolute (Pelican only does it for `{filename}` and
`{static}` links), and feed and entry titles exactly as the author typed them.
"""

from .plugin import register

__all__ = ["register"]
