"""An image file as the pipeline sees it: its size once turned upright, its kind, its digest.

Reading a 4,000-pixel photo to hash it takes milliseconds a build; the answer is kept in
`CACHE_PATH/images/index.json` under the file's size and modification time, so a warm
build does not open the photos at all.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

RASTER_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff"}
)
INDEX = "index.json"
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class SourceImage:
    """What the pipeline needs to know of one image file."""

    path: str
    digest: str  # of the file's bytes: derived files are named after it
    width: int  # once turned as its EXIF orientation says
    height: int
    kind: str  # "jpeg" for photos, "png" for the rest (screenshots, drawings, alpha)
    animated: bool


class SourceIndex:
    """Known images, by path, valid while the file's size and mtime are unchanged."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, dict] = self._load()
        self._changed = False

    def _load(self) -> dict[str, dict]:
        try:
            return json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def get(self, path: str) -> SourceImage | None:
        """The image at `path`, or None when it is not an image Pillow can read."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self._entries.get(path)
        if entry is None or entry.get("stamp") != stamp:
            image = read_image(path)
            entry = {"stamp": stamp, "image": asdict(image) if image else None}
            self._entries[path] = entry
            self._changed = True
        return SourceImage(**entry["image"]) if entry["image"] else None

    def save(self) -> None:
        """Write the index, less the files that are gone (it never grows without end)."""
        if not self._changed:
            return
        self._entries = {path: e for path, e in self._entries.items() if os.path.isfile(path)}
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".index-", dir=self.folder)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(self._entries, stream)
        os.replace(temporary, self.folder / INDEX)
        self._changed = False


def read_image(path: str) -> SourceImage | None:
    """Open `path` with Pillow (its header only, and the bytes for the digest)."""
    data = Path(path).read_bytes()
    try:
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
            animated = getattr(image, "n_frames", 1) > 1
            photo = image.format == "JPEG" or (
                image.mode in {"RGB", "CMYK", "YCbCr", "L"} and image.format in {"WEBP", "AVIF"}
            )
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    if orientation in _ROTATED:
        width, height = height, width
    digest = hashlib.blake2b(data, digest_size=10).hexdigest()
    return SourceImage(path, digest, width, height, "jpeg" if photo else "png", animated)


def upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (then the tag means nothing)."""
    return ImageOps.exif_transpose(image)
