"""What every quality gate returns, and how `invoke check` prints it."""

from dataclasses import dataclass, field


@dataclass
class GateResult:
    """One gate's verdict: a figure for the report line, then the failures in detail."""

    name: str
    ok: bool
    figure: str
    failures: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # listed, not failures (external links...)
    skipped: str = ""  # why the gate could not run (a missing tool, locally)

    def line(self) -> str:
        status = "SKIP" if self.skipped else ("ok" if self.ok else "FAIL")
        return f"{status:>4}  {self.name:<14} {self.skipped or self.figure}"


def report(results: list[GateResult]) -> str:
    """One line per gate with its figure, then the details of each failure."""
    lines = [result.line() for result in results]
    for result in results:
        if result.failures:
            lines.append(f"\n{result.name}: {len(result.failures)} problem(s)")
            lines += [f"  - {failure}" for failure in result.failures]
    return "\n".join(lines)
