"""Writing the images: the derived files, and the originals stripped of their metadata.

Pelican's static generator copies every file of STATIC_PATHS as it is, EXIF and GPS
included. So raster images are taken out of its list (`static_generator_finalized`), and
at `finalized`, after every page, this module writes, from its cache:

- every variant the written pages use (not those of a draft a publish build leaves out),
  encoded first if the cache does not have it, in as many processes as there are cores
  when there are several images to encode;
- each raster static file at its own address: upright, at most IMAGES_MAX_WIDTH wide, no
  metadata (so a link to the "original" never publishes the camera's data);
- and it removes derived files of earlier builds that no page uses any more.

An SVG that could run script or fetch anything is taken out of the static files too:
it is never published.
"""

import concurrent.futures
import logging
import multiprocessing
import os
import re
import shutil
from pathlib import Path

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import unpublish_static_files

from .sources import SourceImage
from .svg import dangers, read_svg
from .variants import Variant, encode_all, published_original
from .work import is_raster, work_of, work_of_run

logger = logging.getLogger(__name__)

ORIGINAL_QUALITY = 85  # the published original is a download: a little better than variants
_DERIVED = re.compile(r"-\d+w-[0-9a-f]{8}\.(?:avif|webp|jpg|png|gif)$")


@unaffected_by_body("which static files there are")
def take_over_static_files(generator) -> None:
    """`static_generator_finalized` receiver: raster images are ours to publish; a
    dangerous SVG is published by no one."""
    work = work_of_run(generator)

    def ours(static) -> bool:
        path = os.path.join(generator.path, static.source_path)
        if path.lower().endswith(".svg"):
            found = dangers(read_svg(path))
            if found:
                logger.error(
                    "%s: an SVG with %s is not published", static.source_path, " and ".join(found)
                )
            return bool(found)
        if is_raster(path):
            work.statics.append(static)
            return True
        return False

    unpublish_static_files(generator, ours)


def write_images(pelican) -> None:
    """`finalized` receiver: the variants and the stripped originals, from the cache."""
    work = work_of(pelican.settings)
    output = Path(pelican.output_path)
    wanted = work.needed()
    for static in work.statics:
        source = work.index.get(os.path.join(pelican.settings["PATH"], static.source_path))
        if source is None:
            logger.warning(
                "%s: cannot be read as an image, so it is not published", static.source_path
            )
        else:
            original = published_original(
                source, work.config["IMAGES_MAX_WIDTH"], ORIGINAL_QUALITY, static.save_as
            )
            wanted[original.name] = original
    encoded = encode(list(wanted.values()), work.cache)
    cache, out = str(work.cache), str(output)  # strings: 1,000s of joins (pathlib costs 5x)
    for item in wanted.values():
        place(os.path.join(cache, item.cache_name), os.path.join(out, item.name))
    removed = remove_unused(output, set(wanted))
    work.index.save()
    if wanted:
        logger.info(
            "images: %d files written (%d encoded), %d unused removed",
            len(wanted),
            encoded,
            removed,
        )


def encode(variants: list[Variant], cache: Path) -> int:
    """Encode what the cache lacks, one source per task, on every core; how many."""
    by_source: dict[SourceImage, list[Variant]] = {}
    for item in variants:
        if not os.path.isfile(os.path.join(cache, item.cache_name)):
            by_source.setdefault(item.source, []).append(item)
    if len(by_source) < 2 or (os.cpu_count() or 1) < 2:
        return sum(encode_all(items, cache) for items in by_source.values())
    context = multiprocessing.get_context("fork")
    workers = min(os.cpu_count() or 1, len(by_source))
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(encode_all, items, cache) for items in by_source.values()]
        return sum(future.result() for future in futures)


def place(cached: str, target: str) -> None:
    """`cached` at `target`: a hard link where the file systems allow, else a copy."""
    try:
        os.link(cached, target)
    except FileExistsError:
        if os.path.samefile(target, cached):
            return
        os.unlink(target)
        place(cached, target)
    except FileNotFoundError:  # its folder is not there yet
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(cached, target)
    except OSError:  # another file system, or no hard links
        Path(target).unlink(missing_ok=True)
        shutil.copyfile(cached, target)


def remove_unused(output: Path, wanted: set[str]) -> int:
    """Derived files in `output` no page uses (an image edited or removed since)."""
    removed = 0
    for folder, _, names in os.walk(output):
        relative = Path(folder).relative_to(output).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            if _DERIVED.search(name) and prefix + name not in wanted:
                os.unlink(os.path.join(folder, name))
                removed += 1
    return removed
