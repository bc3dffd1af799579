"""The e-mail signup (plugins/engage/newsletter.py): one declaration per provider, a plain
form in the real output, its host in the Content-Security-Policy only when configured.

The builders are checked in process with exact strings; the forms, the policy and the
per-article switch from real publish builds of a small site, parsed with BeautifulSoup.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pelican.settings import DEFAULT_CONFIG

from engage.csp_sources import third_party_sources
from engage.newsletter import PROVIDERS, NewsletterForm, load_newsletter
from kit.settings import SettingsError
from sitebuild import Build, run_pelican, write_article

LIST = "6083e838-475e-47b6-ac79-c6037fb3bdde"
OTHER_LIST = "0b6a2ef1-54d4-4a7e-9d57-91c5c3c2f7a0"
MAILCHIMP = "https://example.us21.list-manage.com/subscribe/post?u=1a2b3c4d5e&id=f6a7b8c9d0"
SETTINGS = {
    "buttondown": {"provider": "buttondown", "username": "career-news"},
    "mailchimp": {"provider": "mailchimp", "action": MAILCHIMP},
    "listmonk": {
        "provider": "listmonk",
        "url": "https://lists.example.org/",
        "lists": [LIST, OTHER_LIST],
        "ask_name": True,
    },
}
# What the form posts to, and the fields it sends besides the address, per provider.
ACTIONS = {
    "buttondown": "https://buttondown.com/api/emails/embed-subscribe/career-news",
    "mailchimp": MAILCHIMP,
    "listmonk": "https://lists.example.org/subscription/form",
}
EMAIL_FIELDS = {"buttondown": "email", "mailchimp": "EMAIL", "listmonk": "email"}
HIDDEN = {
    "buttondown": [("embed", "1")],
    "mailchimp": [],
    "listmonk": [("l", LIST), ("l", OTHER_LIST), ("nonce", "")],
}
HONEYPOT = "b_1a2b3c4d5e_f6a7b8c9d0"


def test_every_provider_is_tested() -> None:
    assert set(SETTINGS) == set(PROVIDERS)


# --- The builders, in process ------------------------------------------------------------


def test_each_provider_builds_its_own_embed_form() -> None:
    assert load_newsletter(SETTINGS["buttondown"]) == NewsletterForm(
        "buttondown", ACTIONS["buttondown"], "email", (("embed", "1"),)
    )
    assert load_newsletter(SETTINGS["mailchimp"]) == NewsletterForm(
        "mailchimp", MAILCHIMP, "EMAIL", honeypot=HONEYPOT
    )
    assert load_newsletter(SETTINGS["listmonk"]) == NewsletterForm(
        "listmonk",
        ACTIONS["listmonk"],
        "email",
        (("l", LIST), ("l", OTHER_LIST), ("nonce", "")),
        name_field="name",
    )
    assert load_newsletter(None) is None


def test_mailchimp_action_is_rebuilt_from_its_checked_parts() -> None:
    pasted = MAILCHIMP.replace("&", "&amp;") + '&amp;f_id=00ab12&x="><script>alert(1)</script>'
    form = load_newsletter({"provider": "mailchimp", "action": pasted})
    assert form.action == MAILCHIMP + "&f_id=00ab12"  # the copied &amp; read, the rest dropped
    assert form.honeypot == HONEYPOT


def test_the_privacy_note_names_the_providers_host() -> None:
    hosts = {name: load_newsletter(value).host for name, value in SETTINGS.items()}
    assert hosts == {
        "buttondown": "buttondown.com",
        "mailchimp": "example.us21.list-manage.com",
        "listmonk": "lists.example.org",
    }
    note = load_newsletter(SETTINGS["buttondown"]).privacy_note
    assert note.startswith("Nothing is sent until you subscribe; then your address goes to ")
    assert "buttondown.com" in note


def test_heading_and_text_are_the_sites_own() -> None:
    form = load_newsletter({**SETTINGS["buttondown"], "heading": "Weekly tips", "text": "No spam."})
    assert (form.heading, form.text) == ("Weekly tips", "No spam.")
    assert load_newsletter(SETTINGS["buttondown"]).heading == "Get new articles by email"


BAD = {
    "not a dict": ("buttondown", r"^ENGAGE_NEWSLETTER must be a dict"),
    "no provider": ({"username": "x"}, r"ENGAGE_NEWSLETTER\['provider'\] is required"),
    "provider typo": (
        {"provider": "butondown", "username": "x"},
        r"ENGAGE_NEWSLETTER\['provider'\] 'butondown' is not a provider "
        r"\(did you mean 'buttondown'\?\)",
    ),
    "key typo": (
        {"provider": "buttondown", "usename": "x"},
        r"ENGAGE_NEWSLETTER: unknown key 'usename' for the buttondown provider "
        r"\(did you mean 'username'\?\)",
    ),
    "key of another provider": (
        {"provider": "buttondown", "username": "x", "lists": [LIST]},
        r"unknown key 'lists' for the buttondown provider",
    ),
    "no username": ({"provider": "buttondown"}, r"ENGAGE_NEWSLETTER\['username'\] is required"),
    "username with a slash": (
        {"provider": "buttondown", "username": "a/../b"},
        r"ENGAGE_NEWSLETTER\['username'\] must be a Buttondown username",
    ),
    "mailchimp elsewhere": (
        {"provider": "mailchimp", "action": "https://evil.example/subscribe/post?u=1&id=2"},
        r"ENGAGE_NEWSLETTER\['action'\] must be the form action of Mailchimp",
    ),
    "mailchimp without id": (
        {"provider": "mailchimp", "action": MAILCHIMP.split("&")[0]},
        r"ENGAGE_NEWSLETTER\['action'\] must be the form action of Mailchimp",
    ),
    "mailchimp javascript": (
        {"provider": "mailchimp", "action": "javascript:alert(1)"},
        r"ENGAGE_NEWSLETTER\['action'\] must be an http\(s\) URL",
    ),
    "listmonk over http": (
        {"provider": "listmonk", "url": "http://lists.example.org", "lists": [LIST]},
        r"ENGAGE_NEWSLETTER\['url'\] must be the https address",
    ),
    "listmonk host with a semicolon": (
        {"provider": "listmonk", "url": "https://a;script-src.example", "lists": [LIST]},
        r"ENGAGE_NEWSLETTER\['url'\] must be the https address",
    ),
    "listmonk path with a quote": (
        {"provider": "listmonk", "url": 'https://l.example.org/a"b', "lists": [LIST]},
        r"ENGAGE_NEWSLETTER\['url'\] must be the https address",
    ),
    "listmonk lists as a string": (
        {"provider": "listmonk", "url": "https://l.example.org", "lists": LIST},
        r"ENGAGE_NEWSLETTER\['lists'\] must be a list of listmonk list UUIDs",
    ),
    "listmonk list not a uuid": (
        {"provider": "listmonk", "url": "https://l.example.org", "lists": ["news"]},
        r"ENGAGE_NEWSLETTER\['lists'\] must be a list",
    ),
    "listmonk ask_name not a bool": (
        {"provider": "listmonk", "url": "https://l.example.org", "lists": [LIST], "ask_name": 1},
        r"ENGAGE_NEWSLETTER\['ask_name'\] must be True or False",
    ),
    "heading not text": (
        {**SETTINGS["buttondown"], "heading": ["x"]},
        r"ENGAGE_NEWSLETTER\['heading'\] must be text",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_wrong_value_is_an_error_naming_the_setting_and_key(case: str) -> None:
    value, message = BAD[case]
    with pytest.raises(SettingsError, match=message):
        load_newsletter(value)


def test_the_policy_names_the_provider_in_form_action_only_when_configured() -> None:
    for name, value in SETTINGS.items():
        settings = {**DEFAULT_CONFIG, "ENGAGE_NEWSLETTER": value}
        origin = "://".join(urlsplit(ACTIONS[name])[:2])
        assert third_party_sources(settings) == {"form-action": (origin,)}, name
    assert third_party_sources({**DEFAULT_CONFIG}) == {}
    # A listmonk on the site's own origin is 'self' already: not named again.
    own = {"provider": "listmonk", "url": "https://blog.test/lists", "lists": [LIST]}
    settings = {**DEFAULT_CONFIG, "SITEURL": "https://blog.test", "ENGAGE_NEWSLETTER": own}
    assert third_party_sources(settings) == {}


# --- Real builds -------------------------------------------------------------------------


def _site(folder: Path, newsletter: object, strict: bool = True, **more: dict) -> Build:
    """A publish build of two articles (one with `Newsletter: off`) and two pages (one with
    `Newsletter: on`), with ENGAGE_NEWSLETTER = `newsletter`."""
    content = folder / "content"
    common = {"date": "2024-05-01", "category": "Tests"}
    write_article(content, "plain.md", title="Plain", slug="plain", **common)
    write_article(content, "quiet.md", title="Quiet", slug="quiet", newsletter="off", **common)
    write_article(content / "pages", "about.md", title="About", slug="about")
    write_article(content / "pages", "news.md", title="News", slug="news", newsletter="on")
    extra = {"ENGAGE_NEWSLETTER": newsletter, **more}
    settings = {key: json.dumps(value) for key, value in extra.items()}
    return run_pelican(content, folder / "out", "publishconf.py", strict=strict, extra=settings)


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    name = request.param
    build = _site(tmp_path_factory.mktemp(name), SETTINGS[name])
    assert build.returncode == 0, build.log
    return name, build


def _form(build: Build, page: str):
    return build.page(page).select_one("section.newsletter form")


def test_the_form_posts_to_the_provider_with_its_field_names(built) -> None:
    name, build = built
    for page in ("plain/", "subscribe/", "news/"):
        form = _form(build, page)
        assert form is not None, page
        assert form["method"] == "post"
        assert form["action"] == ACTIONS[name]
        email = form.select_one("input[type=email]")
        assert email["name"] == EMAIL_FIELDS[name]
        assert email.has_attr("required")
        assert email["autocomplete"] == "email"
        label = form.find("label", attrs={"for": email["id"]})
        assert label.get_text(strip=True) == "Your email address"
        assert form.select_one("button[type=submit]").get_text(strip=True) == "Subscribe"
        hidden = [(i["name"], i["value"]) for i in form.select("input[type=hidden]")]
        assert hidden == HIDDEN[name]
        note = form.select_one(".form-note").get_text()
        assert urlsplit(ACTIONS[name]).hostname in note
        assert form.find("script") is None
        assert build.page(page).find("script", src=re.compile("://(?!127|blog)")) is None


def test_only_mailchimp_has_the_bot_trap_out_of_reach(built) -> None:
    name, build = built
    form = _form(build, "plain/")
    trap = form.find("input", attrs={"name": HONEYPOT})
    if name != "mailchimp":
        assert trap is None
        assert not [i for i in form.find_all("input") if i["name"].startswith("b_")]
        return
    assert trap["type"] == "text"
    assert trap["tabindex"] == "-1"
    assert trap["value"] == ""
    wrapper = trap.parent
    assert wrapper["aria-hidden"] == "true"
    assert "visually-hidden" in wrapper["class"]


def test_only_listmonk_asks_for_a_name_when_told(built) -> None:
    name, build = built
    field = _form(build, "plain/").find("input", attrs={"name": "name"})
    if name != "listmonk":
        assert field is None
        return
    assert field["autocomplete"] == "name"
    assert not field.has_attr("required")
    assert _form(build, "plain/").find("label", attrs={"for": field["id"]}) is not None


def test_newsletter_off_in_an_article_and_pages_only_when_on(built) -> None:
    _, build = built
    assert build.page("quiet/").select(".newsletter") == []
    assert build.page("about/").select(".newsletter") == []
    assert build.page("news/").select(".newsletter")


def test_the_signup_comes_after_the_card_and_before_share(built) -> None:
    _, build = built
    after = build.page("plain/").select_one(".entry-content").find_next_siblings()
    kinds = [" ".join(tag.get("class", [])) for tag in after]
    assert kinds.index("newsletter") < kinds.index("share")
    if "cta" in kinds:
        assert kinds.index("cta") < kinds.index("newsletter")


def _policies(build: Build, page: str) -> tuple[str, str]:
    """The CSP of `_headers`' site rule, and the page's meta policy."""
    header = re.search(r"^/\*\n(?:  .*\n)*?  Content-Security-Policy: (.*)$", _headers(build), re.M)
    meta = build.page(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return header[1], meta["content"]


def _headers(build: Build) -> str:
    return (build.output / "_headers").read_text(encoding="utf-8")


def _form_action(policy: str) -> str:
    return re.search(r"form-action ([^;]*)", policy)[1]


def test_the_policy_lets_the_form_post_to_its_provider(built) -> None:
    name, build = built
    origin = "://".join(urlsplit(ACTIONS[name])[:2])
    for policy in _policies(build, "plain/"):
        assert _form_action(policy) == f"'self' https://duckduckgo.com {origin}"


def test_without_the_setting_no_form_and_no_provider_in_the_policy(tmp_path: Path) -> None:
    build = _site(tmp_path, None)
    assert build.returncode == 0, build.log
    for page in ("plain/", "subscribe/", "news/"):
        assert build.page(page).select(".newsletter, form[method=post]") == [], page
    for policy in _policies(build, "plain/"):
        assert _form_action(policy) == "'self' https://duckduckgo.com"
    for provider in ("buttondown", "list-manage", "lists.example.org"):
        assert provider not in _headers(build)


HOSTILE = '"><script>alert(1)</script>{{ 7*7 }}&amp;'


def test_hostile_values_are_escaped_into_attributes_and_text(tmp_path: Path) -> None:
    url = "https://lists.example.org/it's&more/"
    value = {"provider": "listmonk", "url": url, "lists": [LIST], "heading": HOSTILE}
    build = _site(tmp_path, {**value, "text": HOSTILE})
    assert build.returncode == 0, build.log
    page = build.page("plain/")
    section = page.select_one("section.newsletter")
    assert section.find("h2").get_text() == HOSTILE
    assert section.find("p").get_text() == HOSTILE
    assert section.find("form")["action"] == "https://lists.example.org/it's&more/subscription/form"
    raw = (build.output / "plain" / "index.html").read_text(encoding="utf-8")
    assert 'action="https://lists.example.org/it&#39;s&amp;more/subscription/form"' in raw
    assert "<script>alert(1)" not in raw
    assert "{{ 7*7 }}" in section.get_text()  # text, never evaluated


BAD_BUILDS = {
    "key typo": ({"provider": "buttondown", "usrname": "x"}, "ENGAGE_NEWSLETTER: unknown key"),
    "missing key": ({"provider": "mailchimp"}, "ENGAGE_NEWSLETTER['action'] is required"),
    "unknown provider": ({"provider": "substack"}, "ENGAGE_NEWSLETTER['provider']"),
}


@pytest.mark.parametrize("case", sorted(BAD_BUILDS))
def test_a_bad_setting_stops_the_build_with_one_line(tmp_path: Path, case: str) -> None:
    value, named = BAD_BUILDS[case]
    build = _site(tmp_path, value)
    assert build.returncode != 0
    assert named in build.log
    assert "Traceback" not in build.log
    assert not (build.output / "plain" / "index.html").exists()


def test_the_sites_own_settings_sign_up_with_buttondown(published_site: Build) -> None:
    form = published_site.page("subscribe/").select_one("section.newsletter form")
    assert form["action"].startswith("https://buttondown.com/api/emails/embed-subscribe/")
    assert "https://buttondown.com" in _form_action(_policies(published_site, "subscribe/")[0])
