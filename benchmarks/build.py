"""Build-speed benchmark: our full site (A) against plain Pelican 4.12 (B).

    ./inv bench                         # N = 100, 1,000, 3,000; 5 runs each
    ./inv bench --sizes 1000 --runs 7   # or: .venv/bin/python benchmarks/build.py ...

For each N it writes a synthetic career-advice blog (synthetic_site.py), then:

- full builds, alternating A B A B... (one untimed warm-up each first):
  A = publishconf.py (our theme, plugin, feeds, sitemap, Pagefind, social cards and
  search shards from a warm cache, as CI restores it), B =
  benchmarks/plain_pelicanconf.py (notmyidea, PLUGINS = [], same content, URLs and
  feeds);
- after each pair, A again with one article edited since (an author's next build:
  that article's search shard is indexed again);
- A's cold build (empty cache: every social card drawn) against B;
- rebuilds in one long-lived process, alternating A and B: no change, one article's
  body edited, one title edited, one article added. A is `invoke livereload`'s
  rebuild (tasks.live_build: the body-edit fast path, content cache, incremental
  writer), B is plain Pelican with its content cache, re-run in-process as
  `pelican --autoreload` does;
- edit-to-reload as an author sees it: the real `invoke livereload` (A) and
  `pelican --autoreload` (B) running on a copy of the site, from appending a
  sentence to an article to its page on disk showing it;
- push-to-live (benchmarks/push_to_live.py): a bare repository with the deploy hook
  installed, from `git push` of a one-line edit starting to the new release being
  live (A only: plain Pelican has no deploy hook).

`--growth` (e.g. `--sizes 10000 --runs 1 --growth --merge`) measures only the full
builds and one push, to show how time and memory grow with N (the chart's third panel).

Wall time (median, min-max), peak RSS (the build process and what it waited for,
e.g. Pagefind) and output file count go to benchmarks/results/ as a Markdown table,
a PNG chart and the raw JSON; the targets of issue #19 are checked at the end.
Run it on an otherwise idle machine.
"""

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from synthetic_site import write_site

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PLAIN_SETTINGS = ROOT / "benchmarks" / "plain_pelicanconf.py"
SITEURL = "https://career-connections.example"
TARGETS = {"ratio": 1.0, "memory": 1.25, "reload": 1.0, "push": 3.0}
EDITS = ("no change", "body edit", "title edit", "article added")


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)  # the build and its children (Pagefind)
    files: int = 0
    own_rss_mb: list[float] = field(default_factory=list)  # the Pelican process alone

    def add(self, seconds: float, rss_mb: float = 0.0, own_rss_mb: float = 0.0) -> None:
        self.seconds.append(seconds)
        if rss_mb:
            self.rss_mb.append(rss_mb)
        if own_rss_mb:
            self.own_rss_mb.append(own_rss_mb)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def spread(self) -> str:
        return f"{min(self.seconds):.2f}-{max(self.seconds):.2f}"


def timed(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Run `command`: wall seconds, peak RSS in MB of it and the children it waited for
    (the largest of them), and the peak RSS of the Pelican process alone."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    errors = process.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark: {' '.join(command)} failed:\n{errors!r}")
    own = re.search(r"^PELICAN_PEAK_RSS_KB (\d+)$", errors, re.MULTILINE)
    return seconds, usage.ru_maxrss / 1024, int(own.group(1)) / 1024 if own else 0.0


# `python -m pelican ...` that also reports its own peak RSS (children not included).
_PELICAN_REPORTING_RSS = (
    "import atexit, resource, runpy, sys; "
    "atexit.register(lambda: print('PELICAN_PEAK_RSS_KB', "
    "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)); "
    "sys.argv[0] = 'pelican'; runpy.run_module('pelican', run_name='__main__')"
)


