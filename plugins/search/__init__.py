"""search: full-text search with Pagefind, from static files.

Indexes the published articles and pages at the end of every build (`pagefind/` in
the output), and gives the theme's search page what it needs (`SEARCH_FORM`).
`bundle` is its public API for the headers plugin (the worker's own policy).
"""

from .plugin import register

__all__ = ["register"]
