"""Comment providers are one declaration each (plugins/engage/providers.py): the embed, the
element the theme renders for it, and the hosts the Content-Security-Policy allows."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from engage.comments import Page
from engage.csp_sources import third_party_sources
from engage.providers import PROVIDERS, provider_named
from kit.settings import SettingsError
from sitebuild import ROOT

OPTIONS = {
    "giscus": {"repo": "o/r", "repo_id": "R_1", "category": "Comments", "category_id": "C_1"},
    "utterances": {"repo": "o/r"},
    "disqus": {"shortname": "blog"},
    "isso": {"url": "https://comments.blog.test/"},
    "remark42": {"host": "https://remark.blog.test", "site_id": "blog"},
    "cusdis": {"app_id": "app-1"},
    "mastodon": {},
}
PAGE = Page("https://blog.test/a/", 'Tips & "tricks" <b>', "a", "https://mastodon.social/@u/1")
TEMPLATES = Environment(
    loader=FileSystemLoader(ROOT / "theme" / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_every_provider_is_tested() -> None:
    assert set(OPTIONS) == set(PROVIDERS)


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_the_policy_allows_what_the_embed_loads(name: str) -> None:
    provider = PROVIDERS[name]
    embed = provider.build(OPTIONS[name], PAGE)
    sources = provider.sources(embed)
    if embed.script:
        assert _origin(embed.script) in sources["script-src"]
    for directive, hosts in sources.items():
        assert hosts, directive
        assert all(host.startswith("https://") or host.startswith("'") for host in hosts)
    assert set(embed.origins) <= {host for hosts in sources.values() for host in hosts}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_the_partial_renders_the_declared_container(name: str) -> None:
    embed = PROVIDERS[name].build(OPTIONS[name], PAGE)
    html = TEMPLATES.get_template("partials/comments.html").render(comments=embed)
    section = BeautifulSoup(html, "html.parser").select_one("#comments")
    assert section["data-comments-provider"] == name
    thread = section.select_one("[data-comments-thread]")
    elements = thread.find_all(recursive=False)
    if embed.container is None:
        assert elements == []  # the provider's script adds its own
        return
    (element,) = elements
    assert element.name == embed.container.tag
    expected = {key: "" if value is None else value for key, value in embed.container.attrs}
    found = {k: " ".join(v) if isinstance(v, list) else v for k, v in element.attrs.items()}
    assert found == expected


def test_a_wrong_provider_or_option_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="unknown provider 'gisqus'"):
        provider_named("gisqus", {})
    with pytest.raises(SettingsError, match="discontinued"):
        provider_named("facebook", {})
    with pytest.raises(SettingsError, match=r"ENGAGE_COMMENTS\['repo_id'\] is required"):
        provider_named("giscus", {"repo": "o/r"})
    assert provider_named(None, {}) is None


def test_the_sites_policy_adds_each_articles_mastodon_server_sorted() -> None:
    settings = {**DEFAULT_CONFIG, "ENGAGE_COMMENTS_PROVIDER": "mastodon", "ENGAGE_COMMENTS": {}}
    pages = [  # each embed comes from the page's own metadata, as Pelican read it
        Article("Text.", {"title": "T", "slug": slug, "mastodon_toot": toot}, settings)
        for slug, toot in (
            ("a", "https://mastodon.social/@a/1"),
            ("b", "https://fosstodon.org/@b/2"),
        )
    ]
    pages.append(Article("Text.", {"title": "No toot", "slug": "c"}, settings))
    assert third_party_sources(settings, pages) == {
        "connect-src": ("https://fosstodon.org", "https://mastodon.social")
    }
    assert third_party_sources({**DEFAULT_CONFIG}) == {}  # no provider, no card


def test_the_business_page_widget_adds_its_frame_host() -> None:
    cta = {"business_name": "B", "links": {"facebook": "https://www.facebook.com/b"}}
    settings = {**DEFAULT_CONFIG, "ENGAGE_CTA": {**cta, "facebook_page_plugin": True}}
    assert third_party_sources(settings) == {"frame-src": ("https://www.facebook.com",)}
    assert third_party_sources({**DEFAULT_CONFIG, "ENGAGE_CTA": cta}) == {}
