"""Feeds gate: every feeds/**/*.xml is well-formed XML and a feed feedparser reads cleanly.

A feed is rejected when the XML parser fails, when feedparser flags it (`bozo`, e.g. a
wrong encoding or a character-level problem) or when feedparser cannot tell its format.
"""

import xml.etree.ElementTree as ET
from pathlib import Path

from checks.gate import GateResult

NAME = "feeds"


def check_feed(path: Path, relative: str) -> tuple[int, list[str]]:
    """(entries, problems) of one feed file."""
    import feedparser  # a test requirement, installed in the project's .venv

    data = path.read_bytes()
    try:
        ET.fromstring(data)
    except ET.ParseError as error:
        return 0, [f"{relative}: not well-formed XML: {error}"]
    parsed = feedparser.parse(data)
    problems = []
    if parsed.bozo:
        problems.append(f"{relative}: feedparser: {parsed.bozo_exception}")
    if not parsed.version:
        problems.append(f"{relative}: not an Atom or RSS feed")
    return len(parsed.entries), problems


def run(output: Path) -> GateResult:
    """Parse every feed of the site built in `output`."""
    folder = Path(output) / "feeds"
    paths = sorted(folder.rglob("*.xml")) if folder.is_dir() else []
    if not paths:
        return GateResult(NAME, False, "no feeds", [f"no feeds/**/*.xml in {output}"])
    entries, failures = 0, []
    for path in paths:
        count, problems = check_feed(path, path.relative_to(output).as_posix())
        entries += count
        failures += problems
    figure = f"{len(paths)} feeds, {entries} entries, {len(failures)} problems"
    return GateResult(NAME, not failures, figure, failures)
