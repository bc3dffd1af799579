"""The edit-preview loop renders only what changed, and its output is always a clean build's.

A `benchmarks/live_builder.py` process plays `invoke livereload`: one long-lived process,
a rebuild per edit. After each edit of the sequence below, its output folder must
be byte-identical to a fresh full build of the same sources in a new process.
"""

import concurrent.futures
import datetime
import gzip
import json
import re
import runpy
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from loopback import free_port
from sitebuild import PUBLISH_SITEURL, ROOT, differences, run_pelican

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_site import write_site

ARTICLES = 24
# Search is off in both builds: Pagefind's bundle names are random per run.
EXTRA = {"SEARCH_INDEX": "false"}


class LiveBuilder:
    """The livereload rebuild loop in a subprocess, one build per request."""

    def __init__(
        self, site: Path, content: Path, output: Path, search: bool = False, settings: str = ""
    ) -> None:
        self.request = f"{content} -o {output}\tSEARCH_INDEX={str(search).lower()} {settings}\n"
        self.path = ""  # "fast" (live.py's body-edit path) or "full", for the last build
        self.log: list[str] = []  # Pelican's messages (standard output)
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "live_builder.py")],
            cwd=site,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "SITEURL": PUBLISH_SITEURL},
        )

    def build(self) -> tuple[int, int]:
        """(pages rendered, pages kept) by one rebuild."""
        self.process.stdin.write(self.request)
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        while line and not line.startswith("built "):  # Pelican's own "Done: ..." lines
            self.log.append(line)
            line = self.process.stdout.readline()
        if not line:
            self.process.kill()
            raise AssertionError(f"live build failed: {line!r} {self.process.stderr.read()}")
        rendered, kept, _seconds, self.path = line.split()[1:5]
        return int(rendered), int(kept)

    def settle(self) -> None:
        """Wait for the search index the last build started in the background."""
        self.process.stdin.write("settle\n")
        self.process.stdin.flush()
        while (line := self.process.stdout.readline()) and line.strip() != "settled":
            pass

    def close(self) -> str:
        """End the process; everything it logged."""
        self.process.stdin.close()
        self.process.wait(timeout=60)
        return "".join(self.log) + self.process.stdout.read() + self.process.stderr.read()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _meta_line(path: Path, key: str) -> str:
    return next(line for line in path.read_text().splitlines() if line.startswith(f"{key}: "))


def _article(content: Path, number: int) -> Path:
    return content / f"article-{number:05d}.md"


def edit_body(site: Path, content: Path) -> None:
    _replace(_article(content, 5), "\n\n", "\n\nA new first paragraph, added in an edit.\n\n")


def edit_headings(site: Path, content: Path) -> None:
    """Two of four headings become paragraphs: the table of contents goes."""
    path = _article(content, 6)
    for _ in range(2):
        _replace(path, "\n## ", "\nSome text instead of a heading: ")


def edit_summary_away(site: Path, content: Path) -> None:
    path = _article(content, 13)
    _replace(path, _meta_line(path, "Summary") + "\n", "")


def edit_body_of_summary(site: Path, content: Path) -> None:
    """Article 13 has no Summary any more: its first paragraph is the summary that
    listings, feeds and its meta description show."""
    _replace(_article(content, 13), "\n\n", "\n\nThe summary now starts with this sentence.\n\n")


def edit_body_and_title(site: Path, content: Path) -> None:
    _set_meta(content, 15, "Title", "Retitled while its text changed")
    _replace(_article(content, 15), "\n\n", "\n\nAnd one more paragraph.\n\n")


def edit_body_with_links(site: Path, content: Path) -> None:
    """A link to another article and one to nothing (a warning, not an error)."""
    _replace(
        _article(content, 17),
        "\n\n",
        "\n\nSee [the other one]({filename}article-00002.md) and [a gap]({filename}none.md).\n\n",
    )


def edit_tag_case_and_body(site: Path, content: Path) -> None:
    """Pelican finds `Offers` == `offers` (same slug); the pages show the new spelling."""
    path = _article(content, 19)
    tags = _meta_line(path, "Tags")
    first = tags.removeprefix("Tags: ").split(",")[0]
    _replace(path, tags, tags.replace(first, first.title(), 1))
    _replace(path, "\n\n", "\n\nText changed in the same save.\n\n")


def edit_date_to_winter(site: Path, content: Path) -> None:
    _set_meta(content, 21, "Date", "2020-01-15 10:00")


