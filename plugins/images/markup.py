"""The responsive markup of one image: a <picture> with a <source> per modern format and an
<img> with its JPEG or PNG candidates, its size and how to load it.

The first image of a page (its cover, or its first image when it has no cover) is fetched
at once with a high priority; every other one waits until it is about to be seen.
"""

from dataclasses import dataclass
from html import escape

from .variants import MIME, Variant


@dataclass(frozen=True)
class Picture:
    """Everything a theme needs to render an image; `html` renders it."""

    src: str  # the <img> fallback (a URL, or a Pelican {static} link in a body)
    srcset: str  # the fallback format's candidates
    sources: tuple[tuple[str, str], ...]  # (MIME type, srcset) per modern format, best first
    sizes: str
    width: int
    height: int
    alt: str
    title: str = ""
    eager: bool = False

    @property
    def html(self) -> str:
        sources = "".join(
            f'<source type="{mime}" srcset="{escape(srcset)}" sizes="{escape(self.sizes)}">'
            for mime, srcset in self.sources
        )
        return f"<picture>{sources}{self.img}</picture>" if sources else self.img

    @property
    def img(self) -> str:
        attributes = [("src", self.src)]
        if self.srcset:
            attributes += [("srcset", self.srcset), ("sizes", self.sizes)]
        attributes += [("width", str(self.width)), ("height", str(self.height))]
        attributes += [("alt", self.alt)] + ([("title", self.title)] if self.title else [])
        attributes += loading(self.eager)
        return "<img " + " ".join(f'{key}="{escape(value)}"' for key, value in attributes) + ">"


def loading(eager: bool) -> list[tuple[str, str]]:
    """Attributes that say when to fetch an image."""
    if eager:
        return [("fetchpriority", "high"), ("decoding", "async")]
    return [("loading", "lazy"), ("decoding", "async")]


def srcset(variants: list[Variant], base: str) -> str:
    return ", ".join(f"{base}/{item.name} {item.width}w" for item in variants)


def picture(
    variants: dict[str, list[Variant]],
    fallback: str,
    base: str,
    src: str,
    text: tuple[str, str, str],
) -> Picture:
    """A Picture of `variants` (by format); `src` is the <img>'s fallback address, `text` is
    (alt, title, sizes)."""
    alt, title, sizes = text
    largest = variants[fallback][-1]
    modern = tuple(
        (MIME[fmt], srcset(items, base)) for fmt, items in variants.items() if fmt != fallback
    )
    return Picture(
        src,
        srcset(variants[fallback], base),
        modern,
        sizes,
        largest.width,
        largest.height,
        alt,
        title,
    )
