"""deploy/nginx.conf under Debian's real nginx, serving a real publish build over HTTP.

The site is content/ built with publishconf.py and prepared as the deploy hook prepares a
release (its .gz files); nginx runs the example server block as shipped, with only the
test machine's port, root and snippet path substituted (tests/nginx_server.py). What each
response must carry is read from what the build wrote, never written here: the headers
from the build's own `_headers` (the headers plugin), the types from the files' own root
elements, the fingerprints from the bytes served.
"""

import gzip
import hashlib
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from deploy.hook import precompress
from deploy.releases import fingerprinted_files
from headers.formats import HEADERS_FILE, parse_headers_file
from headers.rules import HeaderRule
from isso_server import running_isso
from nginx_server import (
    RunningNginx,
    example_server_block,
    free_port,
    require_nginx,
    running_nginx,
    write_config,
)
from sitebuild import ROOT, Build, run_pelican

pytestmark = pytest.mark.nginx

ATOM = "{http://www.w3.org/2005/Atom}feed"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
# What a feed or sitemap must be sent as, by its root element (not by its file name).
XML_TYPES = {ATOM: "application/atom+xml", "rss": "application/rss+xml", SITEMAP: "application/xml"}
GZIP = {"Accept-Encoding": "gzip"}
HIDDEN = ".hidden-by-the-test"  # a dot file, as an editor or a tool may leave one
WELL_KNOWN = ".well-known/acme-challenge/token"  # certbot's challenge must stay reachable
ONE_YEAR = 31_536_000


# --- The stand-in Isso server ------------------------------------------------------------------


@dataclass
class StandIn:
    """A tiny HTTP server on loopback that records each request nginx proxies to it."""

    server: ThreadingHTTPServer
    seen: list[dict] = field(default_factory=list)

    @property
    def port(self) -> int:
        return self.server.server_address[1]


class _Recorder(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.seen.append({"path": self.path, "headers": dict(self.headers.items())})
        body = json.dumps({"stand-in": "isso"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "max-age=43200, public")  # as Isso's script
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="module")
def isso() -> Iterator[StandIn]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield StandIn(server, server.seen)
    server.shutdown()
    server.server_close()


# --- The served site ---------------------------------------------------------------------------


@dataclass
class Served:
    build: Build
    nginx: RunningNginx
    rules: list[HeaderRule]
    files: list[str]  # what the build wrote (before the deploy's .gz), relative paths
    dynamic: list[str]  # text files left without a .gz: nginx compresses them itself

    def file(self, relative: str) -> bytes:
        return (self.build.output / relative).read_bytes()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, isso: StandIn) -> Iterator[Served]:
    require_nginx()
    tmp = tmp_path_factory.mktemp("nginx")
    # The address the committed snippet was generated with (./inv headers reads the same).
    siteurl = read_settings(str(ROOT / "publishconf.py"))["SITEURL"]
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    with_query_alias(content)
    build = run_pelican(
        content,
        tmp / "site",
        "publishconf.py",
        extra={"CACHE_PATH": json.dumps(str(tmp / "cache"))},
        env={"SITEURL": siteurl},
    )
    assert build.returncode == 0, build.log
    files = sorted(p.relative_to(build.output).as_posix() for p in build.output.rglob("*"))
    files = [name for name in files if (build.output / name).is_file()]
    assert precompress(build.output) > 0
    # The RSS feeds go without their .gz: nginx's own gzip must compress them.
    dynamic = [name for name in files if _root_of(build.output / name) == "rss"]
    for name in dynamic:
        (build.output / f"{name}.gz").unlink()
    (build.output / HIDDEN).write_text("not for readers\n")
    (build.output / WELL_KNOWN).parent.mkdir(parents=True)
    (build.output / WELL_KNOWN).write_text("challenge\n")
    rules = parse_headers_file((build.output / HEADERS_FILE).read_text(encoding="utf-8"))
    config = write_config(tmp / "nginx", build.output, comments_port=isso.port)
    with running_nginx(config) as nginx:
        yield Served(build, nginx, rules, files, dynamic)


