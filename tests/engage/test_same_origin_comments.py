"""Isso behind the site's own nginx (SITEURL/comments/, deploy/nginx.conf): the
Content-Security-Policy then names no host but the search form's."""

import json
import re
from pathlib import Path

from sitebuild import PUBLISH_SITEURL, ROOT, run_pelican

HOST = re.compile(r"https?://[^\s;\"']+")


def test_comments_on_the_sites_own_origin_need_no_other_host(tmp_path: Path) -> None:
    settings = {
        "ENGAGE_COMMENTS_PROVIDER": "isso",
        "ENGAGE_COMMENTS": {"url": f"{PUBLISH_SITEURL}/comments/"},
        "ENGAGE_CTA": None,
        "ENGAGE_NEWSLETTER": None,  # its provider is in form-action (test_newsletter.py)
    }
    extra = {key: json.dumps(value) for key, value in settings.items()}
    build = run_pelican(ROOT / "content", tmp_path / "out", "publishconf.py", extra=extra)
    assert build.returncode == 0, build.log
    article = next(
        page for page in build.html_files() if 'id="isso-thread"' in page.read_text("utf-8")
    )
    soup = build.page(article.relative_to(build.output).as_posix())
    script = json.loads(soup.select_one("#comments")["data-comments-attrs"])
    assert script["data-isso"] == f"{PUBLISH_SITEURL}/comments/"
    policies = [soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]]
    policies += [
        line.split(":", 1)[1]
        for line in (build.output / "_headers").read_text(encoding="utf-8").splitlines()
        if line.strip().lower().startswith("content-security-policy:")
    ]
    assert len(policies) >= 2
    for policy in policies:
        assert set(HOST.findall(policy)) == {"https://duckduckgo.com"}, policy
        assert "'self'" in policy
