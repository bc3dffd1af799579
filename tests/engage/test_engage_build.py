"""Real builds of the engage plugin: share links, comment embeds, the card, feed footers."""

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from sitebuild import PUBLISH_SITEURL, ROOT, SEED_SLUG, Build, run_pelican, write_article

HOSTILE = 'He said "Go" & left </script><script>alert(1)</script>'
GISCUS = {"repo": "owner/repo", "repo_id": "R_1", "category": "Comments", "category_id": "DIC_1"}
PROVIDERS = {
    "giscus": (GISCUS, "https://giscus.app/client.js", ".giscus"),
    "utterances": ({"repo": "owner/repo"}, "https://utteranc.es/client.js", None),
    "disqus": (
        {"shortname": "careerblog"},
        "https://careerblog.disqus.com/embed.js",
        "#disqus_thread",
    ),
    "isso": (
        {"url": "https://c.example.org/"},
        "https://c.example.org/js/embed.min.js",
        "#isso-thread",
    ),
    "remark42": (
        {"host": "https://r.example.org", "site_id": "blog"},
        "https://r.example.org/web/embed.js",
        "#remark42",
    ),
    "cusdis": ({"app_id": "abc"}, "https://cusdis.com/js/cusdis.es.js", "#cusdis_thread"),
}


def _site(tmp_path: Path, extra: dict | None = None, **articles: dict) -> Build:
    content = tmp_path / "content"
    for slug, meta in (articles or {"plain": {}}).items():
        fields = {
            "title": f"Article {slug}",
            "date": "2024-05-01",
            "category": "Tests",
            "slug": slug,
        }
        fields.update(meta)
        write_article(content, f"{slug}.md", "Body text.", **fields)
    settings = {key: json.dumps(value) for key, value in (extra or {}).items()}
    return run_pelican(content, tmp_path / "out", "publishconf.py", extra=settings)


def _comments(build: Build, slug: str):
    return build.page(f"{slug}/").find(id="comments")


def test_seed_article_ends_with_the_card_then_share_then_comments(published_site: Build) -> None:
    page = published_site.page(f"{SEED_SLUG}/")
    body = page.select_one(".entry-content")
    card = body.find_next_sibling()
    assert card.name == "aside"
    assert "cta" in card["class"]
    assert "Like our business page" in card.get_text()
    assert card.find("a", href="https://www.facebook.com/CareerConnectionsBlog")
    assert card.find_next_sibling("section", class_="share") is not None
    assert page.find(id="comments").find("button", attrs={"data-comments-button": True})


def test_seed_share_links_start_with_linkedin_and_share_the_public_url(
    published_site: Build,
) -> None:
    links = published_site.page(f"{SEED_SLUG}/").select("a.share-link")
    assert [a["data-share"] for a in links][:2] == ["linkedin", "facebook"]
    assert links[0]["href"] == (
        "https://www.linkedin.com/sharing/share-offsite/?url="
        "https%3A%2F%2Fblog.test%2Fnetworking-an-opportunity-lost%2F"
    )
    for link in links:
        assert set(link["rel"]) == {"noopener", "noreferrer"}
        assert link.find("svg")["aria-hidden"] == "true"
        link.find("svg").decompose()  # aria-hidden icon: not part of the name
        assert link.get_text().startswith(("Share on ", "Share by "))


def test_dev_build_shares_the_public_not_the_dev_url(dev_site: Build) -> None:
    link = dev_site.page(f"{SEED_SLUG}/").select_one('a[data-share="linkedin"]')
    assert "127.0.0.1" not in link["href"]
    assert "https%3A%2F%2F" in link["href"]


