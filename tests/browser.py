"""Helpers for the browser tests: a local web server, Chromium, and a request recorder.

Nothing here touches the internet. The site is served from 127.0.0.1; every request to any
other host is answered by the recorder with a small fake (see FAKES), after being written
down, so a test can tell exactly which third-party hosts a page tried to reach, and when.
"""

import functools
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from checks.browser import CHROMIUM_ARGS  # the same flags as the quality gates
from loopback import require_tool
from sitebuild import ROOT, Build, run_pelican

try:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route
    from playwright.sync_api import sync_playwright as _sync_playwright
except ImportError:  # reported by require_browser(), as a skip (or a failure in CI)
    _sync_playwright = None

# Debian's Chromium by default; CHROMIUM_PATH names another build (GitHub's runners: Chrome).
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
MISSING_MESSAGE = f"Chromium not found at {CHROMIUM}: apt-get install chromium or set CHROMIUM_PATH"
SCREENSHOTS = ROOT / "output-screenshots"
TIMEOUT_MS = 10_000


# --- Chromium --------------------------------------------------------------------------


def require_browser() -> None:
    """Skip when Playwright or the Chromium (CHROMIUM_PATH) is missing; in CI, fail instead."""
    require_tool(_sync_playwright is not None and CHROMIUM.exists(), MISSING_MESSAGE)


@contextmanager
def launched_chromium() -> Iterator["Browser"]:
    """The system Chromium driven by Playwright (never a downloaded browser build)."""
    require_browser()
    with _sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def launch(playwright: "Playwright") -> "Browser":
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# --- The site under test -----------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest's output readable
        pass


@dataclass
class ServedSite:
    """A built site served on http://127.0.0.1:PORT by a threaded http.server."""

    build: Build
    base_url: str  # "http://127.0.0.1:PORT", no trailing slash
    server: ThreadingHTTPServer

    def url(self, path: str = "") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def build_and_serve(
    content: Path, output: Path, extra: dict[str, object] | None = None, strict: bool = True
) -> ServedSite:
    """Build `content` with publishconf.py so absolute URLs point to a local server, serve it.

    The server socket is bound first (port 0: the system picks a free port), so the port
    written into the site is the one it is served on, with no race. `extra` settings are
    given as Python values and passed to Pelican as JSON. The server sends no security
    header: what protects the pages is in them (the meta Content-Security-Policy).
    """
    output.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    settings = {"SITEURL": base_url, "FEED_DOMAIN": base_url, **(extra or {})}
    build = run_pelican(
        content,
        output,
        "publishconf.py",
        strict=strict,
        extra={key: json.dumps(value) for key, value in settings.items()},
        env={"SITEURL": base_url},  # publishconf.py and the share links read it
    )
    if build.returncode != 0:
        server.server_close()
        pytest.fail(f"Pelican failed with {settings}:\n{build.log}", pytrace=False)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return ServedSite(build, base_url, server)


# --- Fake third parties ------------------------------------------------------------------

# Records every message a parent page posts to it, as JSON: body[data-last] is the latest,
# body[data-all] all of them in order. body[data-ready] says the listener is in place.
_MESSAGE_SINK = """<!DOCTYPE html><html><head><title>fake widget</title></head><body><script>
var seen = [];
window.addEventListener("message", function (event) {
  var text = typeof event.data === "string" ? event.data : JSON.stringify(event.data);
  seen.push(text);
  document.body.dataset.last = text;
  document.body.dataset.all = JSON.stringify(seen);
  document.title = text;
});
document.body.dataset.ready = "yes";
</script></body></html>"""


def _frame_script(frame_class: str, src: str, theme_attr: str, container: str) -> str:
    """A fake client.js: adds `<iframe class=frame_class src=src?theme=...>` into
    `container`, or right after its own <script> element."""
    return f"""(function () {{
  var me = document.currentScript;
  var frame = document.createElement("iframe");
  frame.className = "{frame_class}";
  frame.title = "fake comments";
  frame.src = "{src}?theme=" + encodeURIComponent((me && me.getAttribute("{theme_attr}")) || "");
  var box = document.querySelector("{container}");
  if (box) {{ box.appendChild(frame); }}
  else {{ me.parentNode.insertBefore(frame, me.nextSibling); }}
}}());"""