def edit_date_offset_and_body(site: Path, content: Path) -> None:
    """The same instant written in UTC (New York is 5 hours behind in January)."""
    _set_meta(content, 21, "Date", "2020-01-15 15:00+00:00")
    _replace(_article(content, 21), "\n\n", "\n\nText changed in the same save.\n\n")


def edit_body_after_a_full_build(site: Path, content: Path) -> None:
    _replace(_article(content, 5), "A new first paragraph", "An edited first paragraph")


def _set_meta(content: Path, number: int, key: str, value: str) -> None:
    """Replace the `key` line of article `number` by `key: value`."""
    path = _article(content, number)
    _replace(path, _meta_line(path, key), f"{key}: {value}")


def edit_title(site: Path, content: Path) -> None:
    _set_meta(content, 7, "Title", "A retitled article about offers")


def edit_tags(site: Path, content: Path) -> None:
    _set_meta(content, 9, "Tags", "linkedin, brand-new tag")


def edit_category(site: Path, content: Path) -> None:
    _set_meta(content, 11, "Category", "A Category Of Its Own")


def edit_date(site: Path, content: Path) -> None:
    _set_meta(content, 3, "Date", "2026-05-30 09:00")


def delete_article(site: Path, content: Path) -> None:
    _article(content, 11).unlink()  # the only article of its category, since edit_category


def add_article(site: Path, content: Path) -> None:
    _article(content, 900).write_text(
        "Title: A brand new article\nDate: 2026-05-31 10:00\nCategory: Interviews\n"
        "Tags: linkedin, offers\nSummary: Freshly added.\n\nNew text.\n",
        encoding="utf-8",
    )


def edit_template(site: Path, content: Path) -> None:
    _replace(site / "theme" / "templates" / "partials" / "footer.html", "<footer", "<footer data-x")


