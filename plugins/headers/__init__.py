"""headers: the HTTP security headers of the static host, computed from the settings.

A strict Content-Security-Policy (our origin, plus only what the engage plugin's comment
provider and page widget need, and Pagefind's worker under its own rule), with
Permissions-Policy, Referrer-Policy, nosniff and frame-ancestors; and caching: every
response revalidates (`Cache-Control: no-cache`) but the theme files the assets plugin
names by their content (`assets.fingerprints`), kept a year (`immutable`). Written as
`_headers` (Netlify, Cloudflare Pages) at the end of every build; `formats.nginx_snippet`
gives the same rules for nginx (`./inv headers`).
"""

from .plugin import register

__all__ = ["register"]
