"""HTML gate: the Nu Html Checker (vnu.jar, from node_modules) finds no error in any HTML file.

One JVM checks the whole output folder (about 4 s for this site, most of it JVM start-up).
Without Java or vnu.jar the gate is skipped with the install command; with CI set in the
environment a missing tool is a failure.
"""

import contextlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checks.gate import GateResult

NAME = "html"
ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_JAVA = "apt-get install default-jre-headless"
INSTALL_VNU = "./inv --list (installs node_modules/ with npm ci)"
TIMEOUT_S = 600


def missing_tool(java: str | None, jar: Path) -> str:
    if java is None:
        return f"Java not found: {INSTALL_JAVA}"
    if not jar.is_file():
        return f"{jar} not found: {INSTALL_VNU}"
    return ""


def unavailable(reason: str) -> GateResult:
    """Skipped locally; a failure in CI, where every tool must be there."""
    if os.environ.get("CI"):
        return GateResult(NAME, False, "could not run", [reason])
    return GateResult(NAME, True, "", skipped=reason)


def vnu_messages(stdout: str, stderr: str) -> list[dict] | None:
    """The checker's messages from its JSON report (on stderr, or stdout), None if absent."""
    for stream in (stderr, stdout):
        start = stream.find("{")
        if start == -1:
            continue
        try:
            return json.loads(stream[start:])["messages"]
        except (ValueError, KeyError):
            continue
    return None


def describe(message: dict, output: Path) -> str:
    url = message.get("url", "")
    where = unquote(urlsplit(url).path) if url.startswith("file:") else url
    with contextlib.suppress(ValueError):
        where = Path(where).resolve().relative_to(output.resolve()).as_posix()
    line = message.get("lastLine") or message.get("firstLine")
    position = (
        f":{line}:{message.get('firstColumn', message.get('lastColumn', ''))}" if line else ""
    )
    return f"{where}{position}: {message.get('message', '').strip()}"


def run(output: Path, jar: Path | None = None, java: str | None = None) -> GateResult:
    """Validate every HTML file of `output` with the Nu Html Checker (errors only)."""
    output = Path(output)
    jar = Path(jar) if jar else VNU_JAR
    java = java or shutil.which("java")
    reason = missing_tool(java, jar)
    if reason:
        return unavailable(reason)
    files = sorted(output.rglob("*.html"))
    command = [java, "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html"]
    done = subprocess.run(
        [*command, str(output)], capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    messages = vnu_messages(done.stdout, done.stderr)
    if messages is None:
        tail = (done.stderr or done.stdout).strip()[-500:]
        return GateResult(NAME, False, "vnu failed", [f"exit {done.returncode}: {tail}"])
    failures = [describe(m, output) for m in messages if m.get("type") != "info"]
    figure = f"{len(files)} files, {len(failures)} errors (Nu Html Checker)"
    return GateResult(NAME, not failures, figure, failures)