def pelican(content: Path, output: Path, settings: Path, extra: dict[str, str]) -> list[str]:
    command = [sys.executable, "-c", _PELICAN_REPORTING_RSS, str(content), "-s", str(settings)]
    command += ["-o", str(output), "-q"]
    if extra:
        command += ["-e", *(f"{key}={value}" for key, value in extra.items())]
    return command


def build_env() -> dict:
    return {**os.environ, "SITEURL": SITEURL, "COLUMNS": "200"}


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def full_builds(work: Path, content: Path, runs: int, cold_runs: int = 3) -> dict[str, Sample]:
    """A and B alternating, plus A cold (empty cache)."""
    cache = work / "cache-a"
    a_cmd = pelican(content, work / "out-a", ROOT / "publishconf.py", cache_path(cache))
    b_cmd = pelican(content, work / "out-b", PLAIN_SETTINGS, {})
    samples = {"A": Sample(), "B": Sample(), "A cold": Sample(), "A one edited": Sample()}
    timed(a_cmd, build_env())  # warm-up: page cache, card cache as CI restores it
    timed(b_cmd, build_env())
    for run in range(runs):
        for name, command in (
            (("A", a_cmd), ("B", b_cmd))
            if run % 2 == 0
            else (
                ("B", b_cmd),
                ("A", a_cmd),
            )
        ):
            samples[name].add(*timed(command, build_env()))
        # An author's next build: one article changed, so its search shard is indexed
        # again (the warm builds above take every shard from the cache).
        edit_one_article(content, run)
        samples["A one edited"].add(*timed(a_cmd, build_env()))
        progress(f"  full build {run + 1}/{runs}: A {samples['A'].seconds[-1]:.2f} s, "
                 f"B {samples['B'].seconds[-1]:.2f} s, "
                 f"A one edited {samples['A one edited'].seconds[-1]:.2f} s")  # fmt: skip
    samples["A"].files = count_files(work / "out-a")
    samples["B"].files = count_files(work / "out-b")
    if not cold_runs:
        del samples["A cold"]
    for run in range(cold_runs):  # drawing every card: few runs, to keep N = 3,000 short
        shutil.rmtree(cache, ignore_errors=True)
        samples["A cold"].add(*timed(a_cmd, build_env()))
        progress(f"  cold build {run + 1}: A {samples['A cold'].seconds[-1]:.2f} s")
    return samples


def edit_one_article(content: Path, run: int) -> None:
    """Append a sentence to one article, a different one each run."""
    articles = sorted(content.glob("article-*.md"))
    article = articles[(run * 97 + 13) % len(articles)]
    text = article.read_text(encoding="utf-8")
    article.write_text(text + f"\nA sentence added for full build {run}.\n", encoding="utf-8")


def cache_path(folder: Path) -> dict[str, str]:
    return {"CACHE_PATH": json.dumps(str(folder))}


class Loop:
    """A long-lived build process (benchmarks/live_builder.py), one build per request."""

    def __init__(self, plain: bool) -> None:
        command = [sys.executable, str(ROOT / "benchmarks" / "live_builder.py")]
        command += ["--plain"] if plain else []
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=build_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def build(self, request: str) -> tuple[float, str]:
        """(seconds from the request to the build's end, the builder's report)."""
        started = time.perf_counter()
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        while line and not line.startswith("built "):
            line = self.process.stdout.readline()
        if not line:
            raise SystemExit("benchmark: the build loop stopped")
        return time.perf_counter() - started, line.strip()

    def settle(self) -> None:
        """Wait, untimed, for the search index the last build started in the background:
        an author reads the page before the next save."""
        self.process.stdin.write("settle\n")
        self.process.stdin.flush()
        while self.process.stdout.readline().strip() not in {"settled", ""}:
            pass

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=300)


