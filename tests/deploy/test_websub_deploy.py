"""A push that goes live tells the WebSub hub its feeds advertise which feeds changed;
a hub that fails is a warning in the push's output, never a refused deploy.

The hub is a local http.server that records what it received (the real hubs are on the
internet); the push goes through the real hooks (tests/deployment.py)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from deployment import Deployment, commit, push
from sitebuild import write_article


class _Recorder(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        self.server.received.append((form["hub.mode"][0], form["hub.url"][0]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def hub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_each_deploy_pings_the_hub_with_the_feeds_that_changed(tmp_path: Path, hub) -> None:
    deployment = Deployment(tmp_path)
    url = f"http://127.0.0.1:{hub.server_address[1]}/"
    settings = deployment.work / "publishconf.py"
    settings.write_text(settings.read_text() + f"\nFEEDS_WEBSUB_HUB = {url!r}\n")
    commit(deployment.work, "The blog, with a hub")
    first = push(deployment.work)
    assert first.returncode == 0, first.stderr
    pinged = [feed for mode, feed in hub.received if mode == "publish"]
    assert any(feed.endswith("/feeds/all.atom.xml") for feed in pinged), first.stderr
    assert any(feed.endswith("/feeds/all.json") for feed in pinged)
    feeds = [p for p in deployment.live.rglob("feeds/**/*") if p.suffix in {".xml", ".json"}]
    assert len(pinged) == len(set(pinged)) == len(feeds)

    hub.received.clear()
    write_article(
        deployment.work / "content", "new-post.md", title="New post", date="2024-06-01 10:00",
        category="Interviews", tags="interviews", summary="A new post.",
    )  # fmt: skip
    commit(deployment.work, "New post")
    second = push(deployment.work)
    assert second.returncode == 0, second.stderr
    pinged = {feed.split("/feeds/", 1)[1] for _, feed in hub.received}
    assert {"all.atom.xml", "all.rss.xml", "all.json"} <= pinged
    assert "category/interviews.atom.xml" in pinged  # a new feed
    assert "tag/linkedin.atom.xml" not in pinged  # unchanged: not named
    assert f"websub: {url} told of {len(pinged)} of {len(pinged)} changed feed(s)" in second.stderr

    hub.shutdown()
    hub.server_close()
    write_article(
        deployment.work / "content", "third.md", title="Third", date="2024-06-02 10:00",
        category="Interviews", summary="A third post.",
    )  # fmt: skip
    commit(deployment.work, "Third post, hub down")
    third = push(deployment.work)
    assert third.returncode == 0, third.stderr  # live all the same
    assert (deployment.live / "third" / "index.html").is_file()
    assert "not reached" in third.stderr
