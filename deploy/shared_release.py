"""A new release made from the build server's output, sharing unchanged files with the
release before it.

The server's output folder (WEBROOT/.build/site) is rewritten in place by Pelican and
the plugins (truncating writes), so a release must never share a file with it: hard
links would let the next build change a published release. Releases themselves are
never written after they exist, so two releases may share files. `make_release` walks
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


def make_release(
    site: Path, target: Path, releases: Path, manifest: Path, suffixes: frozenset
) -> tuple[Made, dict]:
    """Fill `target` (new) from `site`, sharing with the last release made this way (in
    `releases`); (what was done, the manifest to `record` once `target` is a release)."""
    (previous, known), files, made = _load(manifest, releases), {}, Made()
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        relative_folder = os.path.relpath(folder, site)
        out = target / relative_folder
        out.mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            path = Path(folder, name)
            relative = name if relative_folder == "." else f"{relative_folder}/{name}"
            stat = path.stat()
            stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
            old = known.get(relative)
            digest = old[4] if old and old[:4] == stamp else _digest(path)
            files[relative] = [*stamp, digest]
            same = old is not None and old[0] == stat.st_size and old[4] == digest
            if same and previous is not None and _share(previous, relative, out / name):
                made.linked += 1
            else:
                _copy(path, out / name, suffixes, made)
    return made, files


def _share(previous: Path, relative: str, target: Path) -> bool:
    """Hard-link the previous release's file (and its .gz); False if it has none."""
    source = previous / relative
    if not source.is_file() or source.is_symlink():
        return False
    os.link(source, target)
    packed = previous / f"{relative}.gz"
    if packed.is_file():
        os.link(packed, target.with_name(f"{target.name}.gz"))
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
