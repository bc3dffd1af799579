"""The shape of the plugins (README: Architecture): who may import whom, and how big things get.

The import rules are import-linter contracts in pyproject.toml, checked here (and by
`./inv lint`) over plugins/; a copy of plugins/ with one forbidden import per rule proves
that each contract would fail on the mistake it is there for.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CODE = [ROOT / "plugins", ROOT / "markdown_extensions", ROOT / "devtools", ROOT / "wordpress"]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
PLUGINS = (
    "strict",
    "safehtml",
    "images",
    "reading",
    "engage",
    "social",
    "feeds",
    "search",
    "redirects",
    "assets",
    "headers",
    "buildspeed",
)


def lint_imports(plugins: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(plugins), "NO_COLOR": "1", "COLUMNS": "200"}
    command = [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def contracts(output: str) -> dict[str, str]:
    """Contract name -> KEPT or BROKEN, from lint-imports' summary lines."""
    return dict(re.findall(r"^(.+?) (KEPT|BROKEN)\b", output, re.MULTILINE))


def test_the_import_rules_hold() -> None:
    done = lint_imports(ROOT / "plugins")
    assert done.returncode == 0, done.stdout + done.stderr
    found = contracts(done.stdout)
    assert len(found) == 7, done.stdout
    assert set(found.values()) == {"KEPT"}


# One forbidden import per contract, each the mistake that contract is there to catch.
VIOLATIONS = {
    "kit/contents.py": "import engage.attach",  # the kit imports no plugin
    "strict/sanitize.py": "import reading.stats",  # a feature imports another
    "buildspeed/live.py": "import search.index",  # buildspeed knows a feature
    "social/seo.py": "import buildspeed.session",  # a feature depends on buildspeed
    "headers/plugin.py": "import social.seo",  # headers reads more than engage and search
    "headers/rules.py": "import engage.providers",  # past engage's public API
    "reading/toc.py": "import reading.aids",  # a circle: aids imports toc
}


def test_each_rule_catches_its_mistake(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__"))
    for module, line in VIOLATIONS.items():
        with (plugins / module).open("a", encoding="utf-8") as source:
            source.write(f"\n{line}  # noqa\n")
    done = lint_imports(plugins)
    assert done.returncode != 0
    found = contracts(done.stdout)
    assert len(found) == 7, done.stdout
    assert set(found.values()) == {"BROKEN"}, done.stdout


def _python_files() -> list[Path]:
    return sorted(path for folder in CODE for path in folder.rglob("*.py"))


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path}: split it by job"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = node.end_lineno - node.lineno + 1
            assert lines <= MAX_FUNCTION_LINES, f"{path}:{node.lineno} {node.name}: {lines} lines"


@pytest.mark.parametrize("plugin", PLUGINS)
def test_each_plugin_registers_and_declares_its_settings(plugin: str) -> None:
    """A Pelican plugin: a package whose __init__ exposes register(), with a settings spec
    under its own prefix."""
    import importlib

    package = importlib.import_module(plugin)
    assert callable(package.register)
    spec = importlib.import_module(f"{plugin}.settings").SPEC
    assert spec.plugin == plugin
    assert spec.prefix == f"{plugin.upper()}_"
    assert all(setting.name.startswith(spec.prefix) for setting in spec.settings)


def test_the_kit_is_no_plugin() -> None:
    import kit

    assert not hasattr(kit, "register")
