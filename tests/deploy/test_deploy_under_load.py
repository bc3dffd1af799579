"""Atomic deploys under load: nginx serves WEBROOT/current while five pushes go live.

A reader's page and the stylesheet it names are two requests, and `current` may switch
between them. The page of release A names A's stylesheet by its hash; the deploy keeps
the fingerprinted theme files of the releases still on disk in each new release
(deploy/releases.py, `keep_old_assets`), so that request is answered from release B with
A's bytes. A client thread asks for pages and then for the stylesheet each one names,
without pause, and another as a browser does, a moment after the page (so that many
switches fall between the two), while each push changes an article and the theme's CSS;
every response must be a 200, and every stylesheet the one its page was built with.
"""

import hashlib
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deployment import Deployment, commit, push
from nginx_server import RunningNginx, require_nginx, running_nginx, write_config

pytestmark = pytest.mark.nginx

PUSHES = 5
MAX_REQUESTS = 3_000  # per client
BROWSER_GAP = 0.02  # seconds from a page to its stylesheet: parsing, then a new request
PAGES = ("/", "/release-marker/", "/archives/")
REPORT = Path("/tmp/deploy-under-load.txt")
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?:https?://[^/"]+)?(/[^"]+)"')
PAGE_RELEASE = re.compile(r"Release (\d+) is live")
CSS_RELEASE = re.compile(r"--release:(\d+)")


def mark_release(work: Path, number: int) -> None:
    """An article and the theme's stylesheet, both saying which release this is."""
    (work / "content" / "release-marker.md").write_text(
        f"Title: Release {number} is live\nSlug: release-marker\nDate: 2024-06-01 10:00\n"
        f"Category: Job Search\nSummary: Release {number} is live.\n\n"
        f"Release {number} is live: this text changes with every push.\n",
        encoding="utf-8",
    )
    css = work / "theme" / "static" / "css" / "style.css"
    text = re.sub(r"\n:root \{ --release: \d+; \}\n$", "\n", css.read_text(encoding="utf-8"))
    css.write_text(f"{text}\n:root {{ --release: {number}; }}\n", encoding="utf-8")


@dataclass
class Load:
    """What the client saw."""

    requests: int = 0
    straddled: int = 0  # page and stylesheet asked for on either side of a switch
    pages: Counter = field(default_factory=Counter)  # release -> pages served
    stylesheets: dict[str, int] = field(default_factory=dict)  # path -> release
    errors: list[str] = field(default_factory=list)


def one_page(nginx: RunningNginx, path: str, load: Load, gap: float = 0.0) -> None:
    """A page, then (`gap` seconds later) the stylesheet it names: both 200, the
    stylesheet its release's."""
    live = nginx.config.root
    before = os.readlink(live)
    page = nginx.request(path)
    load.requests += 1
    if page.status != 200:
        load.errors.append(f"{path}: {page.status}")
        return
    html = page.body.decode("utf-8")
    release, href = PAGE_RELEASE.search(html), STYLESHEET.search(html)
    if release is None or href is None:
        load.errors.append(f"{path}: no release marker or stylesheet")
        return
    number, css_path = int(release[1]), href[1]
    load.pages[number] += 1
    time.sleep(gap)
    css = nginx.request(css_path)
    load.straddled += os.readlink(live) != before
    load.requests += 1
    named = re.search(r"\.([0-9a-f]{8,})\.css$", css_path)
    if css.status != 200:
        load.errors.append(f"{css_path} (named by release {number}'s {path}): {css.status}")
    elif named is None or not hashlib.sha256(css.body).hexdigest().startswith(named[1]):
        load.errors.append(f"{css_path}: its bytes do not have the hash in its name")
    elif (found := CSS_RELEASE.search(css.body.decode())) is None or int(found[1]) != number:
        load.errors.append(f"{css_path}: not release {number}'s stylesheet")
    load.stylesheets[css_path] = number


def keep_asking(
    nginx: RunningNginx, load: Load, done: threading.Event, gap: float, pause: float
) -> None:
    while not done.is_set() and load.requests < MAX_REQUESTS:
        for path in PAGES:
            one_page(nginx, path, load, gap)
        time.sleep(pause)


def merged(loads: list[Load]) -> Load:
    total = Load()
    for load in loads:
        total.requests += load.requests
        total.straddled += load.straddled
        total.pages.update(load.pages)
        total.stylesheets.update(load.stylesheets)
        total.errors += load.errors
    return total


def report(load: Load, pushes: list[float]) -> str:
    per_release = ", ".join(f"release {n}: {count}" for n, count in sorted(load.pages.items()))
    return (
        f"deploy under load: {len(pushes)} pushes went live "
        f"(push to live {min(pushes):.1f}-{max(pushes):.1f} s) while nginx answered "
        f"{load.requests} requests ({sum(load.pages.values())} pages and their stylesheets, "
        f"{load.straddled} of them with a switch between page and stylesheet); "
        f"pages per release: {per_release}; {len(load.stylesheets)} stylesheet versions; "
        f"errors: {len(load.errors)}\n"
    )


def test_pages_and_their_stylesheets_stay_whole_while_five_pushes_go_live(tmp_path: Path) -> None:
    require_nginx()
    deployment = Deployment(tmp_path)
    mark_release(deployment.work, 0)
    commit(deployment.work, "Release 0")
    assert push(deployment.work).returncode == 0
    config = write_config(tmp_path / "nginx", deployment.live)  # the symlink, as deployed
    loads, done, pushes = [Load(), Load()], threading.Event(), []
    with running_nginx(config) as nginx:
        first = nginx.request("/")
        clients = [
            threading.Thread(target=keep_asking, args=(nginx, load, done, gap, pause))
            for load, (gap, pause) in zip(loads, ((0.0, 0.03), (BROWSER_GAP, 0.0)), strict=True)
        ]
        for client in clients:
            client.start()
        try:
            for number in range(1, PUSHES + 1):
                mark_release(deployment.work, number)
                sha = commit(deployment.work, f"Release {number}")
                started = time.monotonic()
                pushed = push(deployment.work)
                pushes.append(time.monotonic() - started)
                assert pushed.returncode == 0, pushed.stderr
                assert deployment.live_commit() == sha[:12]
        finally:
            done.set()
            for client in clients:
                client.join(timeout=60)
        load = merged(loads)
        one_page(nginx, "/", load)  # the last release, once the pushes are over
        # Release 0's page, held since before the first push, still gets its stylesheet.
        one_page_from_html = STYLESHEET.search(first.body.decode())[1]
        held = nginx.request(one_page_from_html)
        # Every stylesheet version seen is still served by the live release (carried).
        still = {path: nginx.request(path).status for path in load.stylesheets}
    text = report(load, pushes)
    print(text)
    REPORT.write_text(text, encoding="utf-8")
    assert load.errors == []
    assert held.status == 200
    assert CSS_RELEASE.search(held.body.decode())[1] == "0"
    assert set(still.values()) == {200}, still
    assert max(load.pages) == PUSHES
    assert len(load.pages) >= 3, load.pages  # the client saw the site change under it
    assert len(set(load.stylesheets.values())) == len(load.stylesheets)  # one per release
