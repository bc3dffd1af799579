"""Push-to-deploy as the tests drive it: a bare repository with the real hooks installed
by `invoke install-hook`, its webroot, and clones that commit and push with real git."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT

SITE_FILES = (
    "content",
    "theme",
    "plugins",
    "markdown_extensions",
    "pelicanconf.py",
    "publishconf.py",
)
ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": "/nonexistent",
    "GIT_AUTHOR_NAME": "Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run(cwd: Path, *command: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=300)
    if check and done.returncode != 0:
        raise AssertionError(f"{command} failed:\n{done.stdout}{done.stderr}")
    return done


def invoke(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(ROOT, sys.executable, "-m", "invoke", *args, check=check)


def commit(work: Path, message: str) -> str:
    run(work, "git", "add", "-A")
    run(work, "git", "commit", "-q", "-m", message)
    return run(work, "git", "rev-parse", "HEAD").stdout.strip()


def push(work: Path, branch: str = "main") -> subprocess.CompletedProcess:
    return run(work, "git", "push", "origin", f"HEAD:{branch}", check=False)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Deployment:
    """A bare repository with the hooks installed, its webroot, and a first clone."""

    def __init__(self, root: Path, keep: int = 5) -> None:
        self.bare, self.webroot = root / "site.git", root / "www"
        run(root, "git", "init", "-q", "--bare", "-b", "main", str(self.bare))
        invoke(
            "install-hook",
            "--repo",
            str(self.bare),
            "--webroot",
            str(self.webroot),
            "--keep",
            str(keep),
        )
        self.work = self.clone(root / "work")
        for name in SITE_FILES:
            source, target = ROOT / name, self.work / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, target)
        # The hook pings the WebSub hub the feeds name (publishconf.py: a public hub on the
        # internet); no test may reach it: tests/deploy/test_websub_deploy.py names its own.
        settings = self.work / "publishconf.py"
        settings.write_text(settings.read_text() + "\nFEEDS_WEBSUB_HUB = None\n")

    def clone(self, where: Path) -> Path:
        run(where.parent, "git", "clone", "-q", str(self.bare), str(where))
        return where

    @property
    def live(self) -> Path:
        return self.webroot / "current"

    def live_commit(self) -> str:
        return os.readlink(self.live).rsplit("-", 1)[-1]

    def branch(self) -> str:
        return run(self.bare, "git", "rev-parse", "main").stdout.strip()

    def releases(self) -> list[Path]:
        return sorted((self.webroot / "releases").iterdir())
