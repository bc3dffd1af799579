"""`./inv import-wordpress` on a WordPress export written for these tests
(tests/fixtures/wordpress/export.xml: every case the import must handle), its uploads
drawn with Pillow; then a strict publish build of what it wrote."""

import datetime
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from checks import links
from photos import write_phone_photo
from sitebuild import PUBLISH_SITEURL, ROOT, run_pelican

EXPORT = ROOT / "tests" / "fixtures" / "wordpress" / "export.xml"
OLD = "https://old.career-connections.example"
# Text the export holds that must never reach the site (grepped in every output file).
PRIVATE = [
    "private.example", "reader-private.example", "203.0.113", "198.51.100", "hunter2",
    "UNAPPROVED-SECRET-TEXT", "PINGBACK-TEXT", "SPAM-TEXT", "DRAFT-SECRET-TEXT",
    "SCHEDULED-SECRET-TEXT", "PASSWORD-SECRET-TEXT",
]  # fmt: skip


def write_uploads(folder: Path) -> Path:
    write_phone_photo(folder / "2019" / "05" / "team.jpg", seed=1)
    write_phone_photo(folder / "2019" / "05" / "handshake.jpg", seed=2)
    (folder / "2020" / "01").mkdir(parents=True)
    Image.new("RGB", (1200, 750), (40, 90, 140)).save(folder / "2020" / "01" / "chart.png")
    return folder


