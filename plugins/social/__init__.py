"""social: how the site looks when it is shared or found.

Search and social metadata (canonical URL, description, Open Graph, Twitter card,
JSON-LD), a generated 1200x630 share card for every page without a raster cover (covers
come from the images plugin), and sitemap dates that change only when an article does.
"""

from .plugin import register

__all__ = ["register"]