def test_no_third_party_script_iframe_or_style_before_consent(published_site: Build) -> None:
    page = published_site.page(f"{SEED_SLUG}/")
    for tag in page.find_all(["script", "iframe", "link", "img"]):
        url = tag.get("src") or (tag.get("href") if tag.name == "link" else None)
        if url:
            assert url.startswith(PUBLISH_SITEURL + "/"), url
    assert page.find("iframe") is None


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_each_provider_renders_consent_gated_markup(tmp_path: Path, provider: str) -> None:
    options, script, container = PROVIDERS[provider]
    build = _site(
        tmp_path,
        {"ENGAGE_COMMENTS_PROVIDER": provider, "ENGAGE_COMMENTS": options},
        plain={"comments_id": "thread-7"},
    )
    assert build.returncode == 0, build.log
    section = _comments(build, "plain")
    assert section["data-comments-provider"] == provider
    assert section["data-comments-script"] == script
    assert section.find("script") is None
    assert section.find("iframe") is None
    host = script.split("/")[2]
    consent = section.select_one("[data-comments-consent]").get_text(" ")
    assert host.split(".", 1)[-1] in consent or host in consent
    attrs = json.loads(section["data-comments-attrs"])
    config = json.loads(section["data-comments-config"])
    assert "thread-7" in json.dumps([attrs, config, str(section)])
    if container:
        assert section.select_one(container) is not None


def test_mastodon_thread_comes_from_article_metadata(tmp_path: Path) -> None:
    toot = "https://mastodon.social/@someone/123456"
    build = _site(
        tmp_path, {"ENGAGE_COMMENTS_PROVIDER": "mastodon"}, plain={"mastodon_toot": toot}, other={}
    )
    assert build.returncode == 0, build.log
    section = _comments(build, "plain")
    config = json.loads(section["data-comments-config"])
    assert config == {"api": "https://mastodon.social/api/v1/statuses/123456/context", "url": toot}
    assert section.find("a", href=toot).get_text() == "Reply on Mastodon"
    assert _comments(build, "other") is None


def test_per_article_overrides(tmp_path: Path) -> None:
    build = _site(
        tmp_path,
        {
            "ENGAGE_COMMENTS_PROVIDER": "giscus",
            "ENGAGE_COMMENTS": GISCUS,
            "ENGAGE_CTA": {"business_name": "Biz", "links": {"facebook": "https://fb.example/biz"}},
        },
        plain={},
        quiet={"share": "off", "comments": "off", "cta": "off"},
        custom={"cta_heading": "Follow us", "cta_text": "Custom pitch."},
    )
    assert build.returncode == 0, build.log
    quiet = build.page("quiet/")
    assert quiet.select(".share, #comments, .cta") == []
    custom = build.page("custom/").select_one(".cta")
    assert custom.find("h2").get_text() == "Follow us"
    assert "Custom pitch." in custom.get_text()
    assert build.page("plain/").select_one(".cta h2").get_text() == "Like our business page"


def test_pages_have_no_share_or_comments_unless_enabled(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content / "pages", "about.md", title="About", slug="about")
    extra = {
        "ENGAGE_COMMENTS_PROVIDER": json.dumps("giscus"),
        "ENGAGE_COMMENTS": json.dumps(GISCUS),
    }
    off = run_pelican(content, tmp_path / "off", "publishconf.py", extra=extra)
    assert off.returncode == 0, off.log
    assert off.page("about/").select(".share, #comments") == []
    extra |= {"ENGAGE_SHARE_ON_PAGES": "true", "ENGAGE_COMMENTS_ON_PAGES": "true"}
    on = run_pelican(content, tmp_path / "on", "publishconf.py", extra=extra)
    assert len(on.page("about/").select(".share, #comments")) == 2


