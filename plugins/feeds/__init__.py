"""feeds: Atom, RSS and JSON Feed entries that feed readers show as the site does.

Every link and image of an entry absolute (Pelican only does it for `{filename}` and
`{static}` links), feed and entry titles exactly as the author typed them, the cover at
the top of each entry and as its image (Media RSS, JSON Feed's `image`), RSS guids that
say they are no permalinks, JSON Feed 1.1 beside every Atom feed, and the WebSub hub
when there is one (`websub.py` pings it after a deploy).
"""

from .plugin import register

__all__ = ["register"]