def with_query_alias(content: Path) -> None:
    """An old address with a query (WordPress's /?p=ID) on the first article with Aliases:
    only a server can answer it."""
    for article in sorted(content.glob("*.md")):
        text = article.read_text(encoding="utf-8")
        if "\nAliases: " in text:
            article.write_text(text.replace("\nAliases: ", "\nAliases: /?p=7, ", 1), "utf-8")
            return
    raise AssertionError("no article of content/ has Aliases")


def old_addresses(served: "Served") -> dict[str, str]:
    """Old address (as a browser asks for it) -> new one, from the build's _redirects."""
    moved = {}
    for line in served.file("_redirects").decode().splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            old = words[0] + (f"?{words[1]}" if len(words) == 4 else "")
            moved[old] = words[-2]
    return moved


def _root_of(path: Path) -> str | None:
    if path.suffix != ".xml":
        return None
    return ElementTree.parse(path).getroot().tag


def _url(relative: str) -> str:
    """The URL path of an output file: folders' index.html by their pretty URL."""
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


def _build_only(served: Served) -> list[str]:
    """Files at the root named `_...`: by the hosts' convention (`_headers`, `_redirects`),
    configuration for a host, not pages for readers."""
    return [name for name in served.files if name.startswith("_") and "/" not in name]


def _public(served: Served) -> list[str]:
    """What nginx serves as written: neither build-only files nor the redirect pages of
    old addresses (nginx answers those with a 301 itself)."""
    moved = old_addresses(served)
    return [
        name for name in served.files if name not in _build_only(served) and _url(name) not in moved
    ]


def _pages(served: Served) -> list[str]:
    return [name for name in _public(served) if name.endswith(".html")]


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in data


def _cache_directives(value: str | None) -> dict[str, str]:
    parts = [part.strip() for part in (value or "").split(",") if part.strip()]
    return dict((*part.split("=", 1), "")[:2] for part in parts)


def expected_headers(rules: list[HeaderRule], path: str) -> dict[str, str]:
    """The headers `_headers` gives `path`: every matching rule in order, a detached or
    repeated header replaced by the later rule's value (what nginx's locations do)."""
    headers: dict[str, str] = {}
    for rule in rules:
        pattern = "".join(
            ".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", rule.path)
        )
        if re.fullmatch(pattern, path):
            for name in rule.detach:
                headers.pop(name.lower(), None)
            headers.update({name.lower(): value for name, value in rule.headers})
    return headers


# --- nginx -t ----------------------------------------------------------------------------------


def test_the_example_as_shipped_passes_nginx_t(tmp_path: Path) -> None:
    require_nginx()
    root = tmp_path / "root"
    root.mkdir()
    checked = write_config(tmp_path / "nginx", root).test()
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_nginx_t_fails_on_a_broken_example(tmp_path: Path) -> None:
    """The check can fail: a directive inside a block that does not take it."""
    require_nginx()
    block = example_server_block(tmp_path, 8080).replace("gzip_vary on;", "gzip_vary maybe;")
    checked = write_config(tmp_path / "nginx", tmp_path, server_block=block).test()
    assert checked.returncode != 0
    assert "gzip_vary" in checked.stderr


# --- Status codes ------------------------------------------------------------------------------


def test_every_page_and_file_is_served_as_built(served: Served) -> None:
    for name in _public(served):
        response = served.nginx.request(_url(name))
        assert response.status == 200, (name, response.status)
        assert response.body == served.file(name), name


def test_old_addresses_answer_301_with_the_new_address(served: Served) -> None:
    moved = old_addresses(served)
    assert any("?" in old for old in moved), moved  # a query too
    assert any("?" not in old for old in moved), moved
    for old, new in moved.items():
        response = served.nginx.request(old)
        assert response.status == 301, (old, response.status)
        assert response.header("Location") == new, old
        assert served.nginx.request(new).status == 200, new
    assert served.nginx.request("/?p=7000").status == 200  # another query: the home page


def test_a_missing_path_gets_the_sites_404_page_with_status_404(served: Served) -> None:
    for path in ("/no-such-article/", "/no/such/file.css", "/theme/css/style.0000000000.css"):
        response = served.nginx.request(path)
        assert response.status == 404, path
        assert response.body == served.file("404.html"), path


