"""The quality gates (checks/): green on the real site's publish build, red on damaged copies.

Every negative case copies the publish build into tmp_path and breaks one thing in it.
Nothing here touches the network: external links are listed, never fetched.
"""

import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks import GATES, feeds, html_validity, links, run_all, static_budget
from checks.pages import browser_pages
from real_content import write_real_site
from sitebuild import PUBLISH_SITEURL, ROOT, SEED_SLUG, Build, run_pelican

SEED_PAGE = f"{SEED_SLUG}/index.html"
OWN_GATES = ["links", "html", "feeds", "static-budget"]


@pytest.fixture
def damaged(published_site: Build, tmp_path: Path) -> Path:
    """A scratch copy of the publish build, to break."""
    return Path(shutil.copytree(published_site.output, tmp_path / "site"))


def append_to_body(page: Path, html: str) -> None:
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", html + "</main>", 1), encoding="utf-8")


def loaded_stylesheet(site: Path) -> str:
    """The stylesheet the pages load (named by its content's hash), relative to `site`."""
    link = re.search(
        r'<link rel="stylesheet" href="[^"]*?/(theme/[^"]+)"', (site / SEED_PAGE).read_text()
    )
    return link[1]


def require_vnu() -> None:
    reason = html_validity.missing_tool(shutil.which("java"), html_validity.VNU_JAR)
    if reason and not os.environ.get("CI"):
        pytest.skip(reason)


# --- The real site passes --------------------------------------------------------------


def test_gates_are_listed_in_report_order():
    names = [name for name, _ in GATES]
    assert names[:4] == OWN_GATES
    assert set(names[4:]) <= {"accessibility", "browser-budget"}


def test_links_gate_passes_on_the_publish_build(published_site: Build):
    result = links.run(published_site.output)
    assert result.ok, result.failures
    assert result.failures == []
    assert links.detect_siteurl(published_site.output) == PUBLISH_SITEURL
    # Share links are external: listed, counted, not fetched, not failures.
    assert any(d.startswith("external: https://www.linkedin.com/") for d in result.details)
    assert re.search(r"\d+ external \(not fetched\)", result.figure)


def test_html_gate_passes_on_the_publish_build(published_site: Build):
    require_vnu()
    result = html_validity.run(published_site.output)
    assert result.ok, result.failures
    assert result.failures == []


def test_feeds_gate_passes_on_the_publish_build(published_site: Build):
    result = feeds.run(published_site.output)
    assert result.ok, result.failures
    assert result.failures == []
    assert re.match(r"\d+ feeds, [1-9]\d* entries", result.figure)


def test_static_budget_gate_passes_on_the_publish_build(published_site: Build):
    result = static_budget.run(published_site.output)
    assert result.ok, result.failures
    assert result.failures == []
    counted = " ".join(result.details)
    assert re.search(r"theme/css/style\.[0-9a-f]+\.css", counted), counted
    assert re.search(r"theme/js/site\.[0-9a-f]+\.js", counted), counted


# --- Each gate can fail ------------------------------------------------------------------


def test_links_gate_finds_a_broken_internal_link(damaged: Path):
    append_to_body(damaged / SEED_PAGE, f'<a href="{PUBLISH_SITEURL}/no-such-article/">x</a>')
    append_to_body(damaged / "about/index.html", '<img src="../images/gone.png" alt="">')
    result = links.run(damaged)
    assert not result.ok
    assert any(SEED_PAGE in f and "/no-such-article/" in f for f in result.failures)
    assert any("about/index.html" in f and "gone.png" in f for f in result.failures)


def test_links_gate_finds_a_missing_fragment(damaged: Path):
    append_to_body(damaged / "about/index.html", f'<a href="/{SEED_SLUG}/#no-such-id">x</a>')
    result = links.run(damaged)
    assert not result.ok
    assert any("no id 'no-such-id'" in f and SEED_PAGE in f for f in result.failures)


def test_links_gate_finds_an_unreachable_page(damaged: Path):
    orphan = damaged / "orphan" / "index.html"
    orphan.parent.mkdir()
    shutil.copy(damaged / "about/index.html", orphan)
    result = links.run(damaged)
    assert result.failures == ["orphan/index.html: not reachable from the home page"]


