"""reading: aids for the reader of an article.

Word count and reading time, a table of contents, related articles and series.
"""

from .plugin import register

__all__ = ["register"]