def test_a_folder_without_its_slash_is_redirected(served: Served) -> None:
    folders = [name.removesuffix("/index.html") for name in _pages(served) if "/" in name]
    assert folders
    for folder in folders:
        response = served.nginx.request(f"/{folder}")
        assert response.status == 301, folder
        assert response.header("Location") == f"/{folder}/", folder


def test_build_only_files_and_hidden_files_are_not_served(served: Served) -> None:
    """What the build writes for other hosts (`_headers`...), and dot files; /.well-known/
    stays reachable. Every other file the build wrote is served (the test above)."""
    assert HEADERS_FILE in _build_only(served)
    for path in [f"/{name}" for name in _build_only(served)] + [f"/{HIDDEN}"]:
        response = served.nginx.request(path)
        assert response.status == 404, path
        assert response.body == served.file("404.html"), path
    assert served.nginx.request(f"/{WELL_KNOWN}").status == 200


# --- Headers -----------------------------------------------------------------------------------


def test_every_response_carries_the_headers_the_plugin_computes(served: Served) -> None:
    """Pages, theme files, fingerprinted files, Pagefind's worker, feeds, 404s, redirects
    and the refused build files: each with the headers `_headers` gives its path (a 404 is
    the 404 page), no header missing and none another location dropped."""
    names = {name.lower() for rule in served.rules for name, _ in rule.headers}
    assert {"content-security-policy", "cache-control"} <= names
    requests = [(_url(name), _url(name)) for name in _public(served)]
    requests += [("/no-such-article/", "/404.html")]
    requests += [(f"/{name}", "/404.html") for name in _build_only(served)]
    requests += [("/theme/css/style.0000000000.css", "/404.html")]
    folders = [name.removesuffix("/index.html") for name in _pages(served) if "/" in name]
    requests += [(f"/{folder}", f"/{folder}") for folder in folders[:3]]  # the redirects
    worker = [rule.path for rule in served.rules if rule.detach == ("Content-Security-Policy",)]
    assert worker
    assert set(worker) <= {path for path, _ in requests}
    for path, served_as in requests:
        response = served.nginx.request(path, GZIP)
        expected = expected_headers(served.rules, served_as)
        got = {name: value for name, value in response.headers().items() if name in names}
        assert got == expected, (path, response.status)


def test_fingerprinted_theme_files_are_kept_a_year_and_pages_revalidate(served: Served) -> None:
    referenced = set()
    for name in _pages(served):
        page = served.nginx.request(_url(name))
        assert "no-cache" in _cache_directives(page.header("Cache-Control")), name
        soup = BeautifulSoup(page.body, "html.parser")
        urls = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
        urls += [script["src"] for script in soup.select("script[src]")]
        urls += [form["data-search-script"] for form in soup.select("[data-search-script]")]
        referenced |= {re.sub(r"^https?://[^/]+", "", url) for url in urls}
    assert referenced
    for path in sorted(referenced):
        named = re.search(r"\.([0-9a-f]{8,})\.(?:css|js)$", path)
        assert named, f"{path} is not named by its content"
        response = served.nginx.request(path)
        assert response.status == 200, path
        assert hashlib.sha256(response.body).hexdigest().startswith(named[1]), path
        directives = _cache_directives(response.header("Cache-Control"))
        assert "immutable" in directives, path
        assert int(directives["max-age"]) >= ONE_YEAR, path
    # The deploy hook (stdlib only) finds exactly the files the pages name.
    assert {f"/{name}" for name in fingerprinted_files(served.build.output)} == referenced


# --- Types and compression ---------------------------------------------------------------------


def test_feeds_and_the_sitemap_have_their_types_and_are_compressed(served: Served) -> None:
    found = {name: _root_of(served.build.output / name) for name in _public(served)}
    typed = {name: XML_TYPES[root] for name, root in found.items() if root in XML_TYPES}
    assert set(typed.values()) == set(XML_TYPES.values())
    for name, content_type in typed.items():
        plain = served.nginx.request(_url(name))
        assert plain.header("Content-Type").split(";")[0] == content_type, name
        assert plain.header("Content-Encoding") is None, name
        packed = served.nginx.request(_url(name), GZIP)
        assert packed.header("Content-Type").split(";")[0] == content_type, name
        assert packed.header("Content-Encoding") == "gzip", name
        assert gzip.decompress(packed.body) == served.file(name), name
        assert "Accept-Encoding" in (packed.header("Vary") or ""), name