_DISQUS_EMBED = """(function () {
  var seen = {page: {}};
  try { window.disqus_config.call(seen); } catch (error) { seen = {page: {error: String(error)}}; }
  document.documentElement.setAttribute("data-fake-disqus", JSON.stringify(seen.page));
}());"""
_REMARK42_EMBED = """document.documentElement.setAttribute("data-fake-remark42",
  JSON.stringify(window.remark_config === undefined ? null : window.remark_config));"""

MASTODON_CONTEXT = {
    "ancestors": [],
    "descendants": [
        {
            "id": "1",
            "url": "https://mastodon.social/@a/1",
            "created_at": "2024-01-01T00:00:00.000Z",
            "account": {
                "display_name": "<img src=x onerror=alert(1)>Ann",
                "acct": "ann@mastodon.social",
            },
            "content": "<p>Great <script>alert(2)</script>post</p>",
        },
        {
            "id": "2",
            "url": "javascript:alert(3)",
            "created_at": "2024-01-02T00:00:00.000Z",
            "account": {"display_name": "Bob", "acct": "bob@example.social"},
            "content": '<p>Second <img src=x onerror="alert(4)">reply</p>',
        },
    ],
}


@dataclass(frozen=True)
class Fake:
    body: str
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


JS = "application/javascript"
FAKES: list[tuple[re.Pattern[str], Fake]] = [
    (
        re.compile(r"https://giscus\.app/client\.js"),
        Fake(
            _frame_script("giscus-frame", "https://giscus.app/widget", "data-theme", ".giscus"), JS
        ),
    ),
    (re.compile(r"https://giscus\.app/widget\b"), Fake(_MESSAGE_SINK, "text/html")),
    (
        re.compile(r"https://utteranc\.es/client\.js"),
        Fake(
            _frame_script(
                "utterances-frame", "https://utteranc.es/utterances.html", "theme", ".utterances"
            ),
            JS,
        ),
    ),
    (re.compile(r"https://utteranc\.es/utterances\.html\b"), Fake(_MESSAGE_SINK, "text/html")),
    # These two write down, as they run, the globals the page set for them.
    (re.compile(r"https://[a-z0-9-]+\.disqus\.com/embed\.js"), Fake(_DISQUS_EMBED, JS)),
    (re.compile(r"https://remark\.example\.org/web/embed\.js"), Fake(_REMARK42_EMBED, JS)),
    (
        re.compile(r"https://mastodon\.social/api/v1/statuses/123456/context\b"),
        Fake(
            json.dumps(MASTODON_CONTEXT),
            "application/json",
            {"Access-Control-Allow-Origin": "*"},
        ),
    ),
]
FAKE_PAGE = Fake("<!DOCTYPE html><title>fake page</title><p>fake", "text/html")
FAKE_SCRIPT = Fake("/* fake */", JS)


def fake_for(url: str, resource_type: str) -> Fake:
    for pattern, fake in FAKES:
        if pattern.match(url):
            return fake
    return FAKE_PAGE if resource_type in {"document", "iframe"} else FAKE_SCRIPT


# --- The request recorder ------------------------------------------------------------------


