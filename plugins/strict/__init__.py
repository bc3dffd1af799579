"""strict: a broken article never goes out silently.

The strict Markdown reader (UTF-8, metadata lines, dates, URL fields), control
characters and unsafe slugs fixed with a warning, empty slugs and output paths claimed
twice, broken internal links and images, the content lint, and one line per build
error naming the file and the field.
"""

from .plugin import register

__all__ = ["register"]
