"""What a build writes for its redirects: pages, `_redirects` and the nginx map."""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .addresses import Redirect

NETLIFY_FILE = "_redirects"  # Netlify and Cloudflare Pages read it; nginx never serves it
NGINX_FILE = "_redirects.nginx"


@dataclass(frozen=True)
class RedirectPage:
    """Template data for `redirect.html`."""

    url: str  # where the page moved: absolute, or from the site root in development
    title: str


def output_file(output: Path, site_path: str) -> Path:
    """The file a site path is served from (a folder: its index.html)."""
    relative = unquote(site_path).lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return output / relative


def lands_nowhere(output: Path, redirect: Redirect) -> bool:
    return not output_file(output, redirect.new).is_file()


def netlify_lines(redirects: list[Redirect], base: str) -> list[str]:
    """`_redirects`: `/old /new 301`; a query as Netlify matches one (`/ p=123 /new 301`)."""
    lines = []
    for redirect in redirects:
        query = f" {redirect.query.replace('&', ' ')}" if redirect.query else ""
        lines.append(f"{base}{redirect.path}{query} {base}{redirect.new} 301")
    return lines


def nginx_lines(redirects: list[Redirect], base: str) -> list[str]:
    """Entries of a `map $uri$is_args$args $redirect_to { ... }` block (deploy/nginx.conf):
    nginx's $uri is decoded, so the old path is too (`%ce%ba` and `%CE%BA` alike)."""
    lines = []
    for redirect in redirects:
        old = unquote(redirect.path) + (f"?{redirect.query}" if redirect.query else "")
        escaped = old.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'"{base}{escaped}" "{base}{redirect.new}";')
    return lines


def write_text(path: Path, lines: list[str], header: str) -> None:
    path.write_text(header + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def write_page(output: Path, redirect: Redirect, html: str) -> None:
    target = output_file(output, redirect.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, target)
