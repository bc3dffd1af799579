"""A real Isso comment server on loopback, started by the tests as a database would be.

It runs from the configuration the site owner deploys (deploy/isso.cfg, through
deploy/isso_config.py): the database in a temporary folder, a free loopback port, the
site's test origin, no e-mail, and (unless asked) no moderation and no guard, so a test's
comment shows at once. The `isso` program is the one in this Python environment
(requirements-test.txt): without it the tests skip locally and fail in CI.
"""

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.isso_config import ISSO, write_local_config
from loopback import require_tool

MISSING = f"Isso not found at {ISSO}: ./inv sets it up from requirements-test.txt"


def require_isso() -> None:
    require_tool(ISSO.exists(), MISSING)


@dataclass
class IssoServer:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    log: Path

    def thread(self, uri: str) -> dict:
        """What Isso serves for a thread (its comments), as a reader's browser gets it."""
        with urllib.request.urlopen(f"{self.url}/?uri={uri}", timeout=5) as response:
            return json.load(response)


@contextmanager
def running_isso(
    folder: Path, port: int, site_origins: list[str], moderated: bool = False
) -> Iterator[IssoServer]:
    """Isso on 127.0.0.1:`port` answering `site_origins`; stopped on exit."""
    require_isso()
    folder.mkdir(parents=True, exist_ok=True)
    # No guard: tests post faster than a reader may.
    config = write_local_config(folder, port, site_origins, moderated, guard=False)
    output = (folder / "stdout.log").open("w")
    process = subprocess.Popen(
        [str(ISSO), "-c", str(config), "run"], stdout=output, stderr=subprocess.STDOUT
    )
    server = IssoServer(f"http://127.0.0.1:{port}", folder / "stdout.log")
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        output.close()


def _wait_until_up(server: IssoServer, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Isso exited: {server.log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{server.url}/config", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"Isso did not answer in {seconds} s: {server.log.read_text()}", pytrace=False)
