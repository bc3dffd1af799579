"""Every test's deployments end with their build servers stopped (the hook starts one
per webroot, detached: it would outlive the test)."""

from pathlib import Path

import pytest

from deploy.build_client import stop


@pytest.fixture(autouse=True)
def no_build_server_left(tmp_path: Path):
    yield
    for state in tmp_path.glob("**/.build/server.json"):
        stop(state.parent.parent)