def rebuilds(work: Path, content: Path, runs: int) -> dict[str, Sample]:
    """Edit-to-rebuilt-on-disk, A (livereload's rebuild) and B (plain, content cache)."""
    sites = {}
    for side in ("A", "B"):
        copy = work / f"live-{side}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(content, copy / "content")
        sites[side] = copy
    a_cache = shlex.quote(f"CACHE_PATH={json.dumps(str(sites['A'] / 'cache'))}")
    a_request = f"{sites['A'] / 'content'} -o {sites['A'] / 'output'}\t{a_cache}"
    b_args = pelican(sites["B"] / "content", sites["B"] / "output", PLAIN_SETTINGS, {})[3:]
    b_args += ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    b_cache = json.dumps(str(sites["B"] / "cache"))
    b_args += ["DELETE_OUTPUT_DIRECTORY=false", f"CACHE_PATH={b_cache}"]
    b_request = shlex.join(b_args)
    loops = {"A": Loop(plain=False), "B": Loop(plain=True)}
    requests = {"A": a_request, "B": b_request}
    samples = {f"{side} {edit}": Sample() for side in "AB" for edit in EDITS}
    for side in "AB":
        loops[side].build(requests[side])  # first build: fills caches and memory
    loops["A"].settle()
    for run in range(runs):
        for edit in EDITS:
            for side in "AB" if run % 2 == 0 else "BA":
                apply_edit(sites[side] / "content", edit, run)
                seconds, _ = loops[side].build(requests[side])
                samples[f"{side} {edit}"].add(seconds)
                if side == "A":
                    loops[side].settle()
        progress(f"  rebuilds {run + 1}/{runs}: A body {samples['A body edit'].seconds[-1]:.2f} s,"
                 f" B body {samples['B body edit'].seconds[-1]:.2f} s")  # fmt: skip
    for loop in loops.values():
        loop.close()
    return samples


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_folder(work: Path, content: Path, name: str) -> Path:
    """A copy of the site (settings, tasks, theme, plugins...) around a copy of `content`."""
    site = work / name
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    for file in ("pelicanconf.py", "tasks.py"):
        shutil.copy(ROOT / file, site / file)
    for folder in ("theme", "plugins", "markdown_extensions", "devtools"):
        ignored = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / folder, site / folder, ignore=ignored)
    shutil.copytree(content, site / "content")
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nPORT = {free_port()}  # the benchmark's server\n")
    return site


def watch_loops(work: Path, content: Path, runs: int) -> dict[str, Sample]:
    """Save to page on disk through the real watch loops, as an author sees it.

    A: `invoke livereload` (file-system watch, then tasks.live_build). B: plain
    Pelican's `pelican --autoreload` with its content cache. After each save the
    page of the edited article is read every 5 ms until it shows the new text.
    """
    sites = {side: site_folder(work, content, f"watch-{side}") for side in "AB"}
    a_command = [sys.executable, "-m", "invoke", "livereload"]
    b_command = [sys.executable, "-m", "pelican", "--autoreload", "content", "-o", "output"]
    b_command += ["-s", str(PLAIN_SETTINGS), "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    b_command += ["DELETE_OUTPUT_DIRECTORY=false"]
    logs = {side: (sites[side] / "watch.log").open("w") for side in "AB"}
    processes = {
        side: subprocess.Popen(command, cwd=sites[side], env=build_env(), stdout=logs[side],
                               stderr=subprocess.STDOUT)
        for side, command in (("A", a_command), ("B", b_command))
    }  # fmt: skip
    samples = {"A save to page": Sample(), "B save to page": Sample()}
    try:
        ready = {"A": "with live reload", "B": "Done: Processed"}  # each one's first build
        for side in "AB":
            log = sites[side] / "watch.log"
            wait_for(lambda s=side, log=log: ready[s] in log.read_text(errors="replace"), 900)
        time.sleep(15)  # the first search index, in the background
        for run in range(runs):
            for side in "AB" if run % 2 == 0 else "BA":
                samples[f"{side} save to page"].add(saved_to_page(sites[side], f"{side}{run}"))
                time.sleep(6)  # reading time: the search index catches up
            a, b = (samples[f"{side} save to page"].seconds[-1] for side in "AB")
            progress(f"  save to page {run + 1}/{runs}: A {a:.2f} s, B {b:.2f} s")
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=60)
        for log in logs.values():
            log.close()
    return samples


