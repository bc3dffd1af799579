"""`invoke livereload`'s file watcher: woken by file-system events instead of polling.

Why: python-livereload looks for changes every 0.8 s, so a save waited 0.4 s on
average (up to 0.8 s) before the rebuild even started. watchfiles (what Pelican's
own --autoreload uses; inotify on Linux) sees a save within milliseconds and costs
nothing while nothing changes. livereload's own scan still decides what changed
and runs the rebuild, on its event loop; this only says when to look.

Folders are watched recursively, single files through their folder: a watch on
the file itself ends when an editor saves by renaming a new file over it. Watching
starts when the watcher is created, before the first build. If it stops (the
system's limit of inotify watches, say), livereload polls again.
"""

import os
import sys
import threading
from collections.abc import Callable

import watchfiles
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

POLL_MILLISECONDS = 800  # python-livereload's own interval, if watching stops
STEP_MILLISECONDS = 20  # a save is reported once no other change came for this long


class NotifiedWatcher(Watcher):
    """python-livereload's Watcher, with `start` driven by watchfiles."""

    def __init__(self, folders: list[str], files: list[str]) -> None:
        super().__init__()
        self.loop = IOLoop.current()
        self.callback: Callable | None = None
        self.failed = False
        self.polling = False
        self._watch(folders, True, watchfiles.DefaultFilter())
        for folder, names in _by_folder(files).items():
            self._watch([folder], False, _named(names))

    def start(self, callback: Callable) -> bool:
        """livereload's hook: True means "I will call back", so it does not poll."""
        if self.failed:
            return False
        self.callback = callback
        # livereload's first look only announces the server; the second compares
        # every file with this watcher's creation time, so a save made during the
        # first build is rebuilt now.
        self.loop.add_callback(callback)
        self.loop.add_callback(callback)
        return True

    def _watch(self, paths: list[str], recursive: bool, only: Callable) -> None:
        thread = threading.Thread(
            target=self._wake, args=(paths, recursive, only), name="livereload-watch", daemon=True
        )
        thread.start()

    def _wake(self, paths: list[str], recursive: bool, only: Callable) -> None:
        try:
            for _changes in watchfiles.watch(
                *paths,
                watch_filter=only,
                recursive=recursive,
                step=STEP_MILLISECONDS,
                raise_interrupt=False,
            ):
                if self.callback is not None:
                    self.loop.add_callback(self.callback)
        except Exception as error:
            sys.stderr.write(f"livereload: file watching stopped ({error}); polling instead\n")
            self.failed = True
            self.loop.add_callback(self._poll)

    def _poll(self) -> None:
        if self.callback is not None and not self.polling:
            self.polling = True
            PeriodicCallback(self.callback, POLL_MILLISECONDS).start()


def _by_folder(files: list[str]) -> dict[str, set[str]]:
    folders: dict[str, set[str]] = {}
    for file in files:
        path = os.path.abspath(file)
        folders.setdefault(os.path.dirname(path), set()).add(os.path.basename(path))
    return folders


def _named(names: set[str]) -> Callable:
    """A watchfiles filter: only changes to these file names."""
    return lambda _change, path: os.path.basename(path) in names
