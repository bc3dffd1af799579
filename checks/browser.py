"""What the browser gates share: the system Chromium, a local server for a built site, and a
router that keeps every request on this machine.

Nothing here imports from tests/: `invoke check` runs the gates without pytest.

The site is served from 127.0.0.1 by http.server in a thread. A publish build links its own
files by their absolute public address (SITEURL, e.g. https://blog.example); its pages are
then opened at that address, answered from the output folder, so the browser sees them as
readers do (the Content-Security-Policy's 'self' is that origin). Every request to any
other host is written down and answered locally with an empty response: nothing reaches the
internet.
"""

import functools
import mimetypes
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checks.gate import GateResult

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "apt-get install chromium (or set CHROMIUM_PATH) / ./inv installs node_modules"
TIMEOUT_MS = 15_000


def chromium_path() -> Path:
    """Debian's Chromium by default; CHROMIUM_PATH names another build."""
    return Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")


def missing(need_axe: bool = False) -> str:
    """Why a browser gate cannot run here ("" when it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Playwright is not installed: {INSTALL_HINT}"
    if not chromium_path().exists():
        return f"Chromium not found at {chromium_path()}: {INSTALL_HINT}"
    if need_axe and not AXE.exists():
        return f"axe-core not found at {AXE.relative_to(ROOT)}: {INSTALL_HINT}"
    return ""


def unavailable(name: str, reason: str) -> GateResult:
    """A skip locally; in CI (CI set) a missing tool is a failure."""
    if os.environ.get("CI"):
        return GateResult(name, ok=False, figure="could not run", failures=[reason])
    return GateResult(name, ok=True, figure="", skipped=reason)


@contextmanager
def launched() -> Iterator[object]:
    """The system Chromium driven by Playwright (never a downloaded browser build)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


# --- The site --------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def served(output: Path, port: int = 0) -> Iterator[str]:
    """Serve `output` on http://127.0.0.1:PORT (0: a free port); yields that base URL."""
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def public_origin(output: Path) -> str:
    """The origin the build links its own files from (its stylesheet's), or "" if relative."""
    index = output / "index.html"
    if not index.exists():
        return ""
    html = index.read_text(encoding="utf-8", errors="replace")
    found = re.search(r'<link rel="stylesheet" href="(https?://[^/"]+)/', html)
    return found.group(1) if found else ""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def local_file(output: Path, url: str) -> Path | None:
    """The file of `output` a URL path names (a folder: its index.html), or None."""
    path = (output / unquote(urlsplit(url).path).lstrip("/")).resolve()
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file() or not path.is_relative_to(output.resolve()):
        return None
    return path


def absent_pages(output: Path, pages: list[str]) -> list[str]:
    """One problem per page of `pages` that `output` lacks; one if `pages` is empty."""
    absent = [
        f"/{page}: not in {output}" for page in pages if local_file(output, "/" + page) is None
    ]
    return absent if pages else [f"no page in {output}"]


@dataclass
class Router:
    """Routes every request of a browser context and writes each one down, in order.

    The local server goes through; the build's public origin is answered from `output`;
    anything else is a third party, answered with an empty 200 response.
    """

    output: Path
    base_url: str
    public: str = ""
    requests: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", self._record)
        context.route("**/*", self._handle)

    def _record(self, request) -> None:
        self.requests.append(request.url)
        if request.resource_type == "image":
            self.images.append(request.url)

    def clear(self) -> None:
        self.requests.clear()
        self.images.clear()

    @property
    def site_url(self) -> str:
        """Where the pages are opened: the public origin of a publish build, else the server."""
        return self.public or self.base_url

    def is_own(self, url: str) -> bool:
        return origin(url) in {self.base_url, self.public}

    def third_party(self) -> list[str]:
        return [url for url in self.requests if not self.is_own(url) and not _inline(url)]

    def _handle(self, route) -> None:
        url = route.request.url
        if origin(url) == self.base_url:
            route.continue_()
            return
        if self.public and origin(url) == self.public:
            path = local_file(self.output, url)
            if path is None:
                route.fulfill(status=404, body="not found")
                return
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(
                status=200,
                path=str(path),
                content_type=content_type,
                headers={"Access-Control-Allow-Origin": "*"},
            )
            return
        route.fulfill(status=200, body="", content_type="text/plain")


def _inline(url: str) -> bool:
    return url.startswith(("data:", "blob:", "about:"))


def new_context(browser, router: Router, **options):
    """A fresh context with the router on; light scheme and 1280 px unless told."""
    options = {"color_scheme": "light", "viewport": {"width": 1280, "height": 900}, **options}
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    router.attach(context)
    return context


def wait_for_scripts(page) -> None:
    """site.js has run once the theme toggle is shown (it is hidden without JavaScript)."""
    if page.locator("[data-theme-toggle]").count():
        page.wait_for_selector("[data-theme-toggle]", state="visible")