def edit_stylesheet(site: Path, content: Path) -> None:
    """A new stylesheet is a new name (assets plugin): every page must name the new one."""
    with (site / "theme" / "static" / "css" / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n.edited-in-livereload { color: red; }\n")


def edit_settings(site: Path, content: Path) -> None:
    with (site / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write('\nSITESUBTITLE = "Edited in the settings"\n')


# Each edit, and whether the rebuild may take the fast path for body edits (live.py).
EDITS: list[tuple[Callable[[Path, Path], None], str]] = [
    (edit_body, "fast"),
    (edit_headings, "fast"),
    (edit_summary_away, "full"),
    (edit_body_of_summary, "fast"),
    (edit_body_and_title, "full"),
    (edit_body_with_links, "fast"),
    (edit_tag_case_and_body, "full"),
    (edit_date_to_winter, "full"),
    (edit_date_offset_and_body, "full"),
    (edit_title, "full"),
    (edit_tags, "full"),
    (edit_category, "full"),
    (edit_date, "full"),
    (delete_article, "full"),
    (add_article, "full"),
    (edit_template, "full"),
    (edit_stylesheet, "full"),
    (edit_settings, "full"),
    (edit_body_after_a_full_build, "fast"),
]


@pytest.fixture
def live(site_copy: Path):
    content = site_copy / "content"
    write_site(content, ARTICLES)
    builder = LiveBuilder(site_copy, content, site_copy / "output")
    yield builder, site_copy, content
    builder.close()


def _full_build(site: Path, content: Path, output: Path) -> None:
    build = run_pelican(content, output, str(site / "pelicanconf.py"), strict=False, extra=EXTRA)
    assert build.returncode == 0, build.log


def _snapshot(site: Path, target: Path) -> Path:
    """A copy of the site as it is now (settings, theme, plugins, content)."""
    target.mkdir(parents=True)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(site / name, target / name)
    for name in ("theme", "plugins", "markdown_extensions", "content"):
        shutil.copytree(site / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_each_edit_rebuilds_to_exactly_a_clean_build(live, tmp_path: Path) -> None:
    """After each edit, the livereload output is compared with a clean build of the same
    sources. The clean builds run on copies, two at a time, while the edits go on."""
    builder, site, content = live
    rendered, kept = builder.build()
    assert kept == 0
    assert rendered > ARTICLES
    assert builder.build() == (0, rendered)  # nothing changed: nothing rendered
    checks = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as clean_builds:
        for number, (edit, path) in enumerate(EDITS):
            edit(site, content)
            rendered_now, _ = builder.build()
            assert rendered_now > 0, edit.__name__
            assert builder.path == path, edit.__name__
            live_output = tmp_path / f"live-{number}"
            shutil.copytree(site / "output", live_output)
            copy = _snapshot(site, tmp_path / f"sources-{number}")
            full = clean_builds.submit(
                _full_build, copy, copy / "content", tmp_path / f"full-{number}"
            )
            checks.append((edit.__name__, live_output, full, tmp_path / f"full-{number}"))
    for name, live_output, full, full_output in checks:
        full.result()
        assert differences(live_output, full_output) == [], name


def test_a_body_edit_renders_a_handful_of_pages(live) -> None:
    builder, site, content = live
    total, _ = builder.build()
    edit_body(site, content)
    rendered, kept = builder.build()
    assert builder.path == "fast"
    assert 0 < rendered < total / 3, (rendered, total)
    assert rendered + kept >= total


STAMP_PLUGIN = """
from pelican import signals

def stamp(generator):
    for article in generator.articles:
        article.title = f"{article.title} ({len(article._content)} characters)"

def register():
    signals.article_generator_finalized.connect(stamp)
"""


def test_a_receiver_the_fast_path_does_not_know_turns_it_off(site_copy: Path) -> None:
    """A plugin that derives something from bodies in a full build only (no feature marked
    its receiver, kit.fast_path): the body edit is rebuilt in full, so it is not stale."""
    (site_copy / "plugins" / "stamp.py").write_text(STAMP_PLUGIN, encoding="utf-8")
    plugins = json.dumps([*runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"], "stamp"])
    content = site_copy / "content"
    write_site(content, 4)
    output = site_copy / "output"
    builder = LiveBuilder(site_copy, content, output, settings=f"PLUGINS='{plugins}'")
    try:
        builder.build()
        before = (output / "article-00002" / "index.html").read_text(encoding="utf-8")
        _replace(_article(content, 2), "\n\n", "\n\nTwenty more characters.\n\n")
        builder.build()
        assert builder.path == "full"
        after = (output / "article-00002" / "index.html").read_text(encoding="utf-8")
        counts = [re.search(r"\((\d+) characters\)", page) for page in (before, after)]
        assert all(counts), "the stamp plugin did not run"
        assert int(counts[1].group(1)) > int(counts[0].group(1))
    finally:
        builder.close()


def test_the_livereload_callback_takes_the_changed_files(site_copy: Path) -> None:
    """python-livereload calls the watch callback with the list of changed paths."""
    write_site(site_copy / "content", 3)
    script = "import tasks; tasks.rebuild_after_change(['content/article-00001.md'])"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=site_copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "SITEURL": PUBLISH_SITEURL, "SEARCH_INDEX": "false"},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert (site_copy / "output" / "article-00001" / "index.html").is_file()


def _indexed(output: Path) -> dict[str, str]:
    """Pagefind's fragments in `output`: page URL -> indexed text."""
    pages = {}
    for fragment in (output / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        pages[record["url"]] = record["content"]
    return pages


def test_the_search_index_follows_each_rebuild(site_copy: Path) -> None:
    """livereload re-indexes in the background from a kept copy of the pages: an edit,
    an added and a deleted article all reach the index, nothing stale stays."""
    content = site_copy / "content"
    write_site(content, 6)
    builder = LiveBuilder(site_copy, content, site_copy / "output", search=True)
    try:
        builder.build()
        builder.settle()
        before = _indexed(site_copy / "output")
        assert "/article-00002/" in before
        assert not any("zebrafinch" in text for text in before.values())
        _article(content, 2).write_text(
            _article(content, 2).read_text(encoding="utf-8") + "\nA zebrafinch sighting.\n",
            encoding="utf-8",
        )
        builder.build()
        assert builder.path == "fast"
        builder.settle()
        assert "zebrafinch" in _indexed(site_copy / "output")["/article-00002/"]
        add_article(site_copy, content)
        builder.build()
        builder.settle()
        after = _indexed(site_copy / "output")
        assert "zebrafinch" in after["/article-00002/"]
        assert len(after) == len(before) + 1
        _article(content, 2).unlink()
        builder.build()
        builder.settle()
        last = _indexed(site_copy / "output")
        assert "/article-00002/" not in last
        assert not any("zebrafinch" in text for text in last.values())
        assert len(last) == len(before)
    finally:
        builder.close()


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _save_by_renaming(path: Path, line: str) -> None:
    """Save as Vim and JetBrains editors do: write a new file, rename it over the old."""
    new = path.with_name(path.name + ".new")
    new.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    new.replace(path)


def test_invoke_livereload_rebuilds_a_saved_article_on_a_file_system_event(
    site_copy: Path, tmp_path: Path
) -> None:
    """The real `invoke livereload`: woken by the save (no 0.8 s polling), it takes the
    fast path and the page shows the new sentence; the settings file, saved twice by
    renaming a new file over it, is rebuilt both times."""
    content = site_copy / "content"
    write_site(content, 6)
    with (site_copy / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f"\nPORT = {free_port()}\n")
    log_path = tmp_path / "livereload.log"
    page = site_copy / "output" / "article-00003" / "index.html"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload"],
            cwd=site_copy,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "SITEURL": PUBLISH_SITEURL},
        )
        try:
            assert _wait_for(lambda: "Serving at" in log_path.read_text(), 300), (
                log_path.read_text()
            )
            time.sleep(1)  # the watcher starts with the event loop
            with _article(content, 3).open("a", encoding="utf-8") as source:
                source.write("\nA sentence saved while livereload runs.\n")
            saved = lambda: "saved while livereload runs" in page.read_text(encoding="utf-8")  # noqa: E731
            assert _wait_for(saved, 60), log_path.read_text()
            done = lambda: "Done: body edit of article-00003.md" in log_path.read_text()  # noqa: E731
            assert _wait_for(done, 10), log_path.read_text()
            home = site_copy / "output" / "index.html"
            for subtitle in ("First subtitle", "Second subtitle"):  # saves by renaming
                _save_by_renaming(site_copy / "pelicanconf.py", f'SITESUBTITLE = "{subtitle}"')
                shown = lambda s=subtitle: s in home.read_text(encoding="utf-8")  # noqa: E731
                assert _wait_for(shown, 60), (subtitle, log_path.read_text())
        finally:
            server.terminate()
            server.wait(timeout=60)
    assert "Start detecting changes" not in log_path.read_text()  # livereload's polling


def test_a_body_edit_in_a_linked_folder_is_seen(site_copy: Path, tmp_path: Path) -> None:
    """Pelican follows symbolic links in the content folder; so does the fast path."""
    content = site_copy / "content"
    write_site(content, 4)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (_article(content, 3)).rename(elsewhere / "article-00003.md")
    (content / "linked").symlink_to(elsewhere, target_is_directory=True)
    builder = LiveBuilder(site_copy, content, site_copy / "output")
    try:
        builder.build()
        _replace(elsewhere / "article-00003.md", "\n\n", "\n\nEdited through the link.\n\n")
        rendered, _ = builder.build()
        assert (builder.path, rendered > 0) == ("fast", True)
        page = site_copy / "output" / "article-00003" / "index.html"
        assert "Edited through the link." in page.read_text(encoding="utf-8")
    finally:
        builder.close()
    _full_build(site_copy, content, tmp_path / "full")
    assert differences(site_copy / "output", tmp_path / "full") == []


def test_a_scheduled_article_is_published_when_its_time_comes(site_copy: Path, tmp_path) -> None:
    """Dated in the future, an article is a draft; once its date has passed, the next
    rebuild (even after a body edit elsewhere) is a full one that publishes it."""
    content = site_copy / "content"
    write_site(content, 4)
    # Time for the first build (about 2 s), not much more: the test waits for it.
    soon = datetime.datetime.now(ZoneInfo("America/New_York")) + datetime.timedelta(seconds=8)
    _set_meta(content, 2, "Date", soon.strftime("%Y-%m-%d %H:%M:%S"))
    builder = LiveBuilder(site_copy, content, site_copy / "output")
    try:
        builder.build()
        assert (site_copy / "output" / "drafts" / "article-00002" / "index.html").is_file()
        time.sleep(max(0.0, (soon - datetime.datetime.now(soon.tzinfo)).total_seconds()) + 1)
        _replace(_article(content, 3), "\n\n", "\n\nA body edit elsewhere.\n\n")
        builder.build()
        assert builder.path == "full"
    finally:
        builder.close()
    assert (site_copy / "output" / "article-00002" / "index.html").is_file()
    _full_build(site_copy, content, tmp_path / "full")
    assert differences(site_copy / "output", tmp_path / "full") == []


def test_an_error_found_by_the_fast_path_is_reported_once(site_copy: Path) -> None:
    """The fast path reads the edited file first; when it falls back, the full build
    reads it again: its error must be said once, not twice."""
    content = site_copy / "content"
    write_site(content, 4)
    builder = LiveBuilder(site_copy, content, site_copy / "output")
    try:
        builder.build()
        path = _article(content, 2)
        _replace(path, _meta_line(path, "Title") + "\n", "")
        builder.build()
        assert builder.path == "full"
    finally:
        log = builder.close()
    assert log.count("could not find information about 'title'") == 1, log
