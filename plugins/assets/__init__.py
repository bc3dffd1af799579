"""assets: the theme's CSS and JavaScript minified in the output.

Every article page is weighed with the CSS and script it loads (the static budget: 14 KB
gzipped for all of it), so the comments that explain the theme's files in the repository
are not sent to readers: rcssmin and rjsmin (well-kept, C-accelerated, the minifiers
webassets uses) strip them and the white space from the copies Pelican wrote.
"""

from .plugin import register

__all__ = ["register"]
