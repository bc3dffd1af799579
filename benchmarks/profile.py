"""Where a build's time goes: pyinstrument profiles of our site (A) on a synthetic blog.

    ./inv profile                  # N = 1,000
    .venv/bin/python benchmarks/profile.py --size 3000

Writes to benchmarks/results/:

- `profile-full.txt`: one full build (publishconf.py, warm social-card cache, as
  benchmarks/build.py times it), in a fresh process;
- `profile-rebuild.txt`: `invoke livereload`'s rebuild after one article's body
  was edited, in a long-lived process that built the site once before.

Pyinstrument samples the stack (1 ms), so the profiles cost little more than the
build itself; the top of each file is the call tree, heaviest first.
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from build import RESULTS, ROOT, SITEURL, build_env, cache_path, pelican
from synthetic_site import write_site

INTERVAL = 0.001


def profile_full_build(work: Path, content: Path, target: Path) -> None:
    """The benchmark's A build (build.py's command), once to warm the cards, once profiled."""
    extra = cache_path(work / "cache-profile")
    command = pelican(content, work / "out-profile", ROOT / "publishconf.py", extra)
    subprocess.run(command, cwd=ROOT, env=build_env(), check=True)
    profiler = [sys.executable, "-m", "pyinstrument", "-i", str(INTERVAL), "-r", "text"]
    profiler += ["--no-color", "-o", str(target), "-m", "pelican", *command[3:]]
    subprocess.run(profiler, cwd=ROOT, env=build_env(), check=True)


def profile_rebuild(work: Path, content: Path, target: Path) -> None:
    """In this process: build once, edit a body, profile the rebuild."""
    import pyinstrument

    site = work / "live-profile"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(content, site / "content")
    os.environ["SITEURL"] = SITEURL
    os.chdir(ROOT)
    sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]
    import tasks
    from buildspeed.session import SESSION

    options = f"{site / 'content'} -o {site / 'output'} -q"
    settings = "CACHE_PATH=" + shlex.quote(json.dumps(str(site / "cache")))
    for _ in range(2):  # fill the caches, then one rebuild with nothing changed
        tasks.live_build(options, settings)
        SESSION.background.settle()
    article = sorted((site / "content").glob("article-*.md"))[len(os.listdir(content)) // 2]
    with article.open("a", encoding="utf-8") as source:
        source.write("\nOne more sentence, for the profile.\n")
    profiler = pyinstrument.Profiler(interval=INTERVAL)
    started = time.perf_counter()
    profiler.start()
    tasks.live_build(options, settings)
    profiler.stop()
    seconds = time.perf_counter() - started
    SESSION.background.settle()
    text = profiler.output_text(color=False, unicode=True)
    target.write_text(
        f"Rebuild after a body edit: {seconds:.2f} s under the profiler\n{text}", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="pyinstrument profiles of our build")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/career-connections-bench"))
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    work = args.work / str(args.size)
    content = work / "content"
    if not content.is_dir():
        write_site(content, args.size)
    args.output.mkdir(parents=True, exist_ok=True)
    profile_full_build(work, content, args.output / "profile-full.txt")
    profile_rebuild(work, content, args.output / "profile-rebuild.txt")
    for name in ("profile-full.txt", "profile-rebuild.txt"):
        print(f"wrote {args.output / name}")


if __name__ == "__main__":
    main()
