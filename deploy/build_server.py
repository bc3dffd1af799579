"""The push-to-deploy build server: one long-lived Pelican session per webroot.

A fresh Pelican process per push costs ~9 s at 1,000 articles before any page changes
(imports, reading every source, every plugin over every article, every page written).
`./inv livereload` already knows how to avoid that in one process: the buildspeed
plugin keeps the last build's model (plugins/buildspeed/live.py) and the incremental
writer renders only the pages whose inputs changed (incremental.py). This server holds
such a session for the deploy hook, with the publish settings:

    pelican content -s publishconf.py -o WEBROOT/.build/site
            -e CACHE_PATH=WEBROOT/.cache + LIVE_SETTINGS (the content cache, incremental)

in the stable source folder WEBROOT/.build/source, which the hook updates with
`git read-tree --reset -u` (only the files a push changed are rewritten, so the
session's source stamps see just them). SITEURL comes from the environment the hook
starts it with (deploy.siteurl), as for the one-shot build.

It listens on WEBROOT/.build/server.sock (a Unix socket: only local users with access
to the webroot reach it) and answers one JSON line per JSON line:

    {"op": "build"}  -> {"ok": bool, "path": "fast"|"full", "messages": [...],
                         "build_s": .., "rss_mb": ..}
                        and, when ok, a second line once the search index is in place:
                        {"ok": bool, "messages": [...], "search_s": ..}
    {"op": "ping"}   -> {"ok": true, "pid": .., "digest": ..}
    {"op": "stop"}   -> {"ok": true}, then it exits

Strictness: Pelican's `--fatal warnings` raises inside the run, which would leave the
session's model half-built, so the server never passes it; instead a logging handler
records every WARNING-or-worse record of the build (Pelican's once-per-process
filter is emptied first, so a repeated problem is reported again), and any record
fails the build, with the one-line messages the author sees from the one-shot build
(paths relative to the repository). After a failed build the next build is a full one.
A build answers as soon as its pages are written, while the search index (Pagefind,
run in the background by buildspeed in a live session) is still being made, so the
hook makes the release of everything else meanwhile; the second line says when the
index is in place, and any message about it fails the build too.

What a live session cannot pick up (the Python code: plugins, settings, Markdown
extensions, the environment) is the hook's business: it starts a new server when the
digest it computes for a commit differs from the one this server was started with.

Stdout and stderr go to WEBROOT/.build/server.log (the hook starts it detached).
"""

import argparse
import contextlib
import json
import logging
import os
import shutil
import socket
import sys
import time
from pathlib import Path

# tasks.LIVE_SETTINGS, repeated: the pushed tree need not hold tasks.py.
LIVE_SETTINGS = [
    "CACHE_CONTENT=true",
    "LOAD_CONTENT_CACHE=true",
    "GZIP_CACHE=false",
    "BUILDSPEED_INCREMENTAL=true",
]
SOCKET, STATE, LOG = "server.sock", "server.json", "server.log"


class Recorder(logging.Handler):
    """Every WARNING-or-worse record of a build, as one line for the author."""

    def __init__(self, source: Path) -> None:
        super().__init__(logging.WARNING)
        self.prefix = f"{source}/"
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still a problem
            message = str(record.msg)
        for line in message.replace(self.prefix, "").splitlines():
            if line.strip():
                self.lines.append(line)


