"""The deploy hook's side of the build server (build_server.py): the stable source
folder, the digest that decides when a server is stale, starting, asking and stopping.

    WEBROOT/.build/source       the pushed commit's files, updated in place
    WEBROOT/.build/index        the private git index that keeps their stat data
    WEBROOT/.build/site         the server's output folder (never served)
    WEBROOT/.build/server.sock  the server's Unix socket
    WEBROOT/.build/server.json  its pid and digest
    WEBROOT/.build/server.log   its output

Any trouble with the server (it cannot start, dies, times out, answers nonsense)
raises `UnavailableError`: the hook then stops it and builds in a fresh process instead, so
a push never depends on the server. A server that is simply gone (killed, the machine
restarted) is started again and used at once.

Stdlib only: the git hooks import it from the bare repository.
"""

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BUILD = ".build"
SOCKET, STATE, LOG = "server.sock", "server.json", "server.log"  # as in build_server.py
START_TIMEOUT = 120  # seconds for a new server to listen (imports, on a busy machine)
BUILD_TIMEOUT = 900  # seconds for one build (a full build of a large site, with search)
# What a running session cannot pick up: Python code it imported (plugins, settings,
# Markdown extensions, tasks), the pinned packages, and the theme (assets and template
# caches live in module globals). A change of any of them starts a new server.
CODE_PREFIXES = ("plugins/", "theme/", "markdown_extensions/")


class UnavailableError(Exception):
    """The server cannot build this push; the one-shot build will."""


def folder(webroot: Path) -> Path:
    return webroot / BUILD


def checkout(webroot: Path, sha: str) -> Path:
    """Make WEBROOT/.build/source hold exactly `sha`'s files, rewriting only the ones
    that differ (unchanged files keep their times: the session sees what changed)."""
    source = folder(webroot) / "source"
    source.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GIT_INDEX_FILE": str(folder(webroot) / "index")}
    command = ["git", f"--work-tree={source}", "read-tree", "--reset", "-u", sha]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise UnavailableError(f"cannot check out {sha[:12]}: {done.stderr.strip()}")
    return source


def code_digest(sha: str, siteurl: str | None) -> str:
    """A digest of everything in `sha` a live session cannot pick up, the site's address,
    this Python and the server's own code."""
    done = subprocess.run(["git", "ls-tree", "-r", sha], capture_output=True, text=True)
    if done.returncode != 0:
        raise UnavailableError(f"cannot list {sha[:12]}: {done.stderr.strip()}")
    digest = hashlib.sha256(f"{siteurl}\n{sys.executable}\n".encode())
    digest.update((Path(__file__).parent / "build_server.py").read_bytes())
    for line in done.stdout.splitlines():
        _mode_type_object, path = line.split("\t", 1)
        if path.startswith(CODE_PREFIXES) or ("/" not in path and _is_code(path)):
            digest.update(f"{line}\n".encode())
    return digest.hexdigest()[:16]


def _is_code(name: str) -> bool:
    return name.endswith(".py") or (name.startswith("requirements") and name.endswith(".txt"))


def request(webroot: Path, op: str, timeout: float) -> dict:
    """Send one request, return the answer; UnavailableError when there is none."""
    with Conversation(webroot, op, timeout) as conversation:
        return conversation.answer()


