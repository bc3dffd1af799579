"""The images a post shows, found in a copy of the old site's `wp-content/uploads`.

WordPress serves resized copies (`team-1024x768.jpg`) and resize queries (`?w=1024`);
the original (`team.jpg`) is what the images plugin wants: it makes its own sizes. An
image is copied to `content/images/` keeping its `YYYY/MM/` folders; one that is not in
the uploads folder is reported, and the post links to it instead of showing it.
"""

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_RESIZED = r"-\d+x\d+$"
RASTER = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}


@dataclass
class Uploads:
    folder: Path | None  # the copy of wp-content/uploads
    content: Path  # the site's content folder
    copied: dict[str, str] = field(default_factory=dict)  # uploads path -> content path
    missing: set[str] = field(default_factory=set)

    def uploads_path(self, url: str) -> str | None:
        """`2019/05/team.jpg` for any address of an upload (any host, resized or not)."""
        path = unquote(urlsplit(url).path)
        if "/wp-content/uploads/" not in path:
            return None
        return path.split("/wp-content/uploads/", 1)[1]

    def find(self, relative: str) -> str | None:
        """The uploads file for `relative`: its original if there, else itself."""
        if self.folder is None:
            return None
        pure = PurePosixPath(relative)
        original = pure.with_stem(_strip_size(pure.stem))
        for candidate in (original, pure):
            if (self.folder / candidate).is_file():
                return candidate.as_posix()
        return None

    def place(self, url: str) -> str | None:
        """The content path (`images/2019/05/team.jpg`) of the image at `url`, copied;
        None when it is not an upload or not in the uploads folder (noted as missing)."""
        relative = self.uploads_path(url)
        if relative is None:
            return None
        found = self.find(relative)
        if found is None:
            self.missing.add(url)
            return None
        target = f"images/{found}"
        if found not in self.copied:
            destination = self.content / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            if not destination.exists():  # a file already there may be the author's
                shutil.copy2(self.folder / found, destination)
            self.copied[found] = target
        return target


def _strip_size(stem: str) -> str:
    return re.sub(_RESIZED, "", stem)
