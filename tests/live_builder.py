"""Drive `invoke livereload`'s rebuild (tasks.live_build) from a test: one process, many builds.

Run in a site folder (tasks.py beside it). Each line on stdin is a build: the
Pelican options to add (e.g. `/path/content -o /path/output`), a tab, and the
KEY=VALUE settings to add. After each build one line goes to stdout:
`built RENDERED KEPT`.
"""

import os
import sys

sys.path.insert(0, os.getcwd())  # the site folder: its tasks.py, not the repository's
import tasks

sys.path.insert(0, "plugins")
from engage import incremental


def main() -> None:
    for line in sys.stdin:
        options, _, settings = line.rstrip("\n").partition("\t")
        tasks.live_build(options, settings)
        memory = incremental.MEMORY
        print(f"built {memory.rendered} {len(memory.skipped)}", flush=True)


if __name__ == "__main__":
    main()