class Conversation:
    """One request and the answer lines it gets (a build answers twice)."""

    def __init__(self, webroot: Path, op: str, timeout: float) -> None:
        where, descriptor = _short_path(folder(webroot) / SOCKET)
        self._client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._client.settimeout(timeout)
            self._client.connect(where)
            self._stream = self._client.makefile("rwb")
            self._stream.write(json.dumps({"op": op}).encode() + b"\n")
            self._stream.flush()
        except OSError as error:  # refused, missing, timed out
            self.close()
            raise UnavailableError(f"no answer ({error.__class__.__name__}: {error})") from None
        finally:
            if descriptor is not None:
                os.close(descriptor)

    def answer(self) -> dict:
        """The next answer line; UnavailableError when there is none or it is nonsense."""
        try:
            line = self._stream.readline()
        except OSError as error:
            raise UnavailableError(f"no answer ({error.__class__.__name__}: {error})") from None
        try:
            answer = json.loads(line)
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or "ok" not in answer:
            raise UnavailableError(f"a nonsense answer: {line[:200]!r}")
        return answer

    def close(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            self._stream.close()
        self._client.close()

    def __enter__(self) -> "Conversation":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _short_path(path: Path) -> tuple[str, int | None]:
    """As build_server.short_path: Unix socket paths are limited to ~107 bytes."""
    if len(os.fsencode(path)) < 100:
        return str(path), None
    descriptor = os.open(path.parent, os.O_RDONLY)
    return f"/proc/self/fd/{descriptor}/{path.name}", descriptor


def running_digest(webroot: Path) -> str | None:
    """The digest of the server that answers, or None when none does."""
    try:
        answer = request(webroot, "ping", timeout=10)
    except UnavailableError:
        return None
    return answer.get("digest")


def ensure(webroot: Path, digest: str, siteurl: str | None, cache: Path) -> str:
    """A server for `digest` is listening: "running", "started" or "restarted"."""
    running = running_digest(webroot)
    if running == digest:
        return "running"
    stop(webroot)
    marker = folder(webroot) / "cache.digest"  # the code that wrote the content cache
    if not marker.is_file() or marker.read_text().strip() != digest:
        _forget_content_cache(cache)  # it holds what other code read
        marker.write_text(digest)
    start(webroot, digest, siteurl, cache)
    return "started" if running is None else "restarted"


def start(webroot: Path, digest: str, siteurl: str | None, cache: Path) -> None:
    build = folder(webroot)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(COLUMNS="160", CI="true")
    if siteurl:
        env["SITEURL"] = siteurl
    command = [sys.executable, str(Path(__file__).parent / "build_server.py")]
    command += ["--build-folder", str(build), "--cache", str(cache), "--digest", digest]
    with open(build / LOG, "ab") as log:
        # Detached, and holding none of the hook's pipes: git waits for those to close.
        process = subprocess.Popen(
            command,
            cwd=build / "source",
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            code = process.returncode
            raise UnavailableError(f"it exited at start (code {code}, see {build / LOG})")
        if running_digest(webroot) == digest:
            return
        time.sleep(0.1)
    raise UnavailableError(f"not listening after {START_TIMEOUT} s")


def build(webroot: Path) -> tuple[dict, Conversation]:
    """The build's answer (its pages are written) and the conversation whose next answer
    (`search_index`) comes once the search index is in place. Close it when done."""
    conversation = Conversation(webroot, "build", timeout=BUILD_TIMEOUT)
    try:
        answer = conversation.answer()
        if not isinstance(answer.get("messages"), list) or answer.get("path") not in {
            "fast",
            "full",
        }:
            raise UnavailableError(f"a nonsense answer: {answer!r}"[:300])
    except UnavailableError:
        conversation.close()
        raise
    return answer, conversation


def search_index(conversation: Conversation) -> dict:
    """The build's second answer: the search index is in place (or what went wrong)."""
    answer = conversation.answer()
    if not isinstance(answer.get("messages"), list):
        raise UnavailableError(f"a nonsense answer: {answer!r}"[:300])
    return answer


def stop(webroot: Path) -> None:
    """Stop the server of this webroot, whatever state it is in."""
    with contextlib.suppress(UnavailableError):
        request(webroot, "stop", timeout=5)
    pid = _server_pid(webroot)
    if pid is not None:
        _end(pid)
    for name in (SOCKET, STATE):
        with contextlib.suppress(FileNotFoundError):
            (folder(webroot) / name).unlink()


def _server_pid(webroot: Path) -> int | None:
    """The recorded server's pid, if that process is still a build server."""
    try:
        pid = int(json.loads((folder(webroot) / STATE).read_text())["pid"])
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pid if b"build_server.py" in command else None


def _end(pid: int) -> None:
    """SIGTERM, then SIGKILL if it is still there after 10 s."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not Path(f"/proc/{pid}").exists() or _is_zombie(pid):
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)


def _is_zombie(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return ") Z " in Path(f"/proc/{pid}/stat").read_text()
    return True


def _forget_content_cache(cache: Path) -> None:
    """Pelican's content caches (the files at the top of CACHE_PATH) hold what the old
    code read; the image and card caches (folders) are keyed by their inputs."""
    if cache.is_dir():
        for entry in cache.iterdir():
            if entry.is_file():
                entry.unlink()
            elif entry.name.endswith("-Readers"):
                shutil.rmtree(entry, ignore_errors=True)
