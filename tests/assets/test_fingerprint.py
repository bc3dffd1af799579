"""Theme files named by their content (plugins/assets/fingerprints.py): what pages link to,
what the output holds, and that a new stylesheet is a new name while the rest stay."""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from assets.fingerprints import AssetError, AssetUrls, fingerprinted_name, version_pattern
from sitebuild import PUBLISH_SITEURL, ROOT, Build, run_pelican, write_article

NAMED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8,})\.(?P<suffix>css|js)$")


def theme_urls(build: Build, siteurl: str = "") -> set[str]:
    """Every stylesheet, script and lazily loaded script the pages name, site-relative."""
    found = set()
    for path in build.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        urls = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
        urls += [script["src"] for script in soup.select("script[src]")]
        urls += [form["data-search-script"] for form in soup.select("[data-search-script]")]
        found |= {url.removeprefix(siteurl).lstrip("/") for url in urls}
    return found


def small_site(tmp_path: Path, theme: Path = ROOT / "theme", **settings: object) -> Build:
    write_article(tmp_path / "content", "a.md", title="A", date="2024-01-01")
    extra = {"THEME": json.dumps(str(theme)), "SEARCH_INDEX": "false"}
    extra.update({key: json.dumps(value) for key, value in settings.items()})
    build = run_pelican(tmp_path / "content", tmp_path / "out", extra=extra)
    assert build.returncode == 0, build.log
    return build


def test_pages_name_each_theme_file_by_the_hash_of_the_bytes_served(
    published_site: Build,
) -> None:
    urls = theme_urls(published_site, PUBLISH_SITEURL)
    assert {NAMED.match(Path(url).name)["stem"] for url in urls} == {"style", "site", "search"}
    for url in urls:
        named = NAMED.match(Path(url).name)
        data = (published_site.output / url).read_bytes()
        assert hashlib.sha256(data).hexdigest().startswith(named["hash"]), url
        # The same minified bytes as the copy under its plain name, smaller than the source.
        plain = Path(url).with_name(f"{named['stem']}.{named['suffix']}")
        assert data == (published_site.output / plain).read_bytes(), url
        source = ROOT / "theme" / "static" / plain.relative_to("theme")
        assert len(data) < source.stat().st_size, url


def test_a_new_stylesheet_is_a_new_name_and_the_rest_keep_theirs(tmp_path: Path) -> None:
    theme = Path(shutil.copytree(ROOT / "theme", tmp_path / "theme"))
    first = theme_urls(small_site(tmp_path / "first", theme))
    again = theme_urls(small_site(tmp_path / "again", theme))
    assert first == again  # the same sources, the same names: builds stay deterministic
    css = theme / "static" / "css" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.new-rule { color: red; }\n")
    changed = small_site(tmp_path / "changed", theme)
    after = theme_urls(changed)
    assert {url for url in first if url.endswith(".js")} == {u for u in after if u.endswith(".js")}
    (old,) = {url for url in first if url.endswith(".css")}
    (new,) = {url for url in after if url.endswith(".css")}
    assert old != new
    assert b".new-rule{color:red}" in (changed.output / new).read_bytes()


def test_a_rebuild_into_the_same_folder_leaves_no_old_version(tmp_path: Path) -> None:
    theme = Path(shutil.copytree(ROOT / "theme", tmp_path / "theme"))
    small_site(tmp_path, theme)
    css = theme / "static" / "css" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.new-rule { color: red; }\n")
    build = small_site(tmp_path, theme)  # DELETE_OUTPUT_DIRECTORY is off in development
    stylesheets = sorted(p.name for p in (build.output / "theme" / "css").iterdir())
    (named,) = [name for name in stylesheets if NAMED.match(name)]
    assert stylesheets == sorted(["style.css", named])
    assert f"theme/css/{named}" in theme_urls(build)


def test_without_minifying_the_named_copy_is_the_source(tmp_path: Path) -> None:
    build = small_site(tmp_path, ASSETS_MINIFY=False)
    for url in theme_urls(build):
        named = NAMED.match(Path(url).name)
        plain = Path(url).with_name(f"{named['stem']}.{named['suffix']}").relative_to("theme")
        assert (build.output / url).read_bytes() == (ROOT / "theme/static" / plain).read_bytes()


def test_fingerprinting_can_be_switched_off(tmp_path: Path) -> None:
    build = small_site(tmp_path, ASSETS_FINGERPRINT=False)
    assert theme_urls(build) == {"theme/css/style.css", "theme/js/site.js"}
    assert not [p for p in (build.output / "theme").rglob("*") if NAMED.match(p.name)]


def test_a_wrong_setting_is_named(tmp_path: Path) -> None:
    write_article(tmp_path / "content", "a.md", title="A", date="2024-01-01")
    build = run_pelican(
        tmp_path / "content", tmp_path / "out", extra={"ASSETS_FINGERPRINT": '"yes"'}
    )
    assert build.returncode != 0
    assert "ASSETS_FINGERPRINT must be True or False" in build.log


def test_a_theme_file_that_does_not_exist_is_an_error_naming_it() -> None:
    urls = AssetUrls({"css/style.css": "theme/css/style.0123456789.css"})
    assert urls("css/style.css") == "theme/css/style.0123456789.css"
    with pytest.raises(AssetError, match=r"'css/styles\.css'.*css/style\.css"):
        urls("css/styles.css")


def test_names_and_the_pattern_of_every_version() -> None:
    data = b"a{color:red}\n"
    name = fingerprinted_name("css/style.css", data)
    assert name == f"css/style.{hashlib.sha256(data).hexdigest()[:10]}.css"
    pattern = version_pattern(f"/theme/{name}")
    assert re.search(pattern, "/theme/css/style.0123456789.css")
    assert not re.search(pattern, "/theme/css/style.css")
    assert not re.search(pattern, "/theme/css/style.0123456789.css.gz")
    assert not re.search(pattern, "/x/theme/css/style.0123456789.css")
    assert version_pattern("/theme/css/style.css") is None