class Session:
    """The Pelican session: builds on request, the fast path when it applies."""

    def __init__(self, source: Path, site: Path, cache: Path) -> None:
        self.source, self.site = source, site
        self.argv = ["content", "-s", "publishconf.py", "-o", str(site), "--log-handler", "plain"]
        self.argv += ["-e", f"CACHE_PATH={json.dumps(str(cache))}", *LIVE_SETTINGS]
        self.recorder = Recorder(source)
        self.last_ok = False
        self.built = time.monotonic()
        logging.getLogger().addHandler(self.recorder)

    def build(self) -> dict:
        self.recorder.lines.clear()
        _forget_said_once()
        started, path = time.monotonic(), "full"
        live = sys.modules.get("buildspeed.live")  # loaded with the plugin by the first build
        if live is not None and self.last_ok and live.rebuild():
            path = "fast"
        elif live is not None:
            live.forget()
        if path == "full":
            from pelican import main as pelican_main

            # Pelican empties the output folder only after reading, and plugins look at
            # it while reading (redirects: an alias that is already a file): a full
            # build starts from an empty folder, as the one-shot build does.
            shutil.rmtree(self.site, ignore_errors=True)

            with contextlib.suppress(SystemExit):  # a failed build: its records say why
                pelican_main(list(self.argv))
        self.built = time.monotonic()
        messages = list(dict.fromkeys(self.recorder.lines))
        self.last_ok = not messages
        return {
            "ok": self.last_ok,
            "path": path,
            "messages": messages,
            "build_s": round(self.built - started, 3),
            "rss_mb": rss_mb(),
        }

    def search_index(self) -> dict:
        """Wait for the search index the build started; what it said, if anything."""
        said = len(self.recorder.lines)
        session = sys.modules.get("buildspeed.session")
        if session is not None:
            session.SESSION.background.settle()
        messages = list(dict.fromkeys(self.recorder.lines[said:]))
        self.last_ok = self.last_ok and not messages
        return {"ok": not messages, "messages": messages, "search_s": self.search_seconds()}

    def search_seconds(self) -> float:
        return round(time.monotonic() - self.built, 3)


def _forget_said_once() -> None:
    """Pelican says each warning once per process: each build must say its own."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def rss_mb() -> float:
    """This process's resident memory (Pagefind, a child, is not counted)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def short_path(path: Path) -> tuple[str, int | None]:
    """A path a Unix socket can use (at most ~107 bytes): through /proc/self/fd when the
    real one is longer; the folder's descriptor to close afterwards, or None."""
    if len(os.fsencode(path)) < 100:
        return str(path), None
    folder = os.open(path.parent, os.O_RDONLY)
    return f"/proc/self/fd/{folder}/{path.name}", folder


def listen(build_folder: Path) -> socket.socket:
    target = build_folder / SOCKET
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    where, folder = short_path(target)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(where)
    finally:
        if folder is not None:
            os.close(folder)
    target.chmod(0o600)
    server.listen(4)
    return server


def serve(server: socket.socket, session: Session, digest: str) -> None:
    while True:
        connection, _ = server.accept()
        with connection, connection.makefile("rwb") as stream:
            try:
                request = json.loads(stream.readline() or b"{}")
            except ValueError:
                request = {}
            op = request.get("op")
            if op == "build":
                answer = session.build()
            elif op in {"ping", "stop"}:
                answer = {"ok": True, "pid": os.getpid(), "digest": digest}
            else:
                answer = {"ok": False, "messages": [f"unknown request {request!r}"]}
            _answer(stream, answer)
            if op == "build" and answer["ok"]:
                _answer(stream, session.search_index())
        if op == "stop":
            return


def _answer(stream, answer: dict) -> None:
    with contextlib.suppress(OSError):  # the hook gave up waiting: its loss
        stream.write(json.dumps(answer).encode() + b"\n")
        stream.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-folder", type=Path, required=True)  # WEBROOT/.build
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--digest", required=True)
    args = parser.parse_args()
    build_folder = args.build_folder.resolve()
    source = build_folder / "source"
    os.chdir(source)  # publishconf.py and pelicanconf.py are found here, as by the hook
    sys.path.insert(0, str(source))
    session = Session(source, build_folder / "site", args.cache.resolve())
    server = listen(build_folder)
    state = {"pid": os.getpid(), "digest": args.digest}
    (build_folder / STATE).write_text(json.dumps(state), encoding="utf-8")
    print(f"build server {os.getpid()} listening, digest {args.digest}", flush=True)
    try:
        serve(server, session, args.digest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            (build_folder / SOCKET).unlink()
        session_module = sys.modules.get("buildspeed.session")
        if session_module is not None:
            session_module.SESSION.background.finish()


if __name__ == "__main__":
    main()
