"""WebSub: the hub advertised in every format when set, and pings that reach a real local
HTTP server (127.0.0.1), or fail as warnings without an exception.

Set WEBSUB_PING_LOG to a file name to keep the log of the pings the local hub received.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from feeds.websub import changed_feeds, feed_urls, ping
from loopback import free_port
from sitebuild import PUBLISH_SITEURL, ROOT, Build, run_pelican, write_article

ATOM = "{http://www.w3.org/2005/Atom}"
HUB = "https://hub.example/websub"


class Hub(ThreadingHTTPServer):
    """A WebSub hub on loopback that records each request: 204 on /, 500 on /broken, and
    a reply later than any client waits on /slow."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _HubHandler)
        self.received: list[dict] = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _HubHandler(BaseHTTPRequestHandler):
    server: Hub

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self.server.received.append(
            {
                "method": self.command,
                "path": self.path,
                "content_type": self.headers.get("Content-Type"),
                "body": body,
            }
        )
        if self.path == "/slow":
            threading.Event().wait(1.5)
        self.send_response(500 if self.path == "/broken" else 204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def hub() -> Iterator[Hub]:
    server = Hub()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def refused_url() -> str:
    """A loopback address nothing listens on."""
    return f"http://127.0.0.1:{free_port()}/"


def keep_log(lines: list[str]) -> None:
    target = os.environ.get("WEBSUB_PING_LOG")
    if target:
        Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")


def self_urls(output: Path) -> set[str]:
    """Each feed's own address, as the feed itself states it (rel=self, feed_url)."""
    found = set()
    for path in (output / "feeds").rglob("*"):
        if path.suffix == ".json":
            found.add(json.loads(path.read_text(encoding="utf-8"))["feed_url"])
        elif path.suffix == ".xml":
            links = ET.parse(path).getroot().iter(f"{ATOM}link")
            found |= {link.get("href") for link in links if link.get("rel") == "self"}
    return found


def _logged(request: dict) -> str:
    fields = (request[key] for key in ("method", "path", "content_type", "body"))
    return "  received: " + " ".join(fields)


def test_ping_posts_one_form_per_feed_and_failures_are_warnings(hub: Hub) -> None:
    feeds = [f"{PUBLISH_SITEURL}/feeds/all.atom.xml", f"{PUBLISH_SITEURL}/feeds/all.json"]
    log = [f"hub {hub.url}/ (answers 204)"]
    assert ping(hub.url + "/", feeds) == []
    assert [(r["method"], r["path"], r["content_type"]) for r in hub.received] == [
        ("POST", "/", "application/x-www-form-urlencoded")
    ] * 2
    bodies = [parse_qs(r["body"], strict_parsing=True) for r in hub.received]
    assert bodies == [{"hub.mode": ["publish"], "hub.url": [url]} for url in feeds]
    log += [*map(_logged, hub.received), "  -> no warning"]

    failing = {
        "HTTP 500": hub.url + "/broken",
        "connection refused": refused_url(),
        "timeout": hub.url + "/slow",
        "not a URL": "hub.example",
    }
    for reason, url in failing.items():
        before = len(hub.received)
        warnings = ping(url, feeds[:1], timeout=0.5)
        assert len(warnings) == 1, (reason, warnings)
        assert feeds[0] in warnings[0]
        log += [f"hub {url} ({reason})", *map(_logged, hub.received[before:])]
        log += [f"  -> {warning}" for warning in warnings]
    assert "HTTP 500" in ping(hub.url + "/broken", feeds[:1])[0]
    keep_log(log)


def test_feed_urls_are_every_feeds_own_address(published_site: Build) -> None:
    urls = feed_urls(published_site.output, PUBLISH_SITEURL + "/")
    assert set(urls) == self_urls(published_site.output)
    assert len(urls) == len(set(urls))
    assert {url.rsplit(".", 1)[-1] for url in urls} == {"xml", "json"}


def test_only_changed_feeds_are_pinged(published_site: Build, tmp_path: Path) -> None:
    previous = Path(shutil.copytree(published_site.output, tmp_path / "previous"))
    assert changed_feeds(previous, published_site.output, PUBLISH_SITEURL) == []
    rebuilt = run_pelican(ROOT / "content", tmp_path / "rebuilt", "publishconf.py")
    assert rebuilt.returncode == 0, rebuilt.log
    assert changed_feeds(previous, rebuilt.output, PUBLISH_SITEURL) == []  # no build clock
    atom = previous / "feeds/all.atom.xml"
    atom.write_bytes(atom.read_bytes().replace(b"Networking", b"Netwerking", 1))
    (previous / "feeds/tag/linkedin.json").unlink()
    assert changed_feeds(previous, rebuilt.output, PUBLISH_SITEURL) == [
        f"{PUBLISH_SITEURL}/feeds/all.atom.xml",
        f"{PUBLISH_SITEURL}/feeds/tag/linkedin.json",
    ]


def _command(hub_url: str, output: Path, *more: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "feeds.websub", "--hub", hub_url, "--output", str(output)]
    command += ["--siteurl", PUBLISH_SITEURL, "--timeout", "2", *more]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def test_the_command_pings_the_changed_feeds_and_exits_0(
    hub: Hub, published_site: Build, tmp_path: Path
) -> None:
    previous = Path(shutil.copytree(published_site.output, tmp_path / "previous"))
    (previous / "feeds/all.rss.xml").write_text("<rss/>", encoding="utf-8")
    done = _command(hub.url + "/", published_site.output, "--previous", str(previous))
    assert done.returncode == 0, done.stderr
    pinged = [parse_qs(r["body"])["hub.url"][0] for r in hub.received]
    assert pinged == [f"{PUBLISH_SITEURL}/feeds/all.rss.xml"]
    assert f"pinged {hub.url}/: {pinged[0]}" in done.stdout
    failed = _command(refused_url(), published_site.output)
    assert failed.returncode == 0, failed.stderr
    count = len(feed_urls(published_site.output, PUBLISH_SITEURL))
    assert failed.stdout.count("not reached") == count
    assert f"{count} feed(s) to ping, 0 taken, {count} failed" in failed.stdout


@pytest.fixture(scope="module")
def hub_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("hub")
    write_article(folder / "content", "one.md", title="One", date="2024-01-01", tags="alpha")
    extra = {"FEEDS_WEBSUB_HUB": json.dumps(HUB)}
    build = run_pelican(folder / "content", folder / "out", "publishconf.py", extra=extra)
    assert build.returncode == 0, build.log
    return build


def test_every_feed_names_the_hub_beside_its_self_link(hub_site: Build) -> None:
    feeds = sorted((hub_site.output / "feeds").rglob("*.*"))
    assert len(feeds) == 9  # all, the category and the tag, in three formats
    for path in feeds:
        if path.suffix == ".json":
            assert json.loads(path.read_text())["hubs"] == [{"type": "WebSub", "url": HUB}]
            continue
        root = ET.parse(path).getroot()
        links = [(link.get("rel"), link.get("href")) for link in root.iter(f"{ATOM}link")]
        assert ("hub", HUB) in links, path
        assert [rel for rel, _href in links].count("self") == 1, path


@pytest.mark.parametrize("value", ['"http://hub.example/"', '"hub.example"', "1"])
def test_a_hub_that_is_not_https_stops_the_build(tmp_path: Path, value: str) -> None:
    write_article(tmp_path / "content", "one.md", title="One", date="2024-01-01")
    extra = {"FEEDS_WEBSUB_HUB": value}
    build = run_pelican(tmp_path / "content", tmp_path / "out", "publishconf.py", extra=extra)
    assert build.returncode != 0
    assert "FEEDS_WEBSUB_HUB must be an https URL" in build.log
