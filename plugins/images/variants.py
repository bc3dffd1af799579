"""The files derived from one image, and how they are encoded.

Formats, measured on a 4,000 x 3,000 phone photo scaled to 1,280 px (PSNR against the
scaled original; `benchmarks/image_formats.py` prints the table), at the defaults of
IMAGES_QUALITY: JPEG q75 207 KB at 40.5 dB, WebP q80 141 KB at 39.1 dB, AVIF q50 104 KB
at 38.9 dB. AVIF pays: about a quarter smaller than WebP and half the JPEG at the same
fidelity, and at libavif speed 8 it encodes in half WebP's time (155 ms against 316 ms);
derived files are cached by content hash, so each is encoded once anyway. WebP stays for
the browsers without AVIF (Safari before 16.4), and JPEG (PNG for images with
transparency or flat colours) for any other. Variants stop at 1,600 px: the text column
is 616 px wide, so 1,600 covers a 2.6x screen; the published original is scaled to at
most IMAGES_MAX_WIDTH.

Every file is written from pixels only: the EXIF orientation is applied first, and no
EXIF, XMP or GPS field, comment or text chunk is copied (the colour profile is kept).
"""

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import PIL
from PIL import Image

from .sources import SourceImage, upright

PIPELINE = 1  # bump when encoding changes: every derived file is made again
MIME = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
}
SUFFIX = {"avif": ".avif", "webp": ".webp", "jpeg": ".jpg", "png": ".png", "gif": ".gif"}
AVIF_SPEED = 8  # libavif's speed (0-10): 8 is three times faster than 6, 3 % larger


@dataclass(frozen=True)
class Variant:
    """One derived file."""

    source: SourceImage
    width: int
    height: int
    format: str
    quality: int
    name: str  # output-relative path

    @property
    def cache_name(self) -> str:
        return (
            f"{self.source.digest}-{self.width}-{self.quality}-{PIPELINE}-{PIL.__version__}"
            f"{SUFFIX[self.format]}"
        )


def widths_for(source: SourceImage, widths: tuple[int, ...]) -> list[int]:
    """The variant widths of an image: those below its width, then its width or the
    largest wanted (never upscaled)."""
    largest = min(source.width, max(widths))
    return sorted({width for width in widths if width < largest} | {largest})


def height_for(source: SourceImage, width: int) -> int:
    return max(1, round(source.height * width / source.width))


def variant(source: SourceImage, width: int, fmt: str, quality: int, folder: str) -> Variant:
    stem = os.path.splitext(os.path.basename(source.path))[0]
    name = f"{folder}/{stem}-{width}w-{source.digest[:8]}{SUFFIX[fmt]}".lstrip("/")
    return Variant(source, width, height_for(source, width), fmt, quality, name)


# The format a file's name promises (what a server's Content-Type will say).
FORMAT_OF_SUFFIX = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".gif": "gif",
    ".webp": "webp",
    ".avif": "avif",
}


def published_original(source: SourceImage, max_side: int, quality: int, name: str) -> Variant:
    """What stands at the original's own address: upright, stripped, in the format its name
    says (PNG for a format browsers do not show), its longest side at most `max_side`."""
    fmt = FORMAT_OF_SUFFIX.get(PurePosixPath(name).suffix.lower(), "png")
    scale = 1 if source.animated else min(1, max_side / max(source.width, source.height))
    width = max(1, round(source.width * scale))
    return Variant(source, width, height_for(source, width), fmt, quality, name)


# --- Encoding ----------------------------------------------------------------------------


def encode_all(variants: list[Variant], cache: Path) -> int:
    """Encode the variants of one source that are not in `cache` yet; how many were."""
    missing = [v for v in variants if not (cache / v.cache_name).is_file()]
    if not missing:
        return 0
    count = len(missing)
    with Image.open(missing[0].source.path) as opened:
        for item in [v for v in missing if v.format == "gif"]:  # frames and timing kept
            _store(cache / item.cache_name, _gif_bytes(opened))
        missing = [v for v in missing if v.format != "gif"]
        if not missing:
            return count
        opened.seek(0)
        image = upright(opened)
        image.load()
    profile = image.info.get("icc_profile")
    for item in sorted(missing, key=lambda v: -v.width):
        _store(cache / item.cache_name, _encoded(image, item, profile))
    return count


def _encoded(image: Image.Image, item: Variant, profile: bytes | None) -> bytes:
    scaled = image.resize((item.width, item.height), Image.LANCZOS, reducing_gap=3.0)
    scaled.info = {}  # nothing of the original's metadata travels
    scaled = _converted(scaled, item.format)
    options: dict = {"icc_profile": profile} if profile else {}
    if item.format == "jpeg":
        options |= {"quality": item.quality, "optimize": True, "progressive": True}
    elif item.format == "webp":
        options |= {"quality": item.quality, "method": 4}
    elif item.format == "avif":
        options |= {"quality": item.quality, "speed": AVIF_SPEED}
    else:
        options |= {"optimize": True}
    buffer = io.BytesIO()
    scaled.save(buffer, item.format.upper(), **options)
    return buffer.getvalue()


def _converted(image: Image.Image, fmt: str) -> Image.Image:
    alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if fmt == "jpeg":
        return image.convert("RGB")
    if fmt == "png" and image.mode == "P" and not alpha:
        return image
    return image.convert("RGBA" if alpha else "RGB")


def _gif_bytes(image: Image.Image) -> bytes:
    """A GIF again, frames and timing only (no comment or application data)."""
    frames = []
    durations = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append(image.convert("RGBA"))
        durations.append(image.info.get("duration", 100))
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0
    )
    return buffer.getvalue()


def _store(target: Path, data: bytes) -> None:
    """Write under a temporary name, then rename: builds sharing the cache never see half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".image-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
