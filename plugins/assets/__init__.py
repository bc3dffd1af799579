"""assets: the theme's CSS and JavaScript minified and fingerprinted in the output.

Every article page is weighed with the CSS and script it loads (the static budget: 14 KB
gzipped for all of it), so the comments that explain the theme's files in the repository
are not sent to readers: rcssmin and rjsmin (well-kept, C-accelerated, the minifiers
webassets uses) strip them and the white space from the copies Pelican wrote.

Each .css and .js file is also published under a name carrying its content's hash
(`theme/css/style.<hash>.css`, `fingerprints.py`), which templates get from
`asset_url('css/style.css')`, so it can be cached for a year (`immutable`) while HTML
revalidates; the headers plugin reads the names from `fingerprints` (its public API).

Why not pelican-webassets: its `{% assets %}` tag declares bundles in the templates and
is evaluated while a page renders, so the incremental writer's page keys (buildspeed)
cannot see a new version and livereload would keep pages naming the old one; it
cache-busts with a query string by default (`style.css?b3a7c807`: a new file name needs
its manifest) and keeps a cache folder in the output that a host would publish; and it
brings webassets for two minifiers we call directly. Here the names are computed in
Python from the theme's sources before writing, as a context value the page keys see.
"""

from .plugin import register

__all__ = ["register"]
