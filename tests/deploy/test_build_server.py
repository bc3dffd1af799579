"""Push-to-live through the build server (deploy/build_server.py): a push that edits an
article's text takes the server's fast path, and whatever path a push takes (fast, full
after a restart, the fallback after the server died) the live release is byte for byte
a clean build of the same commit, as the one-shot hook builds it, with its .gz files.

One deployment of a 200-article synthetic blog serves the module (its first push, a
full build, costs most of the time); each test pushes on from where the last left it.
"""

import json
import os
import shutil
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

from deployment import Deployment, commit, push, snapshot
from sitebuild import ROOT, differences

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_site import write_site

from deploy.hook import build, export, precompress

ARTICLES = 200


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory):
    deployment = Deployment(tmp_path_factory.mktemp("server"))
    content = deployment.work / "content"
    shutil.rmtree(content)
    write_site(content, ARTICLES)
    first = commit(deployment.work, "A blog of 200 articles")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert "build server (started" in pushed.stderr, pushed.stderr
    assert deployment.live_commit() == first[:12]
    yield deployment
    pid = server_pid(deployment)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)


def server_pid(deployment: Deployment) -> int | None:
    state = deployment.webroot / ".build" / "server.json"
    if not state.is_file():
        return None
    return json.loads(state.read_text())["pid"]


def clean_build(deployment: Deployment, sha: str, scratch: Path) -> Path:
    """The commit built as the one-shot hook builds it: a fresh strict Pelican process,
    the publish settings, the hook's SITEURL (none: the default), .gz files."""
    shutil.rmtree(scratch, ignore_errors=True)
    cwd = os.getcwd()
    os.chdir(deployment.bare)  # export reads the pushed repository, as the hook does
    try:
        export(sha, scratch / "source")
    finally:
        os.chdir(cwd)
    build(scratch / "source", scratch / "site", None, scratch / "cache")
    precompress(scratch / "site")
    return scratch / "site"


def assert_live_is_clean_build(deployment: Deployment, sha: str, scratch: Path) -> None:
    assert deployment.live_commit() == sha[:12]
    reference = clean_build(deployment, sha, scratch)
    live = deployment.live.resolve()
    assert differences(live, reference) == []  # every file, both ways, byte for byte


def edit_line(deployment: Deployment, number: int, text: str) -> str:
    path = deployment.work / "content" / f"article-{number:05d}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[8] = f"{text} {lines[8]}"  # the first paragraph of the body
    path.write_text("\n".join(lines), encoding="utf-8")
    return commit(deployment.work, f"Edit article {number}")


def test_a_one_line_edit_goes_live_through_the_fast_path(deployment, tmp_path) -> None:
    first_release = deployment.live.resolve()
    sha = edit_line(deployment, 17, "Edited for the fast path.")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert "body edit, fast path" in pushed.stderr, pushed.stderr
    assert_live_is_clean_build(deployment, sha, tmp_path / "reference")
    live = deployment.live.resolve()
    edited = live / "article-00017" / "index.html"
    assert "Edited for the fast path." in edited.read_text(encoding="utf-8")
    # Unchanged files are shared with the release before; the edited page is not.
    assert (
        os.stat(live / "article-00100" / "index.html").st_ino
        == os.stat(first_release / "article-00100" / "index.html").st_ino
    )
    assert os.stat(edited).st_ino != os.stat(first_release / "article-00017/index.html").st_ino
    assert "Edited" not in (first_release / "article-00017/index.html").read_text()


def test_a_broken_article_is_refused_then_the_next_push_goes_live(deployment, tmp_path) -> None:
    before_link, before_files = os.readlink(deployment.live), snapshot(deployment.live)
    path = deployment.work / "content" / "article-00031.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("Date: ", "Date: not a date ", 1), encoding="utf-8")
    commit(deployment.work, "A bad date")
    pushed = push(deployment.work)
    assert pushed.returncode != 0
    assert "content/article-00031.md" in pushed.stderr, pushed.stderr
    assert "push refused" in pushed.stderr
    assert "Traceback" not in pushed.stderr
    assert os.readlink(deployment.live) == before_link
    assert snapshot(deployment.live) == before_files
    path.write_text(good, encoding="utf-8")
    sha = edit_line(deployment, 31, "Fixed and edited.")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert "build server (running" in pushed.stderr, pushed.stderr
    assert_live_is_clean_build(deployment, sha, tmp_path / "reference")


def test_a_server_killed_between_pushes_does_not_stop_a_push(deployment, tmp_path) -> None:
    pid = server_pid(deployment)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    while Path(f"/proc/{pid}").exists() and ") Z " not in Path(f"/proc/{pid}/stat").read_text():
        time.sleep(0.05)
    sha = edit_line(deployment, 45, "Edited after the server died.")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert server_pid(deployment) != pid
    assert_live_is_clean_build(deployment, sha, tmp_path / "reference")


def test_a_server_that_answers_nonsense_is_replaced_by_a_fresh_build(deployment, tmp_path) -> None:
    """A server that answers its pings but not a build: the push is built in a fresh
    process, goes live, and the next push starts a new server."""
    state = deployment.webroot / ".build" / "server.json"
    digest = json.loads(state.read_text())["digest"]
    os.kill(server_pid(deployment), signal.SIGKILL)
    sock_path = deployment.webroot / ".build" / "server.sock"
    sock_path.unlink()
    impostor = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    impostor.bind(str(sock_path))
    impostor.listen(8)

    def answer() -> None:
        while True:
            try:
                connection, _ = impostor.accept()
            except OSError:
                return
            with connection:
                request = json.loads(connection.makefile().readline())
                if request["op"] == "build":
                    connection.sendall(b"not json\n")
                else:
                    connection.sendall(json.dumps({"ok": True, "digest": digest}).encode() + b"\n")

    threading.Thread(target=answer, daemon=True).start()
    sha = edit_line(deployment, 46, "Edited while an impostor listened.")
    pushed = push(deployment.work)
    impostor.close()
    assert pushed.returncode == 0, pushed.stderr
    assert "build server unavailable: a nonsense answer" in pushed.stderr, pushed.stderr
    assert "building in a fresh process" in pushed.stderr
    assert_live_is_clean_build(deployment, sha, tmp_path / "reference")


def test_a_template_change_restarts_the_server(deployment, tmp_path) -> None:
    footer = deployment.work / "theme" / "templates" / "partials" / "footer.html"
    text = footer.read_text(encoding="utf-8")
    assert "<footer" in text
    footer.write_text(text.replace("<footer", "<footer data-release-test", 1), encoding="utf-8")
    sha = commit(deployment.work, "A footer attribute")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert "full build" in pushed.stderr, pushed.stderr
    assert "build server (restarted" in pushed.stderr or "build server (started" in pushed.stderr
    assert_live_is_clean_build(deployment, sha, tmp_path / "reference")
    assert "data-release-test" in (deployment.live / "index.html").read_text(encoding="utf-8")


def test_a_settings_change_restarts_the_server(deployment, tmp_path) -> None:
    settings = deployment.work / "publishconf.py"
    settings.write_text(settings.read_text() + "\nDEFAULT_PAGINATION = 7\n", encoding="utf-8")
    sha = commit(deployment.work, "Seven articles a page")
    before = server_pid(deployment)
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert "build server (restarted" in pushed.stderr, pushed.stderr
    assert server_pid(deployment) != before
    assert_live_is_clean_build(deployment, sha, tmp_path / "reference")
