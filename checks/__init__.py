"""Quality gates run on a built site (`invoke check`, and each one a pytest test).

Each gate module exposes `run(output: Path) -> GateResult`; GATES lists them
in the order the report prints them, as (name, run) pairs: the names are what
`invoke check --only` and `run_all(include=...)` take.
"""

import importlib
import importlib.util
import traceback
from collections.abc import Callable
from pathlib import Path

from checks import feeds, html_validity, links, static_budget
from checks.gate import GateResult

Gate = tuple[str, Callable[[Path], GateResult]]

GATES: list[Gate] = [
    ("links", links.run),
    ("html", html_validity.run),
    ("feeds", feeds.run),
    ("static-budget", static_budget.run),
]

# The browser gates, when their modules are there (a module that exists but fails to
# import is an error, not a missing gate).
for _name, _module in (("accessibility", "accessibility"), ("browser-budget", "browser_budget")):
    if importlib.util.find_spec(f"checks.{_module}") is not None:
        GATES.append((_name, importlib.import_module(f"checks.{_module}").run))


def gate_names() -> list[str]:
    return [name for name, _ in GATES]


def selected(include: set[str] | None) -> list[Gate]:
    """The gates named in `include` (all when None), in GATES order; "_" and "-" are alike."""
    if include is None:
        return list(GATES)
    wanted = {name.strip().replace("_", "-") for name in include if name.strip()}
    unknown = wanted - set(gate_names())
    if unknown:
        raise ValueError(
            f"unknown gate(s): {', '.join(sorted(unknown))}; known: {', '.join(gate_names())}"
        )
    return [gate for gate in GATES if gate[0] in wanted]


def run_all(output: Path, include: set[str] | None = None) -> list[GateResult]:
    """Run the gates (those named in `include`, or all) on the site built in `output`.

    A gate that raises is reported as a failed gate, so the others still run.
    """
    results = []
    for name, run in selected(include):
        try:
            results.append(run(Path(output)))
        except Exception as error:
            where = traceback.format_exception(error)[-1].strip()
            results.append(GateResult(name, False, "crashed", [f"{name} gate crashed: {where}"]))
    return results
