"""Running Pagefind (the `pagefind[bin]` package: the binary ships in the wheel, so
nothing is downloaded; PAGEFIND_BINARY_PATH names another, as for Pagefind's own Python
API) over a folder of pages, shard after shard, and moving the bundle into the site.

Each shard (`shards`) is indexed by its own run, one at a time, so that Pagefind's
memory stays bounded by the shard's size; a shard whose pages and set-up are those of
an earlier build is taken from the cache (`index_cache`) instead. The bundle is put
together beside the snapshot, and moved into the site only once every shard is in it.
"""

import json
import logging
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from kit.site_jobs import link_or_copy

from .bundle import BUNDLE, SHARDS_FILE
from .index_cache import IndexCache
from .shards import Shard

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 600
# The "#" permalink that Markdown's toc extension appends to each heading.
EXCLUDE_SELECTORS = ".headerlink"
OPTIONS = ("--exclude-selectors", EXCLUDE_SELECTORS)
# What a shard other than the first needs: its index, not Pagefind's scripts again.
SHARD_FILES = ("pagefind-entry.json", "*.pf_meta", "index/*", "fragment/*", "filter/*")


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


class Indexing:
    """Pagefind over a snapshot's shards, in a background thread (`start_index`)."""

    def __init__(self, pagefind: str, shards: tuple[Shard, ...], cache: IndexCache) -> None:
        self.pagefind, self.shards, self.cache = pagefind, shards, cache
        self.began = time.monotonic()
        self.problem: str | None = None
        self.keys: list[str] = []
        self.reused = 0
        self.indexed = 0  # pages in the bundle, by the shards' entry files
        self._process: subprocess.Popen | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None

    def start(self, site: Path) -> "Indexing":
        self._thread = threading.Thread(
            target=self._run, args=(site,), name="search-index", daemon=True
        )
        self._thread.start()
        return self

    def kill(self) -> None:
        self._stopped = True  # before reading _process: _pagefind checks it after Popen
        process = self._process
        if process is not None:
            process.kill()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self, site: Path) -> None:
        bundle = site.parent / BUNDLE
        shutil.rmtree(bundle, ignore_errors=True)  # a failed run's, in a kept copy
        try:
            for shard in self.shards:
                made = self._shard_bundle(shard, site)
                if made is None:
                    return
                _put(made, bundle / shard.folder, every_file=not shard.folder)
            self.indexed = _list_shards(bundle, self.shards)
        except Exception as error:  # in a thread: finish_index says it, nothing is lost
            self.problem = f"{type(error).__name__}: {error}"

    def _shard_bundle(self, shard: Shard, site: Path) -> Path | None:
        """The shard's bundle: kept from an earlier build, or made now (None: failed)."""
        key = self.cache.key(site, shard.files)
        self.keys.append(key)
        kept = self.cache.bundle(key)
        if kept is not None:
            self.reused += 1
            return kept
        if self._stopped:
            self.problem = "stopped"
            return None
        pages = site if len(self.shards) == 1 else _sub_snapshot(site, shard)
        made = self.cache.new_bundle(key)
        self.problem = self._pagefind(pages, made)
        return None if self.problem else self.cache.keep(key, made)

    def _pagefind(self, pages: Path, bundle: Path) -> str | None:
        command = [self.pagefind, "--site", str(pages), "--output-path", str(bundle), *OPTIONS]
        try:
            # cwd: the scratch folder, so that no pagefind.yml lying around changes the index.
            self._process = subprocess.Popen(
                command,
                cwd=pages.parent,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as error:
            return f"could not start {self.pagefind}: {error}"
        if self._stopped:  # kill() came between the check in _shard_bundle and Popen
            self._process.kill()
        return _outcome(self._process, bundle)


def start_index(
    pagefind: str, shards: tuple[Shard, ...], cache: IndexCache, site: Path
) -> Indexing:
    """Start indexing the pages in `site` (the bundle goes beside `site`)."""
    return Indexing(pagefind, shards, cache).start(site)


def index_site(
    pagefind: str, shards: tuple[Shard, ...], cache: IndexCache, site: Path, output: Path
) -> None:
    """Index the pages in `site` and move the bundle into `output`.

    The bundle is put together beside `site` first, so a failed run leaves the site's
    previous index in place.
    """
    finish_index(start_index(pagefind, shards, cache, site), site, output)


def finish_index(started: Indexing, site: Path, output: Path) -> None:
    """Wait for the indexing, then move the bundle into `output` (or say what went wrong)."""
    started.wait()
    if started.problem:
        logger.error("search: Pagefind could not index %s: %s", output, started.problem)
        return
    started.cache.keep_only(started.keys)
    shutil.rmtree(output / BUNDLE, ignore_errors=True)
    shutil.move(site.parent / BUNDLE, output / BUNDLE)
    logger.info(
        "search: Pagefind indexed %d of the %d published articles and pages in %.2f s%s",
        started.indexed,
        sum(len(shard.files) for shard in started.shards),
        time.monotonic() - started.began,
        _reuse(len(started.shards), started.reused),
    )


def _reuse(shards: int, reused: int) -> str:
    if shards > 1:
        return f" ({shards} shards, {reused} of them from the cache)"
    return " (from the cache)" if reused else ""


def _entry_pages(folder: Path) -> int:
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _list_shards(bundle: Path, shards: tuple[Shard, ...]) -> int:
    """Write SHARDS_FILE: each shard's folder (the first one's is "") and how many pages
    it holds; the pages of all of them."""
    listed = [
        {"folder": shard.folder, "pages": _entry_pages(bundle / shard.folder)} for shard in shards
    ]
    (bundle / SHARDS_FILE).write_text(json.dumps({"shards": listed}), encoding="utf-8")
    return sum(shard["pages"] for shard in listed)


def _sub_snapshot(site: Path, shard: Shard) -> Path:
    """Links to the shard's pages, in a folder of their own beside `site`."""
    pages = site.parent / "shards" / (shard.folder or "shard-0/") / "site"
    shutil.rmtree(pages.parent, ignore_errors=True)
    for name in shard.files:
        link_or_copy(site / name, pages / name)
    return pages


def _put(made: Path, target: Path, every_file: bool) -> None:
    """Link the bundle at `made` into `target`: all of it, or only a shard's index."""
    patterns = ("**/*",) if every_file else SHARD_FILES
    for pattern in patterns:
        for source in made.glob(pattern):
            if source.is_file():
                link_or_copy(source, target / source.relative_to(made))


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
