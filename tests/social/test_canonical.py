"""`Canonical:` on a post first published elsewhere (LinkedIn, a guest post): the page's
rel=canonical, Open Graph URL and JSON-LD all name that original address."""

import json
from pathlib import Path

from sitebuild import PUBLISH_SITEURL, run_pelican, write_article

ORIGINAL = "https://www.linkedin.com/pulse/follow-up-after-an-interview-dana-whitfield"


def article(content: Path, slug: str, **meta: str) -> None:
    fields = {"title": f"About {slug}", "date": "2024-03-01", "slug": slug, **meta}
    write_article(content, f"{slug}.md", "Body text.", **fields)


def addresses(build, slug: str) -> dict[str, str]:
    page = build.page(f"{slug}/")
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    posting = next(block for block in blocks if block["@type"] == "BlogPosting")
    return {
        "canonical": page.select_one('link[rel="canonical"]')["href"],
        "og:url": page.select_one('meta[property="og:url"]')["content"],
        "json-ld url": posting["url"],
        "json-ld page": posting["mainEntityOfPage"]["@id"],
    }


def test_canonical_metadata_is_where_every_address_points(tmp_path: Path) -> None:
    content = tmp_path / "content"
    article(content, "syndicated", canonical=ORIGINAL)
    article(content, "moved-here", canonical="/syndicated/")
    article(content, "ours")
    build = run_pelican(content, tmp_path / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    assert set(addresses(build, "syndicated").values()) == {ORIGINAL}
    assert set(addresses(build, "moved-here").values()) == {f"{PUBLISH_SITEURL}/syndicated/"}
    assert set(addresses(build, "ours").values()) == {f"{PUBLISH_SITEURL}/ours/"}


def test_a_script_canonical_stops_the_build_naming_the_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    article(content, "bad", canonical="javascript:alert(1)")
    build = run_pelican(content, tmp_path / "out", "publishconf.py")
    assert build.returncode != 0
    assert any("bad.md" in line and "Canonical" in line for line in build.log.splitlines())
