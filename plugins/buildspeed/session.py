"""What one `./inv livereload` process remembers from build to build.

Per-build state lives in the run's state (kit.run_state); this is the rest: what the
edit-preview loop keeps across Pelican runs in one process. Pelican makes a new Pelican
object for every full rebuild, so nothing tied to a run outlives it: the files this
process wrote and their keys, the last build's fingerprints, the model the fast path
renders from, and the background runner with its kept copy of the pages. One process
runs one livereload loop, so there is one `SESSION`.
"""

import atexit
from dataclasses import dataclass, field

from .background import BackgroundRunner
from .fingerprint import Fingerprinter


@dataclass
class Memory:
    """What this process wrote: output path -> (key, size, mtime_ns)."""

    written: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # paths written or kept in this build
    skipped: set[str] = field(default_factory=set)
    pending: dict[str, str] = field(default_factory=dict)  # written in this build: path -> key
    rendered_paths: set[str] = field(default_factory=set)  # written in this build
    rendered: int = 0
    # The last build's fingerprints; the next build reuses them only when livereload's
    # fast path (live.py) kept the content objects and said which it changed.
    fingerprints: Fingerprinter | None = None
    reuse_fingerprints: bool = False


@dataclass
class Model:
    """The last full build's model, kept for the next rebuild (live.py)."""

    pelican: object
    generators: list
    stamps: dict[str, tuple]


@dataclass
class Session:
    memory: Memory = field(default_factory=Memory)
    model: Model | None = None
    fast_rebuilds: int = 0  # how many rebuilds took the fast path (benchmarks report it)
    background: BackgroundRunner = field(init=False)

    def __post_init__(self) -> None:
        self.background = BackgroundRunner(self.rendered_paths)

    def rendered_paths(self) -> set[str]:
        """The paths the build under way (or the last one) wrote."""
        return set(self.memory.pending) | self.memory.rendered_paths


SESSION = Session()
atexit.register(SESSION.background.finish)
