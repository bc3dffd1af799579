"""`invoke preview` (and so `publish`, `gh-pages`) never leaves a half-written output/."""

import subprocess
import sys
from pathlib import Path

from sitebuild import write_article


def _preview(site: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "SITEURL": "https://blog.test", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "invoke", "preview"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _previous_output(site: Path) -> dict[str, str]:
    """A published output/ from an earlier build, with a file only it has."""
    files = {"index.html": "<p>the live home page</p>", "old-article/index.html": "<p>old</p>"}
    for name, text in files.items():
        path = site / "output" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _break_archives_template(site: Path) -> None:
    """A template rendered after the articles: the build fails halfway through writing."""
    template = site / "theme" / "templates" / "archives.html"
    text = template.read_text(encoding="utf-8")
    assert "{% block content %}" in text
    broken = text.replace("{% block content %}", "{% block content %}{{ no_such_thing.attribute }}")
    template.write_text(broken, encoding="utf-8")


def test_a_build_failing_midway_leaves_the_previous_output_intact(site_copy: Path) -> None:
    write_article(site_copy / "content", "new.md", title="New", date="2024-03-01", category="T")
    files = _previous_output(site_copy)
    _break_archives_template(site_copy)
    done = _preview(site_copy)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "archives.html" in done.stdout + done.stderr
    assert "output/ was left as it was" in done.stdout + done.stderr
    assert _snapshot(site_copy / "output") == files
    leftovers = [p.name for p in site_copy.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_a_successful_build_replaces_the_output_whole(site_copy: Path) -> None:
    write_article(site_copy / "content", "new.md", title="New", date="2024-03-01", category="T")
    _previous_output(site_copy)
    done = _preview(site_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    output = site_copy / "output"
    assert (output / "new" / "index.html").is_file()
    assert "the live home page" not in (output / "index.html").read_text(encoding="utf-8")
    assert not (output / "old-article").exists()  # a published build holds only its own files
    leftovers = [p.name for p in site_copy.iterdir() if p.name.startswith(".output")]
    assert leftovers == []
