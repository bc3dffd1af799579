"""A new release made from the build server's output, sharing unchanged files with the
release before it.

The server's output folder (WEBROOT/.build/site) is rewritten in place by Pelican and
the plugins (truncating writes), so a release must never share a file with it: hard
links would let the next build change a published release. Releases themselves are
never written after they exist, so two releases may share files. `ReleaseMaker` walks
the output folder; a file whose path, size and content are those of the previous
release's file is hard-linked from that release (its .gz too), any other is copied and,
if it is text, gets a fresh .gz (the same bytes `hook.precompress` writes). Files gone
from the output are not in the new release (the hook still carries the old
fingerprinted theme files: releases.keep_old_assets).

Whether a file changed is decided cheaply with WEBROOT/.build/manifest.json, written
for each release made this way: each output file's (size, mtime_ns, ctime_ns, inode,
sha256). A file whose stat is unchanged has the recorded content (nothing writes it
without changing its ctime); any other is hashed and compared, so a rewrite with the
same bytes (the search index is rewritten whole on each build) is still shared.

Stdlib only: the git hooks import it from the bare repository.
"""

import contextlib
import gzip
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"


@dataclass
class Made:
    linked: int = 0
    copied: int = 0
    compressed: int = 0


def gzipped(data: bytes) -> bytes | None:
    """The .gz of a text file (gzip -9, no name or time inside), None when not smaller."""
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    return packed if len(packed) < len(data) else None


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _load(manifest: Path, releases: Path) -> tuple[Path | None, dict[str, list]]:
    """The release the manifest describes, if it is still on disk, and its files."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        previous = releases / data["release"]
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, {}
    if not data["release"] or not previous.is_dir():
        return None, {}
    return previous, files


class ReleaseMaker:
    """Fills a new release folder from the server's output, sharing with the last release
    made this way, in parts: everything but the search index while it is being made,
    then the index."""

    def __init__(
        self, site: Path, target: Path, releases: Path, manifest: Path, suffixes: frozenset
    ) -> None:
        previous, self.known = _load(manifest, releases)
        self.previous = str(previous) if previous else None
        self.site, self.target, self.suffixes = site, target, suffixes
        self.files: dict = {}
        self.made = Made()

    def fill(self, skip: frozenset = frozenset(), only: str | None = None) -> None:
        """Every file of the output but the top-level folders in `skip`; with `only`, the
        files of that top-level folder alone.

        Strings and os.scandir rather than pathlib, and links tried rather than checked
        first: a site has thousands of files, and this runs on every push."""
        if only is None:
            _fill(str(self.site), str(self.target), "", self, skip)
        elif (self.site / only).is_dir():
            _fill(str(self.site / only), str(self.target / only), f"{only}/", self, frozenset())


def _fill(folder: str, out: str, prefix: str, maker: ReleaseMaker, skip: frozenset) -> None:
    os.makedirs(out, exist_ok=True)
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if relative not in skip:
                _fill(entry.path, os.path.join(out, entry.name), relative + "/", maker, skip)
            continue
        stat = entry.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        old = maker.known.get(relative)
        digest = old[4] if old and old[:4] == stamp else _digest(Path(entry.path))
        maker.files[relative] = [*stamp, digest]
        target = os.path.join(out, entry.name)
        same = old is not None and old[0] == stat.st_size and old[4] == digest
        if same and maker.previous is not None and _share(maker.previous, relative, target):
            maker.made.linked += 1
        else:
            _copy(Path(entry.path), Path(target), maker.suffixes, maker.made)


def _share(previous: str, relative: str, target: str) -> bool:
    """Hard-link the previous release's file (and its .gz); False if it has none."""
    source = os.path.join(previous, relative)
    try:
        os.link(source, target, follow_symlinks=False)
    except FileNotFoundError:
        return False
    with contextlib.suppress(FileNotFoundError):
        os.link(f"{source}.gz", f"{target}.gz", follow_symlinks=False)
    return True


def _copy(source: Path, target: Path, suffixes: frozenset, made: Made) -> None:
    shutil.copyfile(source, target)
    made.copied += 1
    if target.suffix.lower() in suffixes:
        packed = gzipped(target.read_bytes())
        if packed is not None:
            target.with_name(f"{target.name}.gz").write_bytes(packed)
            made.compressed += 1


def record(manifest: Path, release: Path, files: dict) -> None:
    """Write down `release`'s files as the server's output held them (atomically)."""
    temporary = manifest.with_name(f".{manifest.name}.{os.getpid()}")
    temporary.write_text(json.dumps({"release": release.name, "files": files}), encoding="utf-8")
    os.replace(temporary, manifest)
