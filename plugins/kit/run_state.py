"""The state of one Pelican run, kept on the run's settings rather than in module globals.

Pelican hands receivers different things (the Pelican object at `initialized` and
`finalized`, generators in between, a reader its settings), but all of them share the
run's settings dict: `pelican.settings is generator.settings is reader.settings`. So a
plugin that computes something at one signal and uses it at a later one (the files
to index, the social cards to write, a helper process) keeps it in `state_of(settings)`.
Each part is set anew by the signal that starts its use, so a Pelican object that runs
again (`pelican --autoreload`) never reads the previous run's value.

The state is stored under a lower-case key: it is not a setting (settings digests and
the unknown-setting checks look at upper-case names only), and it is never pickled with
Pelican's caches (it pickles as an empty state).
"""

from collections.abc import Callable
from typing import Any, TypeVar

KEY = "plugin_run_state"
T = TypeVar("T")


class RunState:
    """Named parts, each owned by one plugin (by convention, named `plugin:part`)."""

    def __init__(self) -> None:
        self._parts: dict[str, Any] = {}

    def part(self, name: str, factory: Callable[[], T]) -> T:
        """The part `name`, made by `factory` on first use."""
        if name not in self._parts:
            self._parts[name] = factory()
        return self._parts[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self._parts.get(name, default)

    def put(self, name: str, value: Any) -> None:
        self._parts[name] = value

    def drop(self, name: str) -> Any:
        return self._parts.pop(name, None)

    def __getstate__(self) -> dict:
        return {}  # helper processes, threads and caches do not travel

    def __setstate__(self, _state: dict) -> None:
        self._parts = {}

    def __repr__(self) -> str:
        return "<RunState>"  # stable: settings are digested by repr


def state_of(settings: dict) -> RunState:
    """The state of the run these settings belong to (made on first use)."""
    state = settings.get(KEY)
    if not isinstance(state, RunState):
        state = settings[KEY] = RunState()
    return state
