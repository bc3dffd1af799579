"""Push-to-live time of the self-hosted deploy hook (deploy/hook.py with its build server).

For a synthetic blog of N articles (synthetic_site.py) it makes a bare repository with
the hooks installed (`./inv install-hook`, SITEURL as benchmarks/build.py uses), pushes
once (untimed: the warm-up that starts the build server and fills its caches), then
pushes R times, each commit changing one line of a different article's text, timing
from `git push` starting to `current` pointing at the new release. Prints a Markdown
table (median, min-max, the build server's RSS) and the hook's stage timings of each
push; `--json PATH` writes a row {"n", "label", "seconds", "rss_mb"} for build.py.

    .venv/bin/python benchmarks/push_to_live.py --size 1000 --runs 5
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from synthetic_site import write_site

ROOT = Path(__file__).resolve().parent.parent
SITEURL = "https://career-connections.example"  # as benchmarks/build.py
SITE_FILES = ("theme", "plugins", "markdown_extensions", "pelicanconf.py", "publishconf.py")
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


def set_up(work: Path, size: int, server: bool) -> tuple[Path, Path]:
    """(the clone to push from, the webroot)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bare, webroot, clone = work / "site.git", work / "www", work / "clone"
    git(work, "init", "-q", "--bare", "-b", "main", str(bare))
    install = [sys.executable, "-m", "invoke", "install-hook", "--repo", str(bare)]
    install += ["--webroot", str(webroot), "--siteurl", SITEURL]
    install += [] if server else ["--no-server"]
    subprocess.run(install, cwd=ROOT, check=True, capture_output=True)
    git(work, "clone", "-q", str(bare), str(clone))
    for name in SITE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, clone / name)
    settings = clone / "publishconf.py"  # no ping to the public WebSub hub
    settings.write_text(settings.read_text() + "\nFEEDS_WEBSUB_HUB = None\n")
    write_site(clone / "content", size)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", f"A blog of {size} articles")
    return clone, webroot


def timed_push(clone: Path, webroot: Path, sha: str) -> tuple[float, str]:
    """Seconds from `git push` starting to `current` naming `sha`; the hook's output."""
    started = time.monotonic()
    push = subprocess.Popen(
        ["git", "push", "-q", "origin", "HEAD:main"],
        cwd=clone,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    live_at = None
    while live_at is None:
        link = webroot / "current"
        if link.is_symlink() and os.readlink(link).endswith(sha[:12]):
            live_at = time.monotonic()
        elif push.poll() is not None:
            if link.is_symlink() and os.readlink(link).endswith(sha[:12]):
                continue
            raise SystemExit(f"push of {sha[:12]} did not go live:\n{push.stderr.read()}")
        else:
            time.sleep(0.005)
    _out, err = push.communicate()
    return live_at - started, err


def server_rss_mb(webroot: Path) -> float:
    try:
        pid = json.loads((webroot / ".build" / "server.json").read_text())["pid"]
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, KeyError):
        pass
    return 0.0


def edit(clone: Path, number: int, run: int) -> str:
    path = clone / "content" / f"article-{number:05d}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[8] = f"Edited in push {run}. {lines[8]}"  # the first paragraph of the body
    path.write_text("\n".join(lines), encoding="utf-8")
    git(clone, "commit", "-q", "-am", f"Edit article {number}")
    return git(clone, "rev-parse", "HEAD")


def stop_server(webroot: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from deploy.build_client import stop

    stop(webroot)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/push-to-live"))
    parser.add_argument("--one-shot", action="store_true", help="deploy.server=false")
    parser.add_argument("--json", type=Path, help="write the result row here")
    parser.add_argument(
        "--seed-cache",
        type=Path,
        help="a build cache (CACHE_PATH) of the same site to start from: the social cards "
        "are not all drawn again in the warm-up push",
    )
    args = parser.parse_args()
    label = "push to live, one-shot hook" if args.one_shot else "push to live, build server"
    clone, webroot = set_up(args.work / str(args.size), args.size, not args.one_shot)
    if args.seed_cache and args.seed_cache.is_dir():
        shutil.copytree(args.seed_cache, webroot / ".cache", dirs_exist_ok=True)
    try:
        warm_up, err = timed_push(clone, webroot, git(clone, "rev-parse", "HEAD"))
        print(f"warm-up push (full build): {warm_up:.2f} s", file=sys.stderr)
        seconds, rss, stages = [], [], []
        for run in range(args.runs):
            sha = edit(clone, (run * 97 + 11) % args.size, run)
            took, err = timed_push(clone, webroot, sha)
            seconds.append(took)
            rss.append(server_rss_mb(webroot))
            stages.append(" ".join(re.findall(r"deploy: (?:build server|build and).*", err)))
            print(f"push {run + 1}: {took:.2f} s  {stages[-1]}", file=sys.stderr)
    finally:
        stop_server(webroot)
    rss_text = f"{statistics.median(rss):.0f}" if any(rss) else "-"
    print("| N | push to live (median) | min-max | server RSS MB |\n|---|---|---|---|")
    print(
        f"| {args.size} | {statistics.median(seconds):.2f} s | "
        f"{min(seconds):.2f}-{max(seconds):.2f} s | {rss_text} |"
    )
    if args.json:
        row = {"n": args.size, "label": label, "seconds": seconds, "rss_mb": rss}
        args.json.write_text(json.dumps(row, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