def test_every_text_file_is_compressed_and_varies_on_accept_encoding(served: Served) -> None:
    texts = [name for name in _public(served) if _is_text(served.file(name))]
    assert {Path(name).suffix for name in texts} >= {".html", ".css", ".js", ".xml", ".svg"}
    for name in texts:
        for headers in ({}, GZIP):
            response = served.nginx.request(_url(name), headers)
            assert "Accept-Encoding" in (response.header("Vary") or ""), (name, headers)
        assert response.header("Content-Encoding") == "gzip", name
        assert gzip.decompress(response.body) == served.file(name), name
    binary = [name for name in _public(served) if not _is_text(served.file(name))]
    for name in binary:  # images, Pagefind's compressed index: never compressed again
        assert served.nginx.request(_url(name), GZIP).header("Content-Encoding") is None, name


def test_precompressed_files_are_sent_as_the_deploy_wrote_them(served: Served) -> None:
    """gzip_static: the .gz written by the deploy hook, byte for byte; a client that does
    not accept gzip gets the file itself. A file without a .gz is compressed by nginx."""
    written = [name for name in _public(served) if (served.build.output / f"{name}.gz").is_file()]
    assert any(name.endswith(".html") for name in written)
    for name in written:
        packed = served.nginx.request(_url(name), GZIP)
        assert packed.body == served.file(f"{name}.gz"), name
        assert served.nginx.request(_url(name)).body == served.file(name), name
    assert served.dynamic
    for name in served.dynamic:
        packed = served.nginx.request(_url(name), GZIP)
        assert packed.header("Content-Encoding") == "gzip", name
        assert gzip.decompress(packed.body) == served.file(name), name


# --- Comments ----------------------------------------------------------------------------------


def test_comments_are_proxied_to_the_local_isso(served: Served, isso: StandIn) -> None:
    before = len(isso.seen)
    response = served.nginx.request(
        "/comments/js/embed.min.js?v=1", {"Host": "blog.example.org", "X-Forwarded-For": "10.0.0.9"}
    )
    assert response.status == 200
    assert json.loads(response.body) == {"stand-in": "isso"}
    (request,) = isso.seen[before:]
    headers = {name.lower(): value for name, value in request["headers"].items()}
    assert request["path"] == "/js/embed.min.js?v=1"  # /comments/ is stripped...
    assert headers["x-script-name"] == "/comments"  # ...and Isso told where it lives
    assert headers["host"] == "blog.example.org"
    assert headers["x-forwarded-for"] == "10.0.0.9, 127.0.0.1"
    assert headers["x-forwarded-proto"] == "http"
    # The site's headers, its Cache-Control alone (Isso's is dropped, not joined).
    names = {name.lower() for rule in served.rules for name, _ in rule.headers}
    got = {name: value for name, value in response.headers().items() if name in names}
    assert got == expected_headers(served.rules, "/comments/js/embed.min.js")


def test_the_real_isso_works_under_comments(served: Served, tmp_path: Path) -> None:
    """Isso itself (requirements-test.txt) behind the example: it builds its own links
    under /comments/ (X-Script-Name), and its script and API are compressed."""
    isso_port = free_port()
    config = write_config(tmp_path / "nginx", served.build.output, comments_port=isso_port)
    origin = f"http://127.0.0.1:{config.port}"
    with running_isso(tmp_path / "isso", isso_port, [origin]), running_nginx(config) as nginx:
        admin = nginx.request("/comments/admin/")
        script = nginx.request("/comments/js/embed.min.js", GZIP)
        thread = nginx.request("/comments/?uri=%2Fabout%2F", GZIP)
    assert admin.status == 200
    assert b"/comments/css/isso.css" in admin.body
    assert script.status == 200
    assert script.header("Content-Encoding") == "gzip"
    assert gzip.decompress(script.body).startswith(b"!function")
    assert thread.status == 200
    assert json.loads(gzip.decompress(thread.body))["replies"] == []
    assert script.header("Cache-Control") == expected_headers(served.rules, "/")["cache-control"]