BAD_SETTINGS = {
    "unknown provider": ({"ENGAGE_COMMENTS_PROVIDER": "discus"}, "ENGAGE_COMMENTS_PROVIDER"),
    "facebook comments": ({"ENGAGE_COMMENTS_PROVIDER": "facebook"}, "discontinued"),
    "missing giscus id": (
        {"ENGAGE_COMMENTS_PROVIDER": "giscus", "ENGAGE_COMMENTS": {"repo": "o/r"}},
        "ENGAGE_COMMENTS['repo_id']",
    ),
    "missing disqus shortname": ({"ENGAGE_COMMENTS_PROVIDER": "disqus"}, "shortname"),
    "share target typo": ({"ENGAGE_SHARE_TARGETS": ["linkedn"]}, "linkedn"),
    "javascript cta link": (
        {"ENGAGE_CTA": {"business_name": "B", "links": {"facebook": "javascript:alert(1)"}}},
        "ENGAGE_CTA['links']['facebook']",
    ),
    "isso url not http": (
        {"ENGAGE_COMMENTS_PROVIDER": "isso", "ENGAGE_COMMENTS": {"url": "data:text/html,x"}},
        "ENGAGE_COMMENTS['url']",
    ),
    "unknown engage key": ({"ENGAGE_SHARE_TARGET": ["x"]}, "ENGAGE_SHARE_TARGETS"),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_settings_stop_the_build_naming_the_setting(tmp_path: Path, case: str) -> None:
    extra, named = BAD_SETTINGS[case]
    build = _site(tmp_path, extra)
    assert build.returncode != 0
    assert named in build.log


def test_bad_mastodon_toot_names_the_file_and_field(tmp_path: Path) -> None:
    build = _site(
        tmp_path, {"ENGAGE_COMMENTS_PROVIDER": "mastodon"}, bad={"mastodon_toot": "javascript:x"}
    )
    assert build.returncode != 0
    assert "bad.md" in build.log
    assert "Mastodon_toot" in build.log


def _entries(build: Build, feed: str) -> list:
    parsed = feedparser.parse((build.output / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed.entries


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_feed_entries_end_with_a_footer_of_plain_links(published_site: Build, feed: str) -> None:
    entry = _entries(published_site, feed)[0]
    html = entry.content[0].value if entry.get("content") else entry.summary
    footer = BeautifulSoup(html, "html.parser").find_all("p")[-1]
    links = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert links["Discuss this article"] == f"{PUBLISH_SITEURL}/{SEED_SLUG}/#comments"
    assert links["Share on LinkedIn"].startswith("https://www.linkedin.com/sharing/")
    assert links["Share by email"].startswith("mailto:?subject=")
    assert (
        links["Career Connections on Facebook"] == "https://www.facebook.com/CareerConnectionsBlog"
    )


def test_feed_footer_can_be_turned_off(tmp_path: Path) -> None:
    build = _site(tmp_path, {"ENGAGE_FEED_FOOTER": False})
    html = _entries(build, "feeds/all.atom.xml")[0].content[0].value
    assert "Share on LinkedIn" not in html


def test_hostile_title_is_inert_everywhere(tmp_path: Path) -> None:
    extra = {
        "ENGAGE_COMMENTS_PROVIDER": "giscus",
        "ENGAGE_COMMENTS": GISCUS,
        "ENGAGE_CTA": {"business_name": "B", "links": {"facebook": "https://fb.example/b"}},
    }
    build = _site(tmp_path, extra, evil={"title": HOSTILE, "tags": "a&b, R&D"})
    assert build.returncode == 0, build.log
    for path in build.html_files():
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = [
            s.get("src", "")
            for s in soup.find_all("script")
            if s.get("type") != "application/ld+json"  # data, checked in test_seo.py
        ]
        own = tuple(f"/{build.theme_file(name)}" for name in ("js/site.js", "js/search.js"))
        assert all(src.endswith(own) for src in scripts), (path, scripts)
    page = build.page("evil/")
    assert page.find("h1").get_text() == HOSTILE
    native = page.select_one("[data-native-share]")
    assert native["data-share-title"] == HOSTILE
    attrs = json.loads(page.find(id="comments")["data-comments-attrs"])
    assert attrs["data-term"] == "/evil/"
    # Feed titles are the author's text, escaped (engage/writer.py; Pelican strips tags).
    titles = [entry.title for entry in _entries(build, "feeds/all.atom.xml")]
    assert titles == [HOSTILE]


def test_seed_builds_with_the_real_settings(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    build = run_pelican(tmp_path / "content", tmp_path / "out", "pelicanconf.py")
    assert build.returncode == 0, build.log


def test_without_javascript_no_dead_button_or_question_shows(published_site: Build) -> None:
    consent = published_site.page(f"{SEED_SLUG}/").select_one("[data-comments-consent]")
    for hidden in ("[data-comments-button]", "[data-comments-question]"):
        assert consent.select_one(hidden).has_attr("hidden"), hidden
    visible = BeautifulSoup(str(consent), "html.parser")
    for tag in visible.select("[hidden]"):
        tag.decompose()
    text = visible.get_text(" ", strip=True)
    assert "Comments are hosted by" in text
    assert "Load them?" not in text
    assert visible.find("a", href=lambda h: h and h.startswith("mailto:"))
