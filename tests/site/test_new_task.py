"""`invoke new` writes a complete draft that builds, and never overwrites."""

import subprocess
import sys
from pathlib import Path

from sitebuild import run_pelican

TITLE = "How to Follow Up After an Interview"
SLUG = "how-to-follow-up-after-an-interview"


def _invoke_new(site: Path, title: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "new", title],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_new_creates_a_draft_with_complete_front_matter(site_copy: Path) -> None:
    done = _invoke_new(site_copy, TITLE)
    assert done.returncode == 0, done.stderr
    article = site_copy / "content" / f"{SLUG}.md"
    meta = dict(
        line.split(": ", 1)
        for line in article.read_text(encoding="utf-8").split("\n\n")[0].splitlines()
    )
    assert meta["Title"] == TITLE
    assert meta["Slug"] == SLUG
    assert meta["Status"] == "draft"
    for key in ("Date", "Category", "Tags", "Summary"):
        assert meta[key].strip(), key


def test_new_draft_builds_strictly_as_a_draft(site_copy: Path) -> None:
    assert _invoke_new(site_copy, TITLE).returncode == 0
    preview = run_pelican(site_copy / "content", site_copy / "preview")  # ./inv livereload
    assert preview.returncode == 0, preview.log
    assert (preview.output / "drafts" / SLUG / "index.html").is_file()
    build = run_pelican(site_copy / "content", site_copy / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    assert not (build.output / "drafts").exists()  # a publish build writes no draft
    assert not (build.output / SLUG).exists()
    assert SLUG not in (build.output / "index.html").read_text(encoding="utf-8")


def test_new_refuses_to_overwrite(site_copy: Path) -> None:
    article = site_copy / "content" / f"{SLUG}.md"
    article.write_text("Title: Mine\n\nMy words.\n", encoding="utf-8")
    done = _invoke_new(site_copy, TITLE)
    assert done.returncode != 0
    assert "already exists" in done.stderr + done.stdout
    assert article.read_text(encoding="utf-8") == "Title: Mine\n\nMy words.\n"