def test_links_gate_checks_feeds_css_and_sitemap(damaged: Path):
    feed = damaged / "feeds/all.atom.xml"
    feed.write_text(
        feed.read_text(encoding="utf-8").replace(
            f"{PUBLISH_SITEURL}/{SEED_SLUG}/", f"{PUBLISH_SITEURL}/moved-away/", 1
        ),
        encoding="utf-8",
    )
    stylesheet = loaded_stylesheet(damaged)
    css = damaged / stylesheet
    css.write_text(css.read_text() + "\nbody{background:url(../images/nope.png)}\n")
    sitemap = damaged / "sitemap.xml"
    sitemap.write_text(sitemap.read_text().replace("/about/<", "/abut/<"))
    failures = links.run(damaged).failures
    assert any(f.startswith("feeds/all.atom.xml: broken link") for f in failures)
    assert any(f.startswith(f"{stylesheet}: broken link") for f in failures)
    assert any(f.startswith("sitemap.xml: broken link") for f in failures)


def test_html_gate_finds_errors(damaged: Path):
    require_vnu()
    page = damaged / "about/index.html"
    append_to_body(page, '<p id="main">duplicate id</p><div><span>unclosed</div>')
    result = html_validity.run(damaged)
    assert not result.ok
    assert any("about/index.html:" in f and "Duplicate ID" in f for f in result.failures)
    assert all(f.startswith("about/index.html:") for f in result.failures)


