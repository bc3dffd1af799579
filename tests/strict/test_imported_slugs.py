"""Slugs as WordPress exports them: percent-encoded UTF-8, decoded to the author's text."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitebuild import run_pelican, write_article

ENCODED = "%ce%b3%ce%b5%ce%b9%ce%ac-%cf%83%ce%bf%cf%85"  # Greek "hello", as exported


def test_a_percent_encoded_slug_is_decoded_once(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "greek.md", title="Greek", slug=ENCODED, date="2024-01-01")
    build = run_pelican(content, tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    decoded = unquote(ENCODED)
    assert (build.output / decoded / "index.html").is_file()
    assert not (build.output / ENCODED).exists()
    canonical = build.page(f"{decoded}/").find("link", rel="canonical")["href"]
    assert unquote(urlsplit(canonical).path) == f"/{decoded}/"  # not "%ce%b3..." as text
    assert "%25" not in (build.output / "sitemap.xml").read_text(encoding="utf-8")
