"""Pagefind bundles kept between builds, one per shard, under what they were made from.

A shard's key is a digest of everything its index depends on: the names and bytes of
its pages, the Pagefind binary (path, size, modification time), our command-line
options and any `PAGEFIND_*` environment variable Pagefind would read. A build whose
shard has the same key takes the kept bundle instead of running Pagefind again: on an
unchanged site none runs; after an edit only the edited page's shard does.

The cache lives in `CACHE_PATH/search-index/`. A bundle is written under a temporary
name and renamed into place, so a kept bundle is always a whole one. After each build
the bundles it did not use are removed, unless another build used or made them in the
last half hour (two builds may share a cache: the dev server and a publish build); a
bundle is renamed before it is deleted, so a half-deleted one is never found.
"""

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

CACHE_FOLDER = "search-index"  # inside CACHE_PATH
LAYOUT = "1"  # bump when what a kept bundle holds changes
_COMPLETE = "pagefind-entry.json"  # in every whole bundle
# A bundle used (or a temporary folder made) this recently is kept, whoever used it:
# longer than a Pagefind run may take (pagefind.TIMEOUT_SECONDS).
GRACE_SECONDS = 1800


class IndexCache:
    """Kept bundles in `folder`, for one Pagefind set-up (`identity`)."""

    def __init__(self, folder: Path, identity: str) -> None:
        self.folder = folder
        self.identity = identity

    def key(self, site: Path, files: Iterable[str]) -> str:
        """The digest of `files` (read in `site`) and of the set-up."""
        digest = hashlib.blake2b(self.identity.encode("utf-8"), digest_size=16)
        for name in sorted(files):
            digest.update(name.encode("utf-8") + b"\0")
            with open(site / name, "rb") as page:  # one reused buffer: no copy of each page
                digest.update(hashlib.file_digest(page, _blake2b).digest())
        return digest.hexdigest()

    def bundle(self, key: str) -> Path | None:
        """The kept bundle for `key`, if there is one."""
        kept = self.folder / key
        if not (kept / _COMPLETE).is_file():
            return None
        os.utime(kept)  # used now: no other build removes it for a while
        return kept

    def new_bundle(self, key: str) -> Path:
        """A folder name, beside the kept bundles, for Pagefind to write into (`keep` it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.folder)) / "bundle"

    def keep(self, key: str, made: Path) -> Path:
        """Keep the bundle Pagefind wrote at `made` (from `new_bundle`) under `key`."""
        kept = self.folder / key
        try:
            os.rename(made, kept)
        except OSError:  # another build kept one first: made from the same bytes, so use it
            if self.bundle(key) is None:
                raise
        shutil.rmtree(made.parent, ignore_errors=True)
        return kept

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove the bundles (and leftover temporary folders) other than those of `keys`
        that no build used in the last GRACE_SECONDS."""
        wanted, now = set(keys), time.time()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            try:
                recent = now - entry.stat().st_mtime < GRACE_SECONDS
            except OSError:
                continue
            if entry.name not in wanted and not recent:
                _remove(Path(entry.path))


def _remove(folder: Path) -> None:
    """Rename, then delete: a bundle half deleted (a build stopped meanwhile) is never
    found under its key."""
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}")
    try:
        os.rename(folder, trash)
    except OSError:
        return  # gone already, or taken by another build
    shutil.rmtree(trash, ignore_errors=True)


def _blake2b() -> "hashlib._Hash":
    return hashlib.blake2b(digest_size=16)


def identity(pagefind: str, options: Iterable[str]) -> str:
    """What, besides the pages, a bundle depends on: the binary, the options, the
    environment Pagefind reads (`PAGEFIND_*`), and our layout."""
    try:
        found = os.stat(shutil.which(pagefind) or pagefind)
        binary = f"{pagefind}:{found.st_size}:{found.st_mtime_ns}"
    except OSError:
        binary = pagefind
    environment = sorted((k, v) for k, v in os.environ.items() if k.startswith("PAGEFIND_"))
    return repr((LAYOUT, binary, tuple(options), environment))
