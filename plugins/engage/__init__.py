"""Career Connections' own Pelican plugin.

Computes what the theme presents (reading time, cover images, feed links)
and checks content so that a strict build fails on broken articles.
"""

from .plugin import register

__all__ = ["register"]
