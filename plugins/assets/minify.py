"""Minifying one file: CSS with rcssmin, JavaScript with rjsmin, written in place."""

from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minified(path: Path) -> str | None:
    """The minified text of a .css or .js file (None for any other file)."""
    minify = MINIFIERS.get(path.suffix.lower())
    if minify is None:
        return None
    return minify(path.read_text(encoding="utf-8")).strip() + "\n"


def minify_folder(folder: Path) -> tuple[int, int]:
    """Minify every .css and .js file under `folder`; (bytes before, bytes after)."""
    before = after = 0
    for path in sorted(folder.rglob("*")):
        text = minified(path) if path.is_file() else None
        if text is None:
            continue
        size = path.stat().st_size
        data = text.encode("utf-8")
        before, after = before + size, after + min(size, len(data))
        if len(data) < size:  # a file minified already (an earlier build) stays as it is
            path.write_bytes(data)
    return before, after