def saved_to_page(site: Path, mark: str) -> float:
    """Seconds from saving an article with a new sentence to the rebuild's end: its page
    shows the sentence and the watcher printed its "Done:" line (everything written;
    only A's search index is still updating, in the background)."""
    articles = sorted((site / "content").glob("article-*.md"))
    article = articles[len(articles) // 2]
    page = site / "output" / article.stem / "index.html"
    log = site / "watch.log"
    builds = read(log).count("Done: ")
    sentence = f"A sentence saved for the benchmark, {mark}."
    with article.open("a", encoding="utf-8") as source:
        source.write(f"\n{sentence}\n")
    saved = time.perf_counter()
    wait_for(lambda: read(log).count("Done: ") > builds and sentence in read(page), 120, 0.01)
    return time.perf_counter() - saved


def read(page: Path) -> str:
    try:
        return page.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:  # between a delete and a write
        return ""


def wait_for(condition, timeout: float, step: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("benchmark: timed out waiting for a build")
        time.sleep(step)


def apply_edit(content: Path, edit: str, run: int) -> None:
    article = sorted(content.glob("article-*.md"))[len(list(content.glob("article-*.md"))) // 2]
    text = article.read_text(encoding="utf-8")
    if edit == "body edit":
        article.write_text(text + f"\nOne more sentence, edit {run}.\n", encoding="utf-8")
    elif edit == "title edit":
        title = next(line for line in text.splitlines() if line.startswith("Title: "))
        article.write_text(text.replace(title, f"Title: Retitled {run}", 1), encoding="utf-8")
    elif edit == "article added":
        (content / f"added-{run:03d}.md").write_text(
            f"Title: Added article {run}\nDate: 2026-06-0{run % 9 + 1} 10:00\n"
            "Category: Interviews\nTags: linkedin, offers\nSummary: A new article.\n\nText.\n",
            encoding="utf-8",
        )


def push_to_live(work: Path, size: int, runs: int) -> dict[str, Sample]:
    """benchmarks/push_to_live.py: `runs` pushes of one-line edits, and the build server's RSS."""
    row_file = work / "push-row.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "push_to_live.py"), "--size", str(size)]
    command += ["--runs", str(runs), "--work", str(work / "push"), "--json", str(row_file)]
    command += ["--seed-cache", str(work / "cache-a")]  # the full builds' social cards
    subprocess.run(command, cwd=ROOT, env=build_env(), check=True, stdout=subprocess.DEVNULL)
    row = json.loads(row_file.read_text(encoding="utf-8"))
    sample = Sample(seconds=row["seconds"], rss_mb=[mb for mb in row["rss_mb"] if mb])
    progress(f"  push to live: median {sample.median:.2f} s")
    return {"A push to live": sample}


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_size(size: int, work_root: Path, args: argparse.Namespace) -> dict:
    """Every measure for `size` articles; with `--watch-only` the save-to-page one only,
    with `--growth` the full builds and the push only."""
    work = work_root / str(size)
    content = work / "content"
    if not content.is_dir():
        write_site(content, size)
    progress(f"N = {size}{', save to page only' if args.watch_only else ''}")
    runs, samples = args.runs, {}
    if args.watch_only:
        samples.update(watch_loops(work, content, runs))
    elif args.growth:
        samples.update(full_builds(work, content, runs, cold_runs=0))
        if not args.no_push:
            samples.update(push_to_live(work, size, max(runs, 1)))
    else:
        samples.update(full_builds(work, content, runs, args.cold_runs))
        samples.update(push_to_live(work, size, runs))
        samples.update(rebuilds(work, content, runs))
        samples.update(watch_loops(work, content, runs))
    return {name: asdict(sample) for name, sample in samples.items()}


def summary(results: dict[int, dict]) -> tuple[str, list[str]]:
    """The Markdown table, and one line per target (met or not)."""
    rows = [
        "| N | build | median s | min-max s | peak RSS MB | Pelican alone MB | files | A/B |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    checks = []
    for size, samples in sorted(results.items()):
        s = {name: Sample(**data) for name, data in samples.items()}
        base = s["B"].median
        names = ["A", "B", "A one edited", "A cold"]
        names += [f"{side} {edit}" for edit in EDITS for side in "AB"]
        names += ["A save to page", "B save to page", "A push to live"]
        for name in (name for name in names if name in s):
            sample = s[name]
            rss = f"{max(sample.rss_mb):.0f}" if sample.rss_mb else ""
            own = f"{max(sample.own_rss_mb):.0f}" if sample.own_rss_mb else ""
            full = name in ("A cold", "A one edited")
            other = s.get("B " + name[2:]) if name.startswith("A ") and not full else None
            reference = other.median if other else base
            compared = name.startswith("A") and name != "A push to live"
            ratio = f"{sample.median / reference:.2f}" if compared else ""
            files = str(sample.files) if sample.files else ""
            rows.append(
                f"| {size} | {label(name)} | {sample.median:.2f} | {sample.spread()} | {rss} "
                f"| {own} | {files} | {ratio} |"
            )
        if size == 1000:
            checks += target_lines(s)
    return "\n".join(rows) + "\n\n" + memory_table(results), checks


def memory_table(results: dict[int, dict]) -> str:
    """Peak memory of the whole full build per N: its largest process (Pelican, its render
    helper or Pagefind), Pelican's own process, and plain Pelican's."""
    rows = [
        "Memory of the full build (peak RSS, MB; the largest process is what the target compares):",
        "",
        "| N | A largest process | A Pelican's process | B plain Pelican | A/B largest "
        "| A/B Pelican's process | A largest, one article edited | A/B |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, samples in sorted(results.items()):
        a, b = Sample(**samples["A"]), Sample(**samples["B"])
        if not (a.rss_mb and b.rss_mb):
            continue
        largest, plain = max(a.rss_mb), max(b.rss_mb)
        own = max(a.own_rss_mb) if a.own_rss_mb else 0.0
        own_ratio = f"{own / max(b.own_rss_mb):.2f}" if own and b.own_rss_mb else ""
        edited = Sample(**samples["A one edited"]) if "A one edited" in samples else None
        after_edit = max(edited.rss_mb) if edited and edited.rss_mb else 0.0
        edit_cells = f"{after_edit:.0f} | {after_edit / plain:.2f}" if after_edit else " | "
        rows.append(
            f"| {size} | {largest:.0f} | {own:.0f} | {plain:.0f} | {largest / plain:.2f} "
            f"| {own_ratio} | {edit_cells} |"
        )
    return "\n".join(rows)


def label(name: str) -> str:
    names = {
        "A": "A full (warm caches: cards, search shards)",
        "B": "B plain Pelican",
        "A cold": "A full, empty cache",
        "A one edited": "A full, one article edited since (its search shard indexed again)",
        "A push to live": "A push of a one-line edit to live (deploy hook, build server)",
    }
    if name in names:
        return names[name]
    side, edit = name.split(" ", 1)
    if edit == "save to page":
        watcher = "invoke livereload" if side == "A" else "pelican --autoreload"
        return f"{side} body edit, save to rebuilt site ({watcher})"
    return f"{side} rebuild: {edit}"


def target_lines(s: dict[str, Sample]) -> list[str]:
    ratio = s["A"].median / s["B"].median
    memory = max(s["A"].rss_mb) / max(s["B"].rss_mb)
    # From the save, through the watcher, to the page on disk; older results: the rebuild.
    reload_seconds = s.get("A save to page", s["A body edit"]).median
    lines = [
        verdict("full build A/B at N=1000", ratio, TARGETS["ratio"], ""),
        verdict("peak memory A/B at N=1000", memory, TARGETS["memory"], ""),
    ]
    if "A one edited" in s:  # not the target's build: an author's next one
        edited = s["A one edited"]
        lines.append(
            f"(full build after a one-article edit: A/B {edited.median / s['B'].median:.2f}, "
            f"peak memory A/B {max(edited.rss_mb) / max(s['B'].rss_mb):.2f})"
        )
    if s["A"].own_rss_mb and s["B"].own_rss_mb:  # not a target: where the memory goes
        alone = max(s["A"].own_rss_mb) / max(s["B"].own_rss_mb)
        lines.append(f"(Pelican's own process, without Pagefind: A/B {alone:.2f})")
    what = "edit-to-reload (body edit, save to rebuilt site) at N=1000"
    lines.append(verdict(what, reload_seconds, TARGETS["reload"], " s"))
    if "A push to live" in s:
        push = s["A push to live"].median
        lines.append(verdict("push to live at N=1000", push, TARGETS["push"], " s"))
    return lines


def verdict(what: str, value: float, target: float, unit: str) -> str:
    state = "met" if value <= target else "NOT met"
    return f"{what}: {value:.2f}{unit} (target ≤ {target:.2f}{unit}): {state}"


def chart(results: dict[int, dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (full, live, growth) = plt.subplots(1, 3, figsize=(17, 4.8))
    _full_panel(full, results)
    _live_panel(live, results)
    _growth_panel(growth, results)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def _medians(results: dict[int, dict], name: str) -> tuple[list[int], list[float]]:
    sizes = [n for n in sorted(results) if name in results[n]]
    return sizes, [statistics.median(results[n][name]["seconds"]) for n in sizes]


def _full_panel(axes, results: dict[int, dict]) -> None:
    sizes = sorted(n for n in results if "B" in results[n] and n <= 3000)
    width = 0.2
    for offset, name, colour in ((-1.5 * width, "A", "#0f766e"), (-0.5 * width, "B", "#9ca3af"),
                                 (0.5 * width, "A one edited", "#5eead4"),
                                 (1.5 * width, "A cold", "#f59e0b")):  # fmt: skip
        shown = [n for n in sizes if name in results[n]]
        medians = [statistics.median(results[n][name]["seconds"]) for n in shown]
        lows = [m - min(results[n][name]["seconds"]) for m, n in zip(medians, shown, strict=True)]
        highs = [max(results[n][name]["seconds"]) - m for m, n in zip(medians, shown, strict=True)]
        positions = [sizes.index(n) + offset for n in shown]
        axes.bar(positions, medians, width, yerr=[lows, highs], label=label(name), color=colour)
    axes.set_xticks(range(len(sizes)), [f"N = {n}" for n in sizes])
    axes.set_ylabel("wall time, s (median, min-max)")
    axes.set_title("Full build")
    axes.legend(loc="upper left", fontsize="x-small")


def _live_panel(axes, results: dict[int, dict]) -> None:
    for side, colour in (("A", "#0f766e"), ("B", "#9ca3af")):
        for number, edit in enumerate(EDITS):
            sizes, medians = _medians(results, f"{side} {edit}")
            style = "-" if side == "A" else "--"
            axes.plot(sizes, medians, style, marker="o", color=colour, alpha=1 - number * 0.2,
                      label=f"{side}: {edit}")  # fmt: skip
        sizes, medians = _medians(results, f"{side} save to page")  # through the real watchers
        axes.plot(sizes, medians, "*", markersize=12, color=colour,
                  label=f"{side}: save to rebuilt site")  # fmt: skip
    sizes, medians = _medians(results, "A push to live")
    axes.plot(sizes, medians, "s-", color="#7c3aed", label="A: push to live (deploy hook)")
    axes.axhline(TARGETS["reload"], color="#dc2626", linewidth=1, label="1 s target (reload)")
    axes.axhline(TARGETS["push"], color="#dc2626", linewidth=1, linestyle=":",
                 label="3 s target (push)")  # fmt: skip
    axes.set_xscale("log")
    axes.set_xlabel("articles")
    axes.set_ylabel("edit to rebuilt or live, s (median)")
    axes.set_title("Rebuild and push in long-lived processes")
    axes.legend(fontsize=7)


def _growth_panel(axes, results: dict[int, dict]) -> None:
    memory = axes.twinx()
    for side, colour in (("A", "#0f766e"), ("B", "#9ca3af")):
        sizes, medians = _medians(results, side)
        axes.plot(sizes, medians, "o-", color=colour, label=f"{side}: full build, s")
        peaks = [max(results[n][side]["rss_mb"] or [0]) for n in sizes]
        memory.plot(sizes, peaks, "^--", color=colour, label=f"{side}: peak RSS, MB")
    axes.set_xscale("log")
    axes.set_yscale("log")
    memory.set_yscale("log")
    axes.set_xlabel("articles")
    axes.set_ylabel("full build, s (median)")
    memory.set_ylabel("largest process, peak RSS MB")
    axes.set_title("Growth with N")
    lines = axes.get_legend_handles_labels()
    more = memory.get_legend_handles_labels()
    axes.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="upper left")


def main() -> None:
    parser = argparse.ArgumentParser(description="Build-speed benchmark, A (ours) vs B (plain)")
    parser.add_argument("--sizes", default="100,1000,3000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/career-connections-bench"))
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--merge", action="store_true", help="keep the other sizes of an earlier run's JSON"
    )
    parser.add_argument(
        "--watch-only",
        action="store_true",
        help="measure only save-to-page through the watchers, into an earlier run's results",
    )
    parser.add_argument("--cold-runs", type=int, default=3, help="empty-cache builds (0: none)")
    parser.add_argument(
        "--growth", action="store_true", help="full builds and one push only (large N, once)"
    )
    parser.add_argument("--no-push", action="store_true", help="with --growth: no push")
    args = parser.parse_args()
    if args.runs < 3 and not args.growth:
        parser.error("--runs: at least 3 (medians of fewer runs mean little)")
    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.time()
    earlier = args.output / "build-times.json"
    kept = json.loads(earlier.read_text(encoding="utf-8")) if earlier.is_file() else {}
    kept = {int(size): data for size, data in kept.items()}
    results = {size: run_size(size, args.work, args) for size in sizes}
    if args.watch_only:
        results = {size: {**kept[size], **measured} for size, measured in results.items()}
    if args.merge or args.watch_only:
        results = {**kept, **results}
    table, checks = summary(results)
    args.output.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    run = (
        f"{time.strftime('%Y-%m-%d')}, {machine}, {args.runs} runs each, "
        f"{(time.time() - started) / 60:.0f} min. `python benchmarks/build.py "
        f"--sizes {args.sizes} --runs {args.runs} --cold-runs {args.cold_runs}"
        f"{' --merge' if args.merge else ''}{' --growth' if args.growth else ''}"
        f"{' --watch-only' if args.watch_only else ''}`\n\n"
    )
    header = "# Build benchmark\n\n" + run
    markdown = args.output / "build-times.md"
    if args.watch_only and markdown.is_file():  # the other rows come from the earlier run
        earlier_run = markdown.read_text(encoding="utf-8").split("\n\n")[1]
        header = f"# Build benchmark\n\n{earlier_run}\n\nSave-to-page rows: {run}"
    notes = "\n".join(f"- {line}" for line in checks)
    runs_log = args.output / "runs.md"  # every invocation, since --merge mixes them
    with runs_log.open("a", encoding="utf-8") as log:
        log.write(f"- {run.strip()}\n")
    header += f"Runs merged here: see {runs_log.name}.\n\n"
    (args.output / "build-times.md").write_text(
        header + table + "\n\nTargets (issue #19):\n\n" + notes + "\n", encoding="utf-8"
    )
    (args.output / "build-times.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    chart(results, args.output / "build-times.png")
    print(table)
    print("\n".join(checks))


if __name__ == "__main__":
    main()
