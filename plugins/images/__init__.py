"""images: every image an article or page shows, done properly.

Raster images (Markdown images, raw <img>, `Cover:`) get width and height, responsive
`srcset` and `sizes` in AVIF and WebP with a JPEG or PNG fallback, and a lazy or eager
load; EXIF orientation is applied and every EXIF, XMP and GPS field is stripped from
everything published (the original is never published as is). Derived files are cached
by content hash. SVGs are measured, inlined when small and inert, refused when they
could run script or fetch anything. Alt text is required.
"""

from .plugin import register

__all__ = ["register"]
