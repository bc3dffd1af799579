"""The accessibility gate (axe-core in Chromium) and the browser request budget gate, on the
real publish build, plus proof that each of them can fail.

The gates serve the output on 127.0.0.1 themselves and answer requests for the build's
public origin (https://blog.test here) from the output folder: nothing reaches the internet.
"""

import shutil
from pathlib import Path

import pytest

from checks import accessibility, browser_budget
from checks.gate import GateResult
from checks.pages import article_pages, browser_pages
from photos import write_phone_photo
from sitebuild import PUBLISH_SITEURL, Build

pytestmark = pytest.mark.browser


def ran(result: GateResult) -> GateResult:
    """The result, or a skip when Chromium/axe is missing (the gate fails by itself in CI)."""
    if result.skipped:
        pytest.skip(result.skipped)
    return result


def copy_with(output: Path, tmp_path: Path, page: str, html: str) -> Path:
    """A copy of `output` whose `page` has `html` added at the end of its <main>."""
    copy = tmp_path / "site"
    shutil.copytree(output, copy)
    path = copy / page / "index.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</main>", html + "</main>", 1), encoding="utf-8")
    return copy


# --- accessibility ----------------------------------------------------------------------


def test_real_site_has_no_accessibility_violations(published_site: Build) -> None:
    result = ran(accessibility.run(published_site.output))
    views = len(browser_pages(published_site.output)) * 4  # light and dark, two widths
    assert result.figure.startswith(f"{views} page views"), result.figure
    assert result.ok, "\n".join(result.failures)


def test_accessibility_gate_finds_low_contrast_and_an_unlabeled_button(
    published_site: Build, tmp_path: Path
) -> None:
    broken = '<p style="color:#bbb;background:#fff">Faint</p><button type="button"></button>'
    site = copy_with(published_site.output, tmp_path, "about", broken)
    result = ran(accessibility.run(site, pages=["about/"]))
    assert not result.ok
    text = "\n".join(result.failures)
    assert "/about/ [light, 375px] color-contrast" in text
    assert "/about/ [dark, 1280px] button-name" in text


# --- browser budget ---------------------------------------------------------------------


def test_the_real_site_stays_within_the_request_budget(published_site: Build) -> None:
    result = ran(browser_budget.run(published_site.output))
    assert result.ok, "\n".join(result.failures)
    assert f"{len(browser_pages(published_site.output))} pages" in result.figure


def test_budget_gate_counts_every_request_of_each_page(published_site: Build) -> None:
    result = ran(browser_budget.run(published_site.output))
    by_page: dict[str, list[str]] = {}
    for line in result.details:
        path, url = line.removeprefix("request: ").split(" ", 1)
        by_page.setdefault(path, []).append(url)
    assert set(by_page) == {f"/{path}" for path in browser_pages(published_site.output)}
    for path, requests in by_page.items():
        assert requests[0] == f"{PUBLISH_SITEURL}{path}", requests  # the page first
        stylesheet = published_site.theme_file("css/style.css")
        assert f"{PUBLISH_SITEURL}/{stylesheet}" in requests, path
        assert sum(url.endswith(".js") for url in requests) == 1, path
    assert " 0 third-party" in result.figure


def test_budget_gate_passes_a_page_within_budget(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "post").mkdir(parents=True)
    (site / "style.css").write_text("body{color:#111}")
    (site / "post" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><link rel="stylesheet" href="/style.css">'
        '<link rel="icon" href="data:,"><p>Hello</p></html>'
    )
    result = ran(browser_budget.run(site, ["post/"]))
    assert result.ok, result.failures
    assert result.figure.startswith("1 pages, at most 2 requests besides images"), result.figure


def test_budget_gate_fails_on_a_third_party_image_and_a_second_script(
    published_site: Build, tmp_path: Path
) -> None:
    extra = (
        '<img src="https://tracker.example.net/pixel.gif" alt="">'
        '<script src="https://blog.test/theme/js/search.js" defer></script>'
    )
    article = article_pages(published_site.output)[0]
    site = copy_with(published_site.output, tmp_path, article, extra)
    result = ran(browser_budget.run(site))
    assert not result.ok
    where = f"/{article}: "
    assert f"{where}third-party request: https://tracker.example.net/pixel.gif" in result.failures
    assert any(line.startswith(f"{where}2 scripts, budget 1") for line in result.failures)
    assert " 1 third-party" in result.figure


def test_budget_gate_weighs_the_images_of_the_first_screen(
    published_site: Build, tmp_path: Path
) -> None:
    article = article_pages(published_site.output)[0]
    big = tmp_path / "big.jpg"
    write_phone_photo(big, 1600, 1200)  # about 600 KB: far over 150 KB
    site = copy_with(published_site.output, tmp_path, article, "")
    shutil.copy(big, site / "big.jpg")
    page = site / article / "index.html"
    text = page.read_text(encoding="utf-8")
    image = '<img src="/big.jpg" width="1200" height="1600" alt="Big">'
    page.write_text(text.replace("<main", image + "<main", 1), encoding="utf-8")
    result = ran(browser_budget.run(site, [article]))
    assert not result.ok
    [failure] = result.failures
    assert failure.startswith(f"/{article}: images above the fold weigh ")
    assert "big.jpg" in failure


# --- a missing browser ------------------------------------------------------------------


@pytest.mark.parametrize("gate", [accessibility, browser_budget])
def test_missing_chromium_skips_locally_and_fails_in_ci(
    gate, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CI", raising=False)
    local = gate.run(tmp_path)
    assert "apt-get install chromium" in local.skipped
    assert "./inv installs node_modules" in local.skipped
    monkeypatch.setenv("CI", "true")
    in_ci = gate.run(tmp_path)
    assert not in_ci.ok
    assert not in_ci.skipped
    assert "apt-get install chromium" in in_ci.failures[0]
