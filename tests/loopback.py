"""What the tests that start real servers (Isso, nginx, a WebSub hub) share."""

import os
import socket

import pytest


def free_port() -> int:
    """A loopback port nothing listens on now (the server binds it itself, a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_tool(found: bool, message: str) -> None:
    """Skip with `message` when a tool is missing; with CI set, fail instead (.ci/run
    installs what the tests need, so a skip in CI would hide a missing install step)."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
