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


def final_bytes(path: Path, minify: bool) -> bytes:
    """What the output holds for the theme file `path`: its minified text when that is
    smaller (a file minified already stays as it is), else the file as it is."""
    data = path.read_bytes()
    text = minified(path) if minify else None
    if text is None:
        return data
    small = text.encode("utf-8")
    return small if len(small) < len(data) else data


def minify_folder(folder: Path) -> tuple[int, int]:
    """Minify every .css and .js file under `folder`; (bytes before, bytes after)."""
    before = after = 0
    for path in sorted(folder.rglob("*")):
        if not (path.is_file() and path.suffix.lower() in MINIFIERS):
            continue
        size = path.stat().st_size
        data = final_bytes(path, minify=True)
        before, after = before + size, after + len(data)
        if len(data) < size:
            path.write_bytes(data)
    return before, after
