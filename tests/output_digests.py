"""SHA-256 of every output file of three publish builds: proof that a change changed nothing.

A restructuring must leave the site byte for byte as it was. This helper builds the
seed site (`content/`), the hostile fixture (normalised: with the control-character and
unsafe-slug articles) and a 60-article synthetic blog with the publish settings, each
into a fresh folder with an empty cache, and records a digest of every file. Record
before the change, compare after it:

    .venv/bin/python tests/output_digests.py record /tmp/before
    .venv/bin/python tests/output_digests.py compare /tmp/before

`compare` prints every file that differs or exists on one side only, and exits 1 if
there is one. `./inv digests --record DIR` / `./inv digests --compare DIR` run the same.
"""

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from sitebuild import ROOT, Build, run_pelican

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_site import write_site

SYNTHETIC_ARTICLES = 60
# The content lint is off for the hostile fixture: its 300-character title and missing
# summary are lint findings (see tests/site/test_hostile_content.py).
LINT_OFF = {"STRICT_LINT": "false"}


def _seed(content: Path) -> tuple[dict[str, str], bool]:
    shutil.copytree(ROOT / "content", content)
    return {}, True


def _hostile(content: Path) -> tuple[dict[str, str], bool]:
    from hostile_site import write_hostile_site

    write_hostile_site(content, normalised=True)
    return dict(LINT_OFF), False  # normalised: fixed with warnings, so not strict


def _synthetic(content: Path) -> tuple[dict[str, str], bool]:
    write_site(content, SYNTHETIC_ARTICLES)
    return {}, True


SITES: dict[str, Callable[[Path], tuple[dict[str, str], bool]]] = {
    "seed": _seed,
    "hostile": _hostile,
    "synthetic": _synthetic,
}


def build_site(name: str, folder: Path) -> Build:
    """Write site `name` into `folder/content` and build it there with the publish settings."""
    extra, strict = SITES[name](folder / "content")
    extra = {**extra, "CACHE_PATH": json.dumps(str(folder / "cache"))}
    build = run_pelican(folder / "content", folder / "output", "publishconf.py", strict, extra)
    if build.returncode != 0:
        raise RuntimeError(f"the {name} site did not build:\n{build.log}")
    return build


def digests(output: Path) -> dict[str, str]:
    """Output-relative path -> SHA-256 of every file under `output`."""
    return {
        path.relative_to(output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def site_digests(name: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix=f"digests-{name}-") as folder:
        return digests(build_site(name, Path(folder)).output)


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Readable lines for every file that differs or exists on one side only."""
    found = [f"only before: {path}" for path in sorted(before.keys() - after.keys())]
    found += [f"only after: {path}" for path in sorted(after.keys() - before.keys())]
    found += [
        f"differs: {path}"
        for path in sorted(before.keys() & after.keys())
        if before[path] != after[path]
    ]
    return found


def record(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SITES:
        found = site_digests(name)
        (folder / f"{name}.json").write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
        print(f"{name}: {len(found)} files recorded in {folder / f'{name}.json'}")


def compare(folder: Path) -> int:
    failed = 0
    for name in SITES:
        before = json.loads((folder / f"{name}.json").read_text())
        found = differences(before, site_digests(name))
        print(f"{name}: {len(before)} files, {len(found)} differences")
        for line in found:
            print(f"  {line}")
        failed += bool(found)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("folder", type=Path, help="where the digests are (or go)")
    args = parser.parse_args()
    if args.action == "record":
        record(args.folder)
        return 0
    return compare(args.folder)


if __name__ == "__main__":
    sys.exit(main())
