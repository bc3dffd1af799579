"""Running Pagefind (the `pagefind[bin]` package: the binary ships in the wheel, so
nothing is downloaded; PAGEFIND_BINARY_PATH names another, as for Pagefind's own Python
API) over a folder of pages, and moving its bundle into the site."""

import json
import logging
import os
import shutil
import subprocess
import time
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
    started = time.monotonic()
    bundle = site.parent / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # a failed run's, in a kept copy
    problem = _run_pagefind(pagefind, site, bundle)
    if problem:
        logger.error("search: Pagefind could not index %s: %s", output, problem)
        return
    shutil.rmtree(output / BUNDLE, ignore_errors=True)
    shutil.move(bundle, output / BUNDLE)
    logger.info(
        "search: Pagefind indexed %d of the %d published articles and pages in %.2f s",
        indexed_pages(output / BUNDLE),
        count,
        time.monotonic() - started,
    )


def indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _run_pagefind(pagefind: str, site: Path, bundle: Path) -> str | None:
    """Index `site` into `bundle`; None on success, else what went wrong."""
    command = [pagefind, "--site", str(site), "--output-path", str(bundle)]
    command += ["--exclude-selectors", EXCLUDE_SELECTORS]
    try:
        # cwd: the scratch folder, so that no pagefind.yml lying around changes the index.
        done = subprocess.run(
            command,
            cwd=site.parent,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"still running after {TIMEOUT_SECONDS} s, stopped"
    except OSError as error:
        return f"could not start {pagefind}: {error}"
    logger.debug("search: Pagefind's output:\n%s%s", done.stdout, done.stderr)
    if done.returncode == 0 and (bundle / "pagefind.js").is_file():
        return None
    lines = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    said = " ".join(dict.fromkeys(lines[-4:])) or "no message"
    if done.returncode == 0:
        return f"it wrote no pagefind.js ({said})"
    return f"exit code {done.returncode} ({said})"
