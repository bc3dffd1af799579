"""Thread ids are the page's path on the site, for every provider that takes one.

Isso (and Remark42) build a thread's address as the site's origin followed by the id: in
their links to a comment, notification e-mails and moderation redirects. A bare slug made
`https://blog.examplenetworking-an-opportunity-lost#isso-1`.
"""

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from engage.comments import thread_path
from sitebuild import PUBLISH_SITEURL, ROOT, run_pelican, write_article


@pytest.mark.parametrize(
    ("page_url", "comments_id", "expected"),
    [
        (
            "https://blog.test/networking-an-opportunity-lost/",
            None,
            "/networking-an-opportunity-lost/",
        ),
        ("https://user.github.io/blog/a-post/", None, "/blog/a-post/"),  # a site in a folder
        ("a-post/", None, "/a-post/"),  # relative URLs (local preview)
        ("https://blog.test/%CE%BA%CE%B1%CE%BB%CE%B7/", "", "/%CE%BA%CE%B1%CE%BB%CE%B7/"),
        ("https://blog.test/x/", "2013/07/15/old-address", "/2013/07/15/old-address/"),
        ("https://blog.test/x/", "/2013/07/15/old-address/", "/2013/07/15/old-address/"),
        ("https://blog.test/x/", "https://evil.example/y", "/https%3A/evil.example/y/"),
        ("https://blog.test/x/", "../../etc", "/etc/"),
        ("https://blog.test/", None, "/"),
    ],
)
def test_thread_path(page_url: str, comments_id: str | None, expected: str) -> None:
    assert thread_path(page_url, comments_id) == expected


ISSO = {"url": "https://comments.blog.test/"}


def test_every_article_of_a_publish_build_uses_its_own_path(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)  # the seed, and articles in a subfolder
    for number, slug in enumerate(["post-one", "2019/post-two", "κάλη-ευκαιρία"]):
        fields = {"title": f"Post {number}", "date": f"2024-05-0{number + 1}", "slug": slug}
        write_article(content / "more", f"post-{number}.md", "Body text.", **fields)
    pinned = {"title": "Pinned", "date": "2024-06-01", "comments_id": "2013/07/15/pinned"}
    write_article(content / "more", "pinned.md", "Body text.", slug="pinned", **pinned)
    output = tmp_path / "output"
    settings = {"ENGAGE_COMMENTS_PROVIDER": "isso", "ENGAGE_COMMENTS": ISSO}
    extra = {key: json.dumps(value) for key, value in settings.items()}
    build = run_pelican(content, output, "publishconf.py", extra=extra)
    assert build.returncode == 0, build.log
    threads = {}
    for page in build.html_files():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        section = soup.select_one("#isso-thread")
        canonical = soup.select_one('link[rel="canonical"]')
        if section is not None:
            threads[canonical["href"]] = section["data-isso-id"]
    assert len(threads) >= 5, threads
    for url, thread in threads.items():
        if url.endswith("/pinned/"):
            assert thread == "/2013/07/15/pinned/"
        else:  # what Isso links to, the site's origin and the id, is the page's address
            assert unquote(PUBLISH_SITEURL + thread) == unquote(url), (url, thread)
