"""Images benchmark: what 100 phone photos cost a warm full build, and what readers download.

    ./inv bench-images                      # 100 articles, 100 photos, 7 runs
    .venv/bin/python benchmarks/photo_build.py --photos 100 --runs 7 [--workdir DIR]

Two copies of a synthetic blog (synthetic_site.py) of as many articles as photos: one
where each article shows a 4,000 x 3,000 phone photo (tests/photos.py: EXIF with GPS,
taken sideways), one without. Both are built with publishconf.py into a fresh output
folder each time; the first build of the photo site (cold: every variant encoded) is
timed once, then warm full builds (the variants come from CACHE_PATH/images, as CI and
the deploy hook keep it) alternate with the builds of the site without photos, the order
swapped every run. `--workdir` keeps both sites and caches for the next run.

Prints a table (median and range of each, the overhead) and what one photo weighs as
taken, as published, and as a phone (375 px, twice the density) and a desktop (1,280 px)
download it. Target (issue 15): the warm overhead is at most 10 %.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic_site import write_site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from photos import write_phone_photo  # noqa: E402

TARGET = 1.10
SITEURL = "https://career-connections.example"


def write_sites(folder: Path, photos: int) -> tuple[Path, Path]:
    """(content with photos, the same content without them)."""
    plain = folder / "plain"
    write_site(plain, photos)
    with_photos = folder / "photos"
    shutil.copytree(plain, with_photos)
    articles = sorted(with_photos.glob("article-*.md"))
    for number, article in enumerate(articles):
        name = f"photo-{number:03d}.jpg"
        write_phone_photo(with_photos / "images" / name, seed=number)
        text = article.read_text(encoding="utf-8")
        article.write_text(text + f"\n![The team at event {number}]({{static}}/images/{name})\n")
    return with_photos, plain


def build(content: Path, cache: Path, output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "pelican", str(content), "-s", "publishconf.py"]
    command += ["-o", str(output), "-e", f'CACHE_PATH="{cache}"']
    started = time.perf_counter()
    env = {"SITEURL": SITEURL, "PATH": "/usr/bin:/bin"}
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def row(name: str, times: list[float], base: float | None = None) -> str:
    median = statistics.median(times)
    ratio = f"{median / base:.3f}" if base else "1.000"
    return f"| {name} | {median:.2f} | {min(times):.2f}-{max(times):.2f} | {ratio} |"


def picked(output: Path, stem: str, width: int, suffix: str) -> int:
    [path] = output.glob(f"images/{stem}-{width}w-*{suffix}")
    return path.stat().st_size


def weights(content: Path, output: Path) -> list[str]:
    """What the first photo weighs, as taken and as each reader downloads it."""
    source = content / "images" / "photo-000.jpg"
    published = output / "images" / "photo-000.jpg"
    # The text column is 616 CSS px wide from 41rem up, the screen less 40 px below:
    # a 375 px phone at 2x wants 670 px (the 800 w variant), a 1,280 px desktop at 1x
    # 616 px (800 w) and at 2x 1,232 px (1,600 w).
    lines = [
        "| photo | bytes |",
        "|---|---:|",
        f"| as taken (4,000 x 3,000 JPEG, EXIF and GPS) | {source.stat().st_size:,} |",
        f"| published original (2,400 px, stripped) | {published.stat().st_size:,} |",
    ]
    for reader, width in (("phone 375 px @2x", 800), ("desktop 1,280 px @1x", 800)):
        for fmt, suffix in (("AVIF", ".avif"), ("WebP", ".webp"), ("JPEG", ".jpg")):
            lines.append(f"| {reader}, {fmt} | {picked(output, 'photo-000', width, suffix):,} |")
    lines.append(f"| desktop 1,280 px @2x, AVIF | {picked(output, 'photo-000', 1600, '.avif'):,} |")
    return lines


def timed_runs(sites: dict[str, Path], folder: Path, runs: int) -> dict[str, list[float]]:
    """Warm full builds of each site, alternating, the order swapped every run."""
    times: dict[str, list[float]] = {name: [] for name in sites}
    for run in range(runs):
        order = list(sites) if run % 2 == 0 else list(reversed(sites))
        for name in order:
            cache = folder / f"cache-{name}"
            times[name].append(build(sites[name], cache, folder / f"out-{name}"))
        print(f"run {run + 1}/{runs} done", flush=True)
    return times


def prepare(folder: Path, photos: int) -> tuple[dict[str, Path], float | None]:
    """The two sites, their caches warm; the cold build's time when it had to be made.

    Each site is built once more, untimed, before the timed runs: a kept --workdir's cache
    may be stale (a changed plugin re-encodes), and the first build after writing the
    sites reads files the operating system has not cached yet."""
    sites = {"plain": folder / "plain", "photos": folder / "photos"}
    cold = None
    if not (sites["photos"].is_dir() and (folder / "cache-photos").is_dir()):
        print(f"writing {photos} articles and photos in {folder}", flush=True)
        write_sites(folder, photos)
        cold = build(sites["photos"], folder / "cache-photos", folder / "out-photos")
    for name, content in sites.items():
        build(content, folder / f"cache-{name}", folder / f"out-{name}")
    return sites, cold


def report(times: dict[str, list[float]], cold: float | None, photos: int) -> float:
    base = statistics.median(times["plain"])
    print(f"\n{photos} articles; warm full builds, {len(times['plain'])} runs each\n")
    print("| site | median s | range s | vs without |\n|---|---:|---:|---:|")
    print(row(f"without photos ({photos} articles)", times["plain"]))
    print(row(f"with {photos} phone photos, warm cache", times["photos"], base))
    if cold is not None:
        print(f"| with {photos} phone photos, cold (every variant encoded) | {cold:.2f} | | "
              f"{cold / base:.3f} |")  # fmt: skip
    fastest = min(times["photos"]) / min(times["plain"])
    print(f"\nfastest against fastest: {fastest - 1:+.1%}")
    return statistics.median(times["photos"]) / base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workdir", type=Path, help="keep the sites and caches here")
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="bench-images-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        sites, cold = prepare(folder, args.photos)
        times = timed_runs(sites, folder, args.runs)
        overhead = report(times, cold, args.photos)
        print()
        print("\n".join(weights(sites["photos"], folder / "out-photos")))
        verdict = "met" if overhead <= TARGET else "NOT met"
        print(f"\nwarm overhead {overhead - 1:+.1%} (target <= {TARGET - 1:.0%}): {verdict}")
        return 0
    finally:
        if args.workdir is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
