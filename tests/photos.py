"""Images an author brings, generated with Pillow: a phone photo with its EXIF (maker, model,
GPS position, orientation), a PNG screenshot, an animated GIF, and SVGs safe and hostile.

The photo is made to compress like a real one (smooth regions, edges and fine noise at
several scales), not like flat colour, so sizes measured on it mean something.
"""

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE, MODEL, DATETIME = 0x010F, 0x0110, 0x0132


def photo_like(width: int, height: int, seed: int = 1) -> Image.Image:
    """An RGB image with the texture of a photo: blurred shapes, gradients and grain."""
    rng = random.Random(seed)
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    sky = Image.new("RGB", (width, height), (rng.randrange(90, 160), 140, 200))
    image = Image.blend(base, sky, 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(width // 40, width // 6)
        colour = tuple(rng.randrange(30, 230) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(radius=max(2, width // 400)))
    grain = Image.effect_noise((width // 4, height // 4), 40).resize((width, height))
    return Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.12)


def write_phone_photo(path: Path, width: int = 4000, height: int = 3000, seed: int = 1) -> Path:
    """A JPEG as a phone writes it: sideways pixels with Orientation 6 (the camera was
    turned), maker and model, and the GPS position it was taken at."""
    image = photo_like(width, height, seed)
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Pocket Camera 12"
    exif[DATETIME] = "2024:05:01 09:30:00"
    exif[ORIENTATION] = 6  # rotate 90° clockwise to show
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (40.0, 42.0, 51.0), 3: "W", 4: (74.0, 0.0, 21.0)}  # latitude, longitude
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def write_screenshot(path: Path, width: int = 1600, height: int = 1000) -> Path:
    """A PNG of a user interface: flat colours, sharp edges and text-like strokes."""
    image = Image.new("RGB", (width, height), "#f4f6f8")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 64), fill="#0f766e")
    for row in range(20):
        y = 100 + row * 42
        draw.rectangle((40, y, 40 + (row * 97) % (width - 200) + 120, y + 14), fill="#3b4450")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return path


def write_animated_gif(path: Path, frames: int = 4, size: int = 120) -> Path:
    colours = ["#0f766e", "#b42318", "#1f2a30", "#f4b400"]
    images = [Image.new("RGB", (size, size), colours[i % len(colours)]) for i in range(frames)]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, save_all=True, append_images=images[1:], duration=200, loop=0)
    return path


SAFE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
    '<rect width="400" height="200" fill="#0f766e"/></svg>'
)
HOSTILE_SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    "<script>alert(1)</script></svg>",
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    "</svg>",
    "external": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<image href="https://tracker.example/pixel.png" width="10" height="10"/></svg>',
}