class RequestRecorder:
    """Routes every request of a browser context: the local site goes through, every other
    host gets a fake. All URLs are recorded, in order.

    URLs are written down from the context's `request` event, not from the route handler:
    Playwright emits that event on the context before the page, so once a test's
    `page.expect_request(...)` returns, the URL is already here (the route handler can run
    later than that).
    """

    def __init__(self, local_origin: str, also_local: tuple[str, ...] = ()):
        self.local_origin = local_origin
        # Real servers the tests start on loopback (Isso): let through, still recorded.
        self.also_local = also_local
        self.urls: list[str] = []
        self.blocked: list[str] = []  # refused by the page's Content-Security-Policy: never sent

    def attach(self, context: "BrowserContext") -> None:
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("requestfailed", self._failed)
        context.route("**/*", self._handle)

    def _failed(self, request) -> None:
        if request.failure in {"csp", "net::ERR_BLOCKED_BY_CSP"}:
            self.blocked.append(request.url)

    def _handle(self, route: "Route") -> None:
        request = route.request
        if self.is_local(request.url) or _origin(request.url) in self.also_local:
            route.continue_()
            return
        fake = fake_for(request.url, request.resource_type)
        route.fulfill(
            status=200, content_type=fake.content_type, headers=fake.headers, body=fake.body
        )

    def is_local(self, url: str) -> bool:
        return _origin(url) == self.local_origin

    def mark(self) -> int:
        """A position in the record, for since()."""
        return len(self.urls)

    def since(self, mark: int = 0) -> list[str]:
        return self.urls[mark:]

    def external(self, mark: int = 0) -> list[str]:
        """Recorded URLs, after `mark`, that did not go to the local site."""
        return [url for url in self.since(mark) if not self.is_local(url)]

    def matching(self, prefix: str, mark: int = 0) -> list[str]:
        return [url for url in self.since(mark) if url.startswith(prefix)]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --- Pages, with a screenshot when the test fails ------------------------------------------


@dataclass
class BrowserSession:
    """One browser context on one site: its recorder, its pages, the dialogs and page errors."""

    context: "BrowserContext"
    recorder: RequestRecorder
    site: ServedSite
    page: "Page"
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str, wait_until: str = "networkidle") -> "Page":
        self.page.goto(self.site.url(path), wait_until=wait_until)
        return self.page


def new_session(
    browser: "Browser", site: ServedSite, also_local: tuple[str, ...] = (), **context_options
) -> BrowserSession:
    """A fresh context (own storage, light colour scheme unless told) with the recorder on,
    and dialogs and uncaught page errors written down (a dialog is also dismissed).
    `also_local`: origins of real servers on loopback whose requests go through."""
    options = {"color_scheme": "light", **context_options}
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    recorder = RequestRecorder(site.base_url, also_local)
    recorder.attach(context)
    session = BrowserSession(context, recorder, site, context.new_page())

    def on_dialog(dialog) -> None:
        session.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.on("dialog", on_dialog)
    session.page.on("pageerror", lambda error: session.errors.append(str(error)))
    return session


def screenshot_name(node_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node_name).strip("_") + ".png"


def close_session(session: BrowserSession, node_name: str, failed: bool) -> None:
    """Save a screenshot of the page if the test failed, then close the context."""
    try:
        if failed and not session.page.is_closed():
            SCREENSHOTS.mkdir(exist_ok=True)
            session.page.screenshot(path=SCREENSHOTS / screenshot_name(node_name), full_page=True)
    finally:
        session.context.close()


@contextmanager
def tracked_sessions(request: pytest.FixtureRequest) -> Iterator[list[BrowserSession]]:
    """The sessions a test opens (append them): at the end, a screenshot of each if the
    test failed, then a failure if any page showed a dialog or threw an uncaught error."""
    sessions: list[BrowserSession] = []
    failed_before = request.session.testsfailed
    yield sessions
    failed = request.session.testsfailed > failed_before
    for number, session in enumerate(sessions):
        suffix = f"-{number}" if number else ""
        close_session(session, request.node.name + suffix, failed)
    found = [problem for session in sessions for problem in problems(session)]
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def problems(session: BrowserSession) -> list[str]:
    """What must never happen on any page: a dialog (alert, confirm...) or an uncaught error."""
    return [f"dialog {text}" for text in session.dialogs] + [
        f"page error {text}" for text in session.errors
    ]


SessionFactory = Callable[..., BrowserSession]
