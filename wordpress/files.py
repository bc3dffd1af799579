"""Writing the imported files without ever overwriting an author's edit.

What the import wrote is recorded in `content/.wordpress-import.json` (a hidden file, so
Pelican ignores it): the digest of each file. On a second run a file is rewritten only
when it is still exactly what the import wrote and the export now gives something else;
a file the author edited since is kept and reported, unless `--force`.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".wordpress-import.json"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Writer:
    content: Path
    force: bool = False
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by the author: not overwritten
    manifest: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        path = self.content / MANIFEST
        if path.is_file():
            self.manifest = json.loads(path.read_text(encoding="utf-8"))

    def write(self, relative: str, text: str) -> None:
        path = self.content / relative
        if path.is_file():
            current = digest(path.read_text(encoding="utf-8"))
            if current == digest(text):
                self.unchanged.append(relative)
                self.manifest[relative] = current
                return
            if current != self.manifest.get(relative) and not self.force:
                self.kept.append(relative)
                return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.manifest[relative] = digest(text)
        self.written.append(relative)

    def save(self) -> None:
        text = json.dumps(self.manifest, indent=1, sort_keys=True) + "\n"
        (self.content / MANIFEST).write_text(text, encoding="utf-8")
