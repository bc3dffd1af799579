"""Full-text search: index the built site with Pagefind at the end of every build.

Only published articles and pages are indexed (and, inside them, only what the
theme marks with `data-pagefind-body`, minus `data-pagefind-ignore`): drafts,
future-dated articles and hidden content are written to the output folder too,
so Pagefind is not pointed at the whole folder. Their files are linked into a
scratch folder, Pagefind (the `pagefind[bin]` package: the binary ships in the
wheel; PAGEFIND_BINARY_PATH names another, as for Pagefind's own Python API) indexes
that, and the new bundle replaces `OUTPUT_PATH/pagefind/`, so no stale index files
pile up across development builds.

`ENGAGE_SEARCH = False` turns indexing off. A failure is logged as an error
(fatal with `--fatal warnings`); the rest of the site is still written.
"""

import atexit
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from . import incremental

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # OUTPUT_PATH/pagefind/pagefind.js is what the search page loads
TIMEOUT_SECONDS = 600
# The "#" permalink that Markdown's toc extension appends to each heading.
EXCLUDE_SELECTORS = ".headerlink"

_searchable: list[str] = []  # output-relative files of the current build's published content


def remember_searchable(generators: list) -> None:
    """`all_generators_finalized` receiver: note the files of published articles and pages.

    `articles`/`pages` and their `translations` hold published, listed content
    only; drafts (future-dated articles included) and hidden content live in
    other lists and are left out on purpose.
    """
    _searchable.clear()
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            contents = [*generator.articles, *generator.translations]
        elif isinstance(generator, PagesGenerator):
            contents = [*generator.pages, *generator.translations]
        else:
            continue
        _searchable.extend(content.save_as for content in contents if content.save_as)


def build_search_index(pelican) -> None:
    """`finalized` receiver: run Pagefind over this build's published pages."""
    enabled = pelican.settings.get("ENGAGE_SEARCH", True)
    if not isinstance(enabled, bool):
        logger.error("ENGAGE_SEARCH must be True or False, not %r", enabled)
        return
    if not enabled:
        return
    output = Path(pelican.output_path)
    files = [name for name in dict.fromkeys(_searchable) if (output / name).is_file()]
    if not files:
        wait_for_background()  # else a livereload index still running would move it back
        shutil.rmtree(output / BUNDLE, ignore_errors=True)  # no stale results either
        logger.info("search: nothing published to index")
        return
    pagefind = pagefind_binary()
    if pagefind is None:
        logger.error(
            "search: Pagefind is not installed, so the site has no search index; "
            "install the pinned requirements (pagefind[bin]) or set ENGAGE_SEARCH = False"
        )
        return
    if pelican.settings.get("ENGAGE_INCREMENTAL"):
        _index_in_background(pagefind, output, files)
    else:
        _index(pagefind, output, files, _link_or_copy)


def _index(pagefind: str, output: Path, files: list[str], place) -> None:
    """Index a snapshot of `files` (placed by `place`) and swap the bundle into `output`."""
    with tempfile.TemporaryDirectory(prefix="engage-search-") as scratch:
        _snapshot(output, files, Path(scratch), place)
        _index_snapshot(pagefind, output, Path(scratch), len(files))


def _snapshot(output: Path, files: list[str], scratch: Path, place) -> None:
    for name in files:
        place(output / name, scratch / "site" / name)


def _index_snapshot(pagefind: str, output: Path, scratch: Path, count: int) -> None:
    """Run Pagefind over `scratch/site` and move its bundle into `output`."""
    started = time.monotonic()
    site, bundle = scratch / "site", scratch / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # a failed run's, in livereload's kept copy
    problem = _run_pagefind(pagefind, site, bundle)
    if problem:
        logger.error("search: Pagefind could not index %s: %s", output, problem)
        return
    shutil.rmtree(output / BUNDLE, ignore_errors=True)
    shutil.move(bundle, output / BUNDLE)
    logger.info(
        "search: Pagefind indexed %d of the %d published articles and pages in %.2f s",
        _indexed_pages(output / BUNDLE),
        count,
        time.monotonic() - started,
    )


_snapshot_root: Path | None = None  # livereload's copy of the searchable pages, kept
_snapshot_files: set[str] = set()  # between builds and refreshed file by file
_snapshot_of: list[Path] = []  # the output folder it copies


@atexit.register
def _remove_snapshot() -> None:
    """Registered before wait_for_background, so it runs after it (atexit is LIFO)."""
    if _snapshot_root is not None:
        shutil.rmtree(_snapshot_root, ignore_errors=True)


_background: threading.Thread | None = None


@atexit.register
def wait_for_background() -> None:
    """Let a background index finish (before the process ends: it cleans up after itself)."""
    if _background is not None:
        _background.join()


_last_indexed: list[str] = []  # the files of the newest index built in the background


def _index_in_background(pagefind: str, output: Path, files: list[str]) -> None:
    """Edit-preview loop: pages first, the index a moment later (incremental.py).

    Pagefind needs about 2 s for 1,000 articles; the rebuilt pages are on disk and
    the browser reloads without waiting for it. Nothing to do when no searchable
    page was rendered again. Pagefind reads a copy of the pages, refreshed before
    this build returns (the next build may rewrite a page while Pagefind reads):
    only the pages this build rendered are copied again, not all 1,000.
    """
    global _background
    if _background is not None:
        _background.join()  # one index at a time, the newest last
    rendered = set(incremental.MEMORY.pending) | incremental.MEMORY.rendered_paths
    unchanged = _last_indexed == files and not any(str(output / f) in rendered for f in files)
    if unchanged and (output / BUNDLE / "pagefind.js").is_file():
        return
    _last_indexed[:] = files
    scratch = _refresh_snapshot(output, files, rendered)
    _background = threading.Thread(
        target=_index_snapshot, args=(pagefind, output, scratch, len(files))
    )
    _background.start()


def _refresh_snapshot(output: Path, files: list[str], rendered: set[str]) -> Path:
    """Bring the kept copy up to date with `files` in `output`; the copy's root folder."""
    global _snapshot_root
    if _snapshot_root is None or _snapshot_of != [output]:
        _remove_snapshot()
        _snapshot_root = Path(tempfile.mkdtemp(prefix="engage-search-"))
        _snapshot_files.clear()
        _snapshot_of[:] = [output]
    site = _snapshot_root / "site"
    for name in files:
        source, copy = output / name, site / name
        if str(source) in rendered or name not in _snapshot_files or not _same(source, copy):
            _copy(source, copy)
    for name in _snapshot_files - set(files):
        (site / name).unlink(missing_ok=True)
    _snapshot_files.clear()
    _snapshot_files.update(files)
    return _snapshot_root


def _same(source: Path, copy: Path) -> bool:
    """Same size and modification time: `_copy` keeps the time of what it copies."""
    try:
        one, other = source.stat(), copy.stat()
    except OSError:
        return False
    return (one.st_size, one.st_mtime_ns) == (other.st_size, other.st_mtime_ns)


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


def _indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, target)


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