def test_html_gate_without_java_skips_locally_and_fails_in_ci(
    damaged: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(html_validity.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    skipped = html_validity.run(damaged)
    assert skipped.ok
    assert "apt-get install default-jre-headless" in skipped.skipped
    monkeypatch.setenv("CI", "true")
    failed = html_validity.run(damaged)
    assert not failed.ok
    assert not failed.skipped
    assert "apt-get install default-jre-headless" in failed.failures[0]


def test_feeds_gate_finds_a_malformed_feed(damaged: Path):
    feed = damaged / "feeds/all.rss.xml"
    feed.write_text(feed.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # cut short
    result = feeds.run(damaged)
    assert not result.ok
    assert len(result.failures) == 1
    assert result.failures[0].startswith("feeds/all.rss.xml: not well-formed XML")


def test_feeds_gate_checks_json_feeds(damaged: Path):
    path = damaged / "feeds/all.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    item = document["items"][0]
    document["items"] += [dict(item, date_published="15 July 2013")]  # and the same id
    document["items"] += [{"id": "x", "url": f"/{SEED_SLUG}/", "content_html": "<p>x</p>"}]
    del item["content_html"]
    path.write_text(json.dumps(document), encoding="utf-8")
    (damaged / "feeds/tag/linkedin.json").write_text("{not json", encoding="utf-8")
    result = feeds.run(damaged)
    assert not result.ok
    assert result.failures[:4] == [
        "feeds/all.json: item 1: neither content_html nor content_text",
        f"feeds/all.json: item 2: id {item['id']!r} used twice",
        "feeds/all.json: item 2: date_published '15 July 2013' is not an RFC 3339 date",
        f"feeds/all.json: item 3: url '/{SEED_SLUG}/' is not an absolute http(s) URL",
    ]
    assert result.failures[4].startswith("feeds/tag/linkedin.json: not JSON")
    assert len(result.failures) == 5


def test_links_gate_follows_the_links_of_json_feeds(damaged: Path):
    path = damaged / "feeds/all.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["items"][0]["image"] = f"{PUBLISH_SITEURL}/images/gone.svg"
    document["items"][0]["content_html"] += f'<a href="{PUBLISH_SITEURL}/moved-away/">x</a>'
    path.write_text(json.dumps(document), encoding="utf-8")
    failures = links.run(damaged).failures
    assert failures == [
        f"feeds/all.json: broken link {PUBLISH_SITEURL}/images/gone.svg",
        f"feeds/all.json: broken link {PUBLISH_SITEURL}/moved-away/",
    ]


def test_links_gate_checks_feed_images(damaged: Path):
    path = damaged / "feeds/all.rss.xml"
    cover = f'url="{PUBLISH_SITEURL}/images/networking-open-hand.svg"'
    text = path.read_text(encoding="utf-8")
    assert text.count(cover) == 1  # media:content's; the entry's <img> is escaped text
    path.write_text(text.replace(cover, f'url="{PUBLISH_SITEURL}/images/gone.svg"'))
    failures = links.run(damaged).failures
    assert failures == [f"feeds/all.rss.xml: broken link {PUBLISH_SITEURL}/images/gone.svg"]


def test_static_budget_gate_finds_an_unsized_image(damaged: Path):
    append_to_body(
        damaged / "about/index.html", '<img src="/images/networking-open-hand.svg" alt="">'
    )
    result = static_budget.run(damaged)
    assert not result.ok
    assert result.failures == [
        "about/index.html: <img src='/images/networking-open-hand.svg'> lacks width/height"
    ]


def test_static_budget_gate_finds_a_css_import(damaged: Path):
    stylesheet = loaded_stylesheet(damaged)
    css = damaged / stylesheet
    css.write_text('@import url("extra.css");\n' + css.read_text())
    result = static_budget.run(damaged)
    assert not result.ok
    assert f"{stylesheet}: CSS @import" in result.failures


def test_static_budget_gate_finds_an_oversized_page(damaged: Path):
    noise = random.Random(0).randbytes(4000).hex()  # hex of random bytes: gzip cannot shrink it
    append_to_body(damaged / SEED_PAGE, f"<p>{noise}</p>")
    result = static_budget.run(damaged)
    assert not result.ok
    assert any(f.startswith(f"{SEED_PAGE}: ") and "> 14336 B budget" in f for f in result.failures)


def test_run_all_runs_the_selected_gates(damaged: Path):
    results = run_all(damaged, {"feeds", "static_budget"})
    assert [r.name for r in results] == ["feeds", "static budget"]
    with pytest.raises(ValueError, match="unknown gate"):
        run_all(damaged, {"speling"})


# --- invoke check ------------------------------------------------------------------------


def invoke_check(output: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--output", str(output), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_invoke_check_passes_on_the_publish_build(published_site: Build):
    # The browser gates take most of a minute: they have their own tests, so run ours here.
    require_vnu()
    done = invoke_check(published_site.output, "--only", ",".join(OWN_GATES))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == len(OWN_GATES), done.stdout
    for line, name in zip(lines, ["links", "html", "feeds", "static budget"], strict=True):
        assert re.match(rf"\s*ok  {name}\s", line), line


def test_invoke_check_fails_on_a_broken_site(damaged: Path):
    append_to_body(damaged / SEED_PAGE, '<a href="/nowhere/">x</a>')
    done = invoke_check(damaged, "--only", "links,feeds")
    assert done.returncode != 0
    assert "FAIL  links" in done.stdout
    assert "broken link /nowhere/" in done.stdout
    assert "check: failed: links" in done.stderr


# --- Real content, without the seed ------------------------------------------------------


@pytest.mark.browser
def test_every_gate_passes_on_real_content_without_the_seed(tmp_path: Path):
    """Photos, a screenshot, an animated GIF, an SVG, pasted tables and videos, drafts: the
    site an author makes, built as `./inv preview` builds it, with no seed article. The
    pages the gates look at are chosen from this build, so all of them hold for it."""
    require_vnu()
    slugs = write_real_site(tmp_path / "content")
    build = run_pelican(
        tmp_path / "content",
        tmp_path / "out",
        "publishconf.py",
        extra={"CACHE_PATH": json.dumps(str(tmp_path / "cache"))},
    )
    assert build.returncode == 0, build.log
    assert not (build.output / SEED_SLUG).exists()
    chosen = browser_pages(build.output)
    for slug in slugs.values():  # the heaviest articles: most images, tables, code
        assert f"{slug}/" in chosen, chosen
    done = invoke_check(build.output)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(done.stdout.strip().splitlines()) == len(GATES), done.stdout
    skipped = [line for line in done.stdout.splitlines() if "skip" in line.lower()]
    if os.environ.get("CI"):
        assert skipped == [], done.stdout
