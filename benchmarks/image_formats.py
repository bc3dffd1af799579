"""Which image formats pay: bytes, fidelity and encoding time of one phone photo.

    .venv/bin/python benchmarks/image_formats.py [--width 1280]

The photo (tests/photos.py: 4,000 x 3,000, the texture of a real one) is turned upright,
scaled to `--width` and encoded as JPEG, WebP and AVIF at several qualities; fidelity is
the PSNR against the scaled original (higher is better, about 39 dB is visually clean).
The images plugin's defaults (IMAGES_QUALITY) are marked with *.
"""

import argparse
import io
import math
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, ImageStat

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "plugins")]
from images.settings import QUALITY  # noqa: E402
from images.variants import AVIF_SPEED  # noqa: E402
from photos import write_phone_photo  # noqa: E402

QUALITIES = {"jpeg": (60, 70, 75, 85), "webp": (70, 80, 90), "avif": (40, 50, 60)}


def encoded(image: Image.Image, fmt: str, quality: int) -> tuple[bytes, float]:
    options = {"quality": quality}
    if fmt == "jpeg":
        options |= {"optimize": True, "progressive": True}
    elif fmt == "webp":
        options |= {"method": 4}
    else:
        options |= {"speed": AVIF_SPEED}
    buffer = io.BytesIO()
    started = time.perf_counter()
    image.save(buffer, fmt.upper(), **options)
    return buffer.getvalue(), time.perf_counter() - started


def psnr(reference: Image.Image, data: bytes) -> float:
    with Image.open(io.BytesIO(data)) as decoded:
        difference = ImageChops.difference(reference, decoded.convert("RGB"))
    squares = ImageStat.Stat(difference).sum2
    mse = sum(squares) / (3 * reference.width * reference.height)
    return 10 * math.log10(255**2 / mse) if mse else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_phone_photo(Path(folder) / "photo.jpg")
        with Image.open(path) as opened:
            upright = ImageOps.exif_transpose(opened).convert("RGB")
    height = round(upright.height * args.width / upright.width)
    image = upright.resize((args.width, height), Image.LANCZOS)
    print(f"A 4,000 x 3,000 phone photo at {args.width} x {height} px\n")
    print("| format | quality | KB | PSNR dB | encode ms |\n|---|---:|---:|---:|---:|")
    for fmt, qualities in QUALITIES.items():
        for quality in qualities:
            data, seconds = encoded(image, fmt, quality)
            mark = "*" if QUALITY[fmt] == quality else ""
            print(
                f"| {fmt} | {quality}{mark} | {len(data) / 1024:.0f} | {psnr(image, data):.1f} | "
                f"{seconds * 1000:.0f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
