"""redirects: old addresses that keep answering.

An article or page lists the addresses it was known by in its `Aliases` metadata
(`/2013/07/15/networking-an-opportunity-lost/`, as Hugo's `aliases` and
jekyll-redirect-from do); `REDIRECTS_FILE` (a text file in the content folder, which the
WordPress import writes) adds others, such as old category and feed addresses. Every
build writes, for each: a static redirect page (works on GitHub Pages), a line of
`_redirects` (Netlify, Cloudflare Pages) and of `_redirects.nginx` (an nginx `map`
include for the self-hosted server, with query addresses such as `/?p=123`).
"""

from .plugin import register

__all__ = ["register"]
