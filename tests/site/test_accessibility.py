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
from sitebuild import SEED_SLUG, Build

pytestmark = pytest.mark.browser

ARTICLE = f"{SEED_SLUG}/"


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
    assert result.figure.startswith("28 page views"), result.figure
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


def test_seed_article_stays_within_the_request_budget(published_site: Build) -> None:
    result = ran(browser_budget.run(published_site.output))
    assert result.ok, "\n".join(result.failures)


def test_budget_gate_counts_every_request_of_the_seed_article(published_site: Build) -> None:
    result = ran(browser_budget.run(published_site.output))
    requests = [line.removeprefix("request: ") for line in result.details]
    assert requests[0].endswith(f"/{ARTICLE}")
    assert any(url.endswith("/theme/css/style.css") for url in requests)
    assert sum(url.endswith(".js") for url in requests) == 1
    assert " 0 third-party" in result.figure


def test_budget_gate_passes_a_page_within_budget(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "post").mkdir(parents=True)
    (site / "style.css").write_text("body{color:#111}")
    (site / "post" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>t</title><link rel="stylesheet" href="/style.css">'
        '<link rel="icon" href="data:,"><p>Hello</p></html>'
    )
    result = ran(browser_budget.run(site, "post/"))
    assert result.ok, result.failures
    assert result.figure.startswith("2 requests, 0 third-party")


def test_budget_gate_fails_on_a_third_party_image_and_a_second_script(
    published_site: Build, tmp_path: Path
) -> None:
    extra = (
        '<img src="https://tracker.example.net/pixel.gif" alt="">'
        '<script src="https://blog.test/theme/js/search.js" defer></script>'
    )
    site = copy_with(published_site.output, tmp_path, SEED_SLUG, extra)
    result = ran(browser_budget.run(site))
    assert not result.ok
    assert "third-party request: https://tracker.example.net/pixel.gif" in result.failures
    assert any(line.startswith("2 scripts, budget 1") for line in result.failures)
    assert " 1 third-party" in result.figure


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
