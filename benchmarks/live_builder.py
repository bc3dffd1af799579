"""Drive `invoke livereload`'s rebuild (tasks.live_build): one process, many builds.

Run in a site folder (tasks.py beside it). Each line on stdin is a build: the
Pelican options to add (e.g. `/path/content -o /path/output`), a tab, and the
KEY=VALUE settings to add. After each build one line goes to stdout:
`built RENDERED KEPT SECONDS PATH`, PATH being `fast` when the rebuild took the
body-edit fast path (plugins/buildspeed/live.py), else `full`. The line `settle` waits
for the search index that the last build started in the background, then answers
`settled`.

With `--plain` (the benchmark's plain-Pelican side), each line is a whole Pelican
command line, run in this process as `pelican --autoreload` does.
"""

import contextlib
import os
import shlex
import sys
import time

if "--plain" in sys.argv:
    from pelican import main as pelican_main

    for line in sys.stdin:
        started = time.perf_counter()
        with contextlib.suppress(SystemExit):
            pelican_main(shlex.split(line))
        print(f"built 0 0 {time.perf_counter() - started:.4f}", flush=True)
    sys.exit(0)

sys.path.insert(0, os.getcwd())  # the site folder: its tasks.py, not the repository's
import tasks

sys.path.insert(0, "plugins")
from buildspeed.session import SESSION


def main() -> None:
    for line in sys.stdin:
        if line.strip() == "settle":
            SESSION.background.settle()
            print("settled", flush=True)
            continue
        options, _, settings = line.rstrip("\n").partition("\t")
        fast_before = SESSION.fast_rebuilds
        started = time.perf_counter()
        tasks.live_build(options, settings)
        seconds = time.perf_counter() - started
        path = "fast" if fast_before < SESSION.fast_rebuilds else "full"
        memory = SESSION.memory
        print(f"built {memory.rendered} {len(memory.skipped)} {seconds:.4f} {path}", flush=True)


if __name__ == "__main__":
    main()