def import_wordpress(content: Path, uploads: Path, *more: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "invoke", "import-wordpress", "--export", str(EXPORT)]
    command += ["--uploads", str(uploads), "--content", str(content), *more]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def metadata(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("wordpress")
    uploads = write_uploads(root / "uploads")
    content = root / "content"
    done = import_wordpress(content, uploads)
    assert done.returncode == 0, done.stdout + done.stderr
    return content, uploads, done.stdout


@pytest.fixture(scope="module")
def published(imported, tmp_path_factory: pytest.TempPathFactory):
    content, _, _ = imported
    build = run_pelican(content, tmp_path_factory.mktemp("site") / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    return build


def test_posts_pages_and_their_front_matter(imported) -> None:
    content, _, _ = imported
    fair = metadata(content / "what-to-bring-to-a-job-fair.md")
    assert fair["Title"] == "What to Bring to a Job Fair"
    assert fair["Date"] == "2019-05-12 09:30"  # 13:30 GMT in New York (EDT)
    assert fair["Category"] == "Job Search"  # the first category; the others are tags
    assert fair["Tags"] == "Interviews, networking"
    assert fair["Pinned"] == "yes"  # sticky
    assert fair["Cover"] == "images/2019/05/team.jpg"
    assert fair["Cover_alt"] == "Three recruiters smiling behind the Career Connections booth"
    assert fair["Summary"].startswith("Job fairs are short.")
    assert len(fair["Summary"]) <= 160
    greek = metadata(
        content / next(p.name for p in content.glob("*.md") if "αρχή" in p.read_text())
    )
    assert greek["Slug"] == "καλη-αρχη"  # WordPress's percent-encoded slug, decoded
    assert metadata(content / "the-interview-checklist.md")["Summary"] == (
        "Everything to check the night before an interview."  # the excerpt
    )
    assert (content / "pages" / "services.md").is_file()
    child = metadata(content / "pages" / "resume-review.md")
    assert "/services/resume-review/" in child["Aliases"]  # the page hierarchy's address


def test_status_of_drafts_scheduled_and_protected_posts(imported) -> None:
    content, _, report = imported
    states = {p.name: metadata(p).get("Status", "published") for p in content.glob("*.md")}
    assert states["members-only.md"] == "draft"  # password-protected: never published
    assert states["salary-negotiation-draft.md"] == "draft"
    assert states["next-years-hiring-trends.md"] == "published"
    assert metadata(content / "next-years-hiring-trends.md")["Date"].startswith("2099-01-01")
    assert "members-only.md`: password-protected" in report


def test_gutenberg_and_classic_markup_become_clean_markdown(imported) -> None:
    content, _, report = imported
    checklist = (content / "the-interview-checklist.md").read_text(encoding="utf-8")
    assert "wp:" not in checklist
    assert "wp-block" not in checklist
    assert "wp-image" not in checklist
    assert "## Before the interview" in checklist
    assert "| Why us? | Your mission |" in checklist
    assert "```\nif nervous &lt; 10:" not in checklist
    assert "if nervous < 10:" in checklist
    assert "[Find jobs on LinkedIn](https://www.linkedin.com/jobs/)" in checklist
    assert "({filename}/what-to-bring-to-a-job-fair.md)" in checklist  # links between posts
    fair = (content / "what-to-bring-to-a-job-fair.md").read_text(encoding="utf-8")
    assert "[caption" not in fair
    assert "[gallery" not in fair
    assert "?w=" not in fair
    assert "<figcaption>Our team at the spring fair</figcaption>" in fair
    greek = next(p for p in content.glob("*.md") if "αρχή" in p.read_text(encoding="utf-8"))
    assert f"({{filename}}/{greek.name})" in fair  # a percent-encoded link, found
    assert "jetpack/contact-form" in report
    assert "[unknownthing]" in report


def test_images_are_copied_and_a_missing_one_becomes_a_link(imported) -> None:
    content, uploads, report = imported
    for name in ("2019/05/team.jpg", "2019/05/handshake.jpg", "2020/01/chart.png"):
        assert (content / "images" / name).read_bytes() == (uploads / name).read_bytes()
    fair = (content / "what-to-bring-to-a-job-fair.md").read_text(encoding="utf-8")
    lost = f"{OLD}/wp-content/uploads/2018/02/lost-photo.jpg"
    assert f"[Booth]({lost})" in fair  # a link, never an image from the old host
    assert f"image not in the uploads folder, now a link: {lost}" in report
    assert "image without alt text" in report
    assert "handshake.jpg" in report


def test_only_approved_comments_are_kept_without_private_data(imported) -> None:
    content, _, _ = imported
    text = (content / "comments" / "what-to-bring-to-a-job-fair.json").read_text("utf-8")
    comments = json.loads(text)
    assert [c["author"] for c in comments] == ["Zoë Παπαδοπούλου", "Dana Whitfield"]
    assert comments[1]["parent"] == comments[0]["id"]
    assert comments[1]["by_post_author"] is True
    assert "<script" not in text
    assert "javascript:" not in text
    for secret in PRIVATE:
        assert secret not in text


def test_a_second_run_changes_nothing_and_edits_are_kept(imported, tmp_path: Path) -> None:
    _, uploads, _ = imported
    content = tmp_path / "content"
    assert import_wordpress(content, uploads).returncode == 0
    first = snapshot(content)
    again = import_wordpress(content, uploads)
    assert again.returncode == 0, again.stderr
    assert snapshot(content) == first
    assert "| files written | 0 |" in again.stdout
    edited = content / "the-interview-checklist.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    kept = import_wordpress(content, uploads)
    assert "My own note." in edited.read_text(encoding="utf-8")
    assert "the-interview-checklist.md`: edited since the last import" in kept.stdout
    forced = import_wordpress(content, uploads, "--force")
    assert forced.returncode == 0
    assert "My own note." not in edited.read_text(encoding="utf-8")
    assert (tmp_path / "wordpress-import-report.md").is_file()  # next to content/


def test_the_publish_build_answers_every_old_address(published, imported) -> None:
    content, _, _ = imported
    out = published.output
    old_paths = []
    for source in content.rglob("*.md"):
        meta = metadata(source)
        scheduled = meta.get("Date", "") > datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        if meta.get("Status") != "draft" and not scheduled:
            old_paths += [a.strip() for a in meta.get("Aliases", "").split(",") if a.strip()]
    assert any(path.startswith("/2019/05/12/") for path in old_paths)
    netlify = (out / "_redirects").read_text(encoding="utf-8")
    for path in old_paths:
        if "?" in path:
            assert f"/ {path.split('?', 1)[1]} " in netlify, path
            continue
        page = out / unquote(path).strip("/") / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        target = soup.select_one('meta[http-equiv="refresh"]')["content"].split("url=", 1)[1]
        relative = unquote(target.removeprefix(PUBLISH_SITEURL)).strip("/")
        assert (out / relative / "index.html").is_file(), (path, target)
    assert (out / "feed" / "index.html").is_file()  # WordPress's /feed/
    result = links.run(out)
    assert result.ok, result.failures


def test_nothing_private_reaches_the_output(published) -> None:
    for path in published.output.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".txt", ".js", ""}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in PRIVATE:
                assert secret not in text, (path, secret)
    assert not list(published.output.rglob("*members-only*"))
    assert not list(published.output.rglob("*next-years-hiring-trends*"))  # not yet


def test_comments_and_the_pinned_post_are_shown(published) -> None:
    page = published.page("what-to-bring-to-a-job-fair/")
    archive = page.select_one(".comment-archive")
    authors = [a.get_text(strip=True) for a in archive.select(".comment-meta > :first-child")]
    assert authors == ["Zoë Παπαδοπούλου", "Dana Whitfield"]
    reply = archive.select_one(".comment-replies .by-post-author")
    assert reply is not None
    for link in archive.select(".comment-meta a[href^='http']"):
        assert set(link["rel"]) >= {"nofollow", "ugc"}
    assert archive.find("script") is None
    home = published.page("")
    pinned = home.select_one(".pinned")
    assert pinned is not None
    assert "What to Bring to a Job Fair" in pinned.get_text()


@pytest.mark.browser
def test_every_gate_passes_on_the_imported_blog(published) -> None:
    """`./inv check`: links (and every redirect), HTML, feeds, budgets, accessibility and
    the browser budget, on the pages chosen from this build."""
    command = [sys.executable, "-m", "invoke", "check", "--output", str(published.output)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    skipped = [line for line in done.stdout.splitlines() if "skip" in line.lower()]
    if os.environ.get("CI"):
        assert skipped == [], done.stdout


def test_a_wxr_1_1_export_imports_the_same(imported, tmp_path: Path) -> None:
    """WordPress wrote WXR 1.1 before 4.x: the same export in its namespace, same files."""
    content, uploads, _ = imported
    older = tmp_path / "export-1.1.xml"
    older.write_text(EXPORT.read_text(encoding="utf-8").replace("/export/1.2/", "/export/1.1/"))
    command = [sys.executable, "-m", "invoke", "import-wordpress", "--export", str(older)]
    command += ["--uploads", str(uploads), "--content", str(tmp_path / "content")]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(tmp_path / "content") == snapshot(content)
