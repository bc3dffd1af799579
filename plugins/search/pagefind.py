"""Running Pagefind (the `pagefind[bin]` package: the binary ships in the wheel, so
nothing is downloaded; PAGEFIND_BINARY_PATH names another, as for Pagefind's own Python
API) over a folder of pages, and moving its bundle into the site."""

import json
import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .bundle import BUNDLE

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 600
# The "#" permalink that Markdown's toc extension appends to each heading.
EXCLUDE_SELECTORS = ".headerlink"


def pagefind_binary() -> str | None:
    """The Pagefind executable: PAGEFIND_BINARY_PATH, else the one in the pagefind-bin wheel.

    Run directly rather than through `python -m pagefind`, which would only start a
    second Python to look it up the same way (0.15 s on every build).
    """
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return override
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return str(get_executable())
    except OSError:  # the package is there but its binary is not
        return None


def index_site(pagefind: str, count: int, site: Path, output: Path) -> None:
    """Run Pagefind over the pages in `site` and move its bundle into `output`.

    The bundle is written beside `site` first, so a failed run leaves the site's
    previous index in place.
    """
    finish_index(count, start_index(pagefind, site), site, output)


@dataclass
class Started:
    """Pagefind running over a snapshot (`start_index`), for `finish_index`."""

    process: subprocess.Popen | None
    problem: str | None  # it could not even start
    began: float

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()

    def wait(self) -> None:
        if self.process is not None:
            self.process.communicate()


def start_index(pagefind: str, site: Path) -> Started:
    """Start Pagefind over the pages in `site` (its bundle goes beside `site`)."""
    began = time.monotonic()
    bundle = site.parent / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # a failed run's, in a kept copy
    command = [pagefind, "--site", str(site), "--output-path", str(bundle)]
    command += ["--exclude-selectors", EXCLUDE_SELECTORS]
    try:
        # cwd: the scratch folder, so that no pagefind.yml lying around changes the index.
        process = subprocess.Popen(
            command,
            cwd=site.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except OSError as error:
        return Started(None, f"could not start {pagefind}: {error}", began)
    return Started(process, None, began)


def finish_index(count: int, started: Started, site: Path, output: Path) -> None:
    """Wait for Pagefind, then move its bundle into `output` (or say what went wrong)."""
    problem = started.problem or _outcome(started.process, site.parent / BUNDLE)
    if problem:
        logger.error("search: Pagefind could not index %s: %s", output, problem)
        return
    shutil.rmtree(output / BUNDLE, ignore_errors=True)
    shutil.move(site.parent / BUNDLE, output / BUNDLE)
    logger.info(
        "search: Pagefind indexed %d of the %d published articles and pages in %.2f s",
        indexed_pages(output / BUNDLE),
        count,
        time.monotonic() - started.began,
    )


def indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _outcome(process: subprocess.Popen, bundle: Path) -> str | None:
    """None when Pagefind wrote its bundle, else what went wrong."""
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return f"still running after {TIMEOUT_SECONDS} s, stopped"
    logger.debug("search: Pagefind's output:\n%s%s", stdout, stderr)
    if process.returncode == 0 and (bundle / "pagefind.js").is_file():
        return None
    lines = [line.strip() for line in (stderr + stdout).splitlines() if line.strip()]
    said = " ".join(dict.fromkeys(lines[-4:])) or "no message"
    if process.returncode == 0:
        return f"it wrote no pagefind.js ({said})"
    return f"exit code {process.returncode} ({said})"
