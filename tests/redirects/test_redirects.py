"""Old addresses keep answering: redirect pages, `_redirects` and the nginx map, from
`Aliases` metadata and the redirects file, read back from real publish builds."""

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from checks import links
from sitebuild import PUBLISH_SITEURL, ROOT, run_pelican, write_article


def article(content: Path, slug: str, **meta: str) -> None:
    fields = {"title": f"About {slug}", "date": "2020-03-01", "slug": slug, **meta}
    write_article(content, f"{slug}.md", "Body text.", **fields)


def publish(content: Path, output: Path, **settings: object):
    extra = {key: json.dumps(value) for key, value in settings.items()}
    return run_pelican(content, output, "publishconf.py", extra=extra)


def redirect_target(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    canonical = soup.select_one('link[rel="canonical"]')["href"]
    link = soup.select_one("main a")["href"]
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    url = refresh.split("url=", 1)[1]
    assert canonical == link == url  # the browser, the search engine and the reader agree
    return url


def test_the_seed_articles_wordpress_address_answers(tmp_path: Path) -> None:
    build = publish(ROOT / "content", tmp_path / "out")
    assert build.returncode == 0, build.log
    out = build.output
    seed = next(p for p in (ROOT / "content").glob("*.md") if "Aliases:" in p.read_text())
    alias = next(
        line.split(":", 1)[1].strip()
        for line in seed.read_text(encoding="utf-8").splitlines()
        if line.startswith("Aliases:")
    )
    target = redirect_target(out / alias.strip("/") / "index.html")
    assert target.startswith(PUBLISH_SITEURL + "/")
    assert (out / target.removeprefix(PUBLISH_SITEURL + "/") / "index.html").is_file()
    path = target.removeprefix(PUBLISH_SITEURL)
    assert f"{alias} {path} 301" in (out / "_redirects").read_text(encoding="utf-8")
    assert f'"{alias}" "{path}";' in (out / "_redirects.nginx").read_text(encoding="utf-8")
    assert links.run(out).ok


def test_aliases_and_the_redirects_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    article(content, "cover-letters", aliases="/2014/02/03/cover-letters/, /?p=42")
    article(content, "κάλη-αρχή", aliases="/2015/01/01/%CE%BA%CE%AC%CE%BB%CE%B7/")
    article(content, "interviews", aliases="/old/interviews.html, /2016/05/05/interviews/")
    (content / "redirects.txt").write_text(
        "# WordPress taxonomy and feeds\n/category/jobs/ /category/misc/\n"
        "/feed/ /feeds/all.atom.xml\n",
        encoding="utf-8",
    )
    build = publish(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    out = build.output
    moved = {
        "2014/02/03/cover-letters/index.html": "/cover-letters/",
        "2015/01/01/κάλη/index.html": "/κάλη-αρχή/",
        "old/interviews.html": "/interviews/",
        "2016/05/05/interviews/index.html": "/interviews/",
        "category/jobs/index.html": "/category/misc/",
        "feed/index.html": "/feeds/all.atom.xml",
    }
    for page, new in moved.items():
        assert unquote(redirect_target(out / page)) == PUBLISH_SITEURL + new, page
    netlify = (out / "_redirects").read_text(encoding="utf-8")
    assert "/ p=42 /cover-letters/ 301" in netlify  # only a server can answer a query
    assert '"/?p=42" "/cover-letters/";' in (out / "_redirects.nginx").read_text()
    # "/?p=42" has the home page's path: the home page stays the home page.
    assert 'http-equiv="refresh"' not in (out / "index.html").read_text(encoding="utf-8")
    result = links.run(out)
    assert result.ok, result.failures


@pytest.mark.parametrize(
    ("meta", "redirects", "message"),
    [
        ({"aliases": "/second/"}, "", "is the address of a page"),
        ({"aliases": "https://elsewhere.example/x/"}, "", "write the path on this site only"),
        ({"aliases": "/a/../b/"}, "", "has a . or .. segment"),
        ({}, "/gone/ /no-such-page/\n", "which the build did not write"),
        ({}, "/one-word-only\n", "write OLD-ADDRESS NEW-ADDRESS"),
    ],
)
def test_a_bad_redirect_stops_a_strict_build_naming_the_file(
    tmp_path: Path, meta: dict, redirects: str, message: str
) -> None:
    content = tmp_path / "content"
    article(content, "first", **meta)
    article(content, "second")
    if redirects:
        (content / "redirects.txt").write_text(redirects, encoding="utf-8")
    build = publish(content, tmp_path / "out")
    assert build.returncode != 0
    lines = [line for line in build.log.splitlines() if message in line]
    assert lines, build.log
    named = "first.md: Aliases" if meta else "redirects.txt"
    assert any(named in line for line in lines), lines


def test_the_links_gate_fails_on_a_redirect_that_lands_nowhere(tmp_path: Path) -> None:
    content = tmp_path / "content"
    article(content, "kept", aliases="/2019/01/01/kept/")
    build = publish(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert links.run(build.output).ok
    shutil.rmtree(build.output / "kept")  # as if the article went and its redirect stayed
    result = links.run(build.output)
    assert not result.ok
    assert any(problem.startswith("_redirects:") for problem in result.failures), result.failures
    assert any("2019/01/01/kept/index.html" in p for p in result.failures), result.failures
