"""The engage features in a real headless Chromium: consent-gated comments, share links and
the business-page card, against the markup contract in docs/engage-markup.md.

Sites are built with publishconf.py and served on 127.0.0.1; every other host is answered by
a local fake (browser.FAKES) and recorded, so these tests never touch the internet and can
tell exactly what a page requested, and when. Waits are on explicit conditions only.
"""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from browser import (
    BrowserSession,
    ServedSite,
    build_and_serve,
    new_session,
    tracked_sessions,
)
from sitebuild import ROOT, SEED_SLUG, TOOT, TOOT_API, content_with_toot

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page, expect
except ImportError:  # the chromium fixture skips (or fails, in CI) with the reason
    PlaywrightError = Exception

pytestmark = pytest.mark.browser

ARTICLE = f"{SEED_SLUG}/"
TITLE = "Networking, An Opportunity Lost"
FACEBOOK_PLUGIN = "https://www.facebook.com/plugins/page.php"


@dataclass(frozen=True)
class Provider:
    options: dict[str, str]
    script: str  # the URL the consent button must make the page load

    @property
    def host(self) -> str:
        """`https://host/`: every URL of the provider's server starts with it."""
        return "/".join(self.script.split("/")[:3]) + "/"


PROVIDERS = {
    "giscus": Provider(
        {"repo": "owner/repo", "repo_id": "R_x", "category": "Comments", "category_id": "DIC_x"},
        "https://giscus.app/client.js",
    ),
    "utterances": Provider({"repo": "owner/repo"}, "https://utteranc.es/client.js"),
    "disqus": Provider({"shortname": "careerblog"}, "https://careerblog.disqus.com/embed.js"),
    "isso": Provider(
        {"url": "https://comments.example.org/"}, "https://comments.example.org/js/embed.min.js"
    ),
    "remark42": Provider(
        {"host": "https://remark.example.org", "site_id": "blog"},
        "https://remark.example.org/web/embed.js",
    ),
    "cusdis": Provider({"app_id": "abc"}, "https://cusdis.com/js/cusdis.es.js"),
}
GISCUS = PROVIDERS["giscus"]
CTA = {
    "business_name": "Career Connections",
    "text": "Job leads and advice every week.",
    "links": {"facebook": "https://www.facebook.com/careerconnections"},
    "facebook_page_plugin": True,
}


def comments(provider: str, load: str = "click") -> dict[str, object]:
    return {
        "ENGAGE_COMMENTS_PROVIDER": provider,
        "ENGAGE_COMMENTS": PROVIDERS[provider].options,
        "ENGAGE_COMMENTS_LOAD": load,
    }


def real_content(tmp: Path) -> Path:
    return ROOT / "content"


# name -> (content maker, settings). "giscus" also carries the business-page card, so the
# "nothing leaves before consent" test covers it too.
SITES: dict[str, tuple[Callable[[Path], Path], dict[str, object]]] = {
    **{name: (real_content, comments(name)) for name in PROVIDERS},
    "giscus": (real_content, {**comments("giscus"), "ENGAGE_CTA": CTA}),
    "giscus-visible": (real_content, comments("giscus", load="visible")),
    "mastodon": (content_with_toot, {"ENGAGE_COMMENTS_PROVIDER": "mastodon"}),
}


class Sites:
    """Each configuration of SITES built and served once per module, when first asked for."""

    def __init__(self, tmp: pytest.TempPathFactory):
        self.tmp = tmp
        self.served: dict[str, ServedSite] = {}

    def get(self, name: str) -> ServedSite:
        if name not in self.served:
            make_content, settings = SITES[name]
            content = make_content(self.tmp.mktemp(f"{name}-content"))
            self.served[name] = build_and_serve(content, self.tmp.mktemp(name), settings)
        return self.served[name]

    def close(self) -> None:
        for site in self.served.values():
            site.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    built = Sites(tmp_path_factory)
    yield built
    built.close()


@pytest.fixture
def open_session(chromium, sites: Sites, request: pytest.FixtureRequest):
    """open_session(site_name, **context_options) -> a BrowserSession on a fresh context.

    At teardown: a screenshot of each page in output-screenshots/ if the test failed, and
    a failure if any page showed a dialog (alert...) or threw an uncaught error.
    """
    with tracked_sessions(request) as sessions:

        def factory(name: str, **context_options) -> BrowserSession:
            session = new_session(chromium, sites.get(name), **context_options)
            sessions.append(session)
            return session

        yield factory


def show_comments(page: "Page") -> None:
    page.get_by_role("button", name="Show comments").click()


def comments_config(page: "Page") -> dict:
    return json.loads(page.locator("#comments").get_attribute("data-comments-config") or "null")


def wait_for_giscus_frame(page: "Page"):
    """The fake giscus frame, once its page has loaded (so giscus requests nothing more)."""
    frame = page.locator("iframe.giscus-frame").element_handle().content_frame()
    frame.wait_for_selector("body[data-ready]", state="attached")
    return frame


def barrier(session: BrowserSession) -> None:
    """Let the page finish what it started: a local fetch round trip through the page's own
    event loop, so requests and dialogs queued before it have been seen by the recorder."""
    session.page.evaluate("() => fetch('/').then((response) => response.status)")


# --- Comments: consent ------------------------------------------------------------------


def test_nothing_leaves_the_site_before_consent(open_session) -> None:
    session = open_session("giscus")
    page = session.open(ARTICLE)

    consent = page.locator("#comments [data-comments-consent]")
    expect(page.get_by_role("button", name="Show comments")).to_be_visible()
    expect(consent).to_contain_text("giscus.app")
    expect(page.get_by_label("Remember my choice")).to_be_visible()
    # The recorder does see this page's own requests...
    assert any(re.search(r"/js/site\.[0-9a-f]+\.js$", url) for url in session.recorder.urls)
    # ...and nothing else: no comments, no Facebook widget, no fonts, no analytics.
    assert session.recorder.external() == []


@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_provider_loads_only_after_the_click(open_session, provider: str) -> None:
    expected = PROVIDERS[provider]
    session = open_session(provider)
    page = session.open(ARTICLE)
    section = page.locator("#comments")
    expect(section).to_have_attribute("data-comments-provider", provider)
    expect(section).to_have_attribute("data-comments-script", expected.script)
    assert session.recorder.matching(expected.host) == []

    mark = session.recorder.mark()
    with page.expect_request(expected.script):
        show_comments(page)

    assert session.recorder.matching(expected.host, mark)
    script = page.locator(f'[data-comments-thread] script[src="{expected.script}"]')
    expect(script).to_have_count(1)
    attrs = json.loads(section.get_attribute("data-comments-attrs") or "{}")
    for name, value in attrs.items():
        if name not in {"data-theme", "theme"}:  # set from the colour scheme instead
            expect(script).to_have_attribute(name, str(value))
    expect(page.get_by_role("button", name="Show comments")).to_be_hidden()
    expect(page.get_by_label("Remember my choice")).to_be_hidden()


@pytest.mark.parametrize(
    ("provider", "attribute"), [("disqus", "data-fake-disqus"), ("remark42", "data-fake-remark42")]
)
def test_provider_globals_are_set_before_its_script_runs(
    open_session, provider: str, attribute: str
) -> None:
    session = open_session(provider)
    page = session.open(ARTICLE)
    config = comments_config(page)
    show_comments(page)
    # The fake embed.js writes down what it found when it ran.
    html = page.locator("html")
    expect(html).to_have_attribute(attribute, re.compile("."))
    seen = json.loads(html.get_attribute(attribute))
    if provider == "disqus":  # this.page.url / identifier / title
        assert set(config) >= {"url", "identifier", "title"}, config
        assert seen == {key: config[key] for key in ("url", "identifier", "title")}
        assert seen["url"] == session.site.url(ARTICLE)
    else:
        assert seen == config


def test_remembered_consent_loads_comments_on_reload(open_session) -> None:
    height = 600
    session = open_session("giscus", viewport={"width": 800, "height": height})
    page = session.open(ARTICLE)
    page.get_by_label("Remember my choice").check()
    with page.expect_request(GISCUS.script):
        show_comments(page)
    assert page.evaluate("() => localStorage.getItem('cc-comments-consent')") == "yes"

    # Back at the top, so the reload does not scroll the comments into view: a remembered
    # choice loads them at once, wherever the reader is on the page.
    page.evaluate("() => window.scrollTo(0, 0)")
    mark = session.recorder.mark()
    try:
        with page.expect_request(GISCUS.script):
            page.reload()
    except PlaywrightError:
        box = page.locator("#comments").bounding_box()
        pytest.fail(
            "with the choice remembered, the reload did not load the comments at once "
            f"(comments section at {box}, viewport height {height})",
            pytrace=False,
        )
    assert session.recorder.matching(GISCUS.host, mark)
    box = page.locator("#comments").bounding_box()
    assert box is not None
    assert box["y"] > 2 * height, f"precondition: comments must start off-screen: {box}"
    expect(page.get_by_role("button", name="Show comments")).to_be_hidden()


def test_consent_is_not_remembered_unless_asked(open_session) -> None:
    session = open_session("giscus")
    page = session.open(ARTICLE)
    show_comments(page)
    wait_for_giscus_frame(page)

    mark = session.recorder.mark()
    page.reload(wait_until="networkidle")
    expect(page.get_by_role("button", name="Show comments")).to_be_visible()
    assert session.recorder.matching(GISCUS.host, mark) == []
    assert page.evaluate("() => localStorage.getItem('cc-comments-consent')") != "yes"


def test_visible_mode_loads_when_the_section_scrolls_into_view(open_session) -> None:
    height = 600
    session = open_session("giscus-visible", viewport={"width": 800, "height": height})
    page = session.open(ARTICLE)
    section = page.locator("#comments")
    expect(section).to_have_attribute("data-comments-load", "visible")
    box = section.bounding_box()
    assert box is not None
    assert box["y"] > 2 * height, f"precondition: comments must start off-screen: {box}"
    assert session.recorder.matching(GISCUS.host) == []

    with page.expect_request(GISCUS.script):
        section.scroll_into_view_if_needed()


# --- Comments: colour scheme ------------------------------------------------------------

# Whether the fake frame (browser._MESSAGE_SINK) received a message equal to `want`,
# whatever the order of its keys.
HAS_MESSAGE = """(want) => {
  const canon = (v) => v && typeof v === "object"
    ? "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canon(v[k])).join(",") + "}"
    : JSON.stringify(v);
  const parse = (text) => { try { return JSON.parse(text); } catch (e) { return text; } };
  const seen = JSON.parse(document.body.dataset.all || "[]");
  return seen.some((text) => canon(parse(text)) === canon(want));
}"""


def wait_for_message(frame, want: dict) -> None:
    try:
        frame.wait_for_function(HAS_MESSAGE, arg=want)
    except PlaywrightError:
        seen = frame.evaluate("() => document.body.dataset.all || '[]'")
        pytest.fail(f"the comments frame never got {want}; it got {seen}", pytrace=False)


def giscus_message(scheme: str) -> dict:
    return {"giscus": {"setConfig": {"theme": scheme}}}


def utterances_message(scheme: str) -> dict:
    return {"type": "set-theme", "theme": f"github-{scheme}"}


@pytest.mark.parametrize(
    ("provider", "attribute", "initial", "message"),
    [
        ("giscus", "data-theme", "light", giscus_message),
        ("utterances", "theme", "github-light", utterances_message),
    ],
)
def test_theme_toggle_reaches_the_comments_frame(
    open_session, provider: str, attribute: str, initial: str, message: Callable[[str], dict]
) -> None:
    session = open_session(provider)  # prefers-color-scheme: light
    page = session.open(ARTICLE)
    show_comments(page)
    script = page.locator(f'[data-comments-thread] script[src="{PROVIDERS[provider].script}"]')
    expect(script).to_have_attribute(attribute, initial)
    frame = page.locator(f"iframe.{provider}-frame").element_handle().content_frame()
    frame.wait_for_selector("body[data-ready]", state="attached")  # listening

    toggle = page.locator("[data-theme-toggle]").first
    for scheme in ("dark", "light"):
        toggle.click()
        expect(page.locator("html")).to_have_attribute("data-theme", scheme)
        wait_for_message(frame, message(scheme))


# --- Share links ------------------------------------------------------------------------


def encode_uri_component(text: str) -> str:
    """JavaScript's encodeURIComponent, as Chromium then shows it (it escapes ' in queries)."""
    return quote(text, safe="-_.!~*()")


def test_mastodon_share_asks_for_the_server(open_session) -> None:
    session = open_session("giscus")
    page = session.open(ARTICLE)
    popups = []
    session.context.on("page", lambda popup: popups.append(popup))
    link = page.locator('a.share-link[data-share="mastodon"]')
    form = page.locator("[data-mastodon-form]")
    server = page.locator("#mastodon-instance")
    error = page.locator("[data-mastodon-error]")
    text = link.get_attribute("data-share-text") or ""
    assert TITLE in text
    assert session.site.url(ARTICLE) in text

    expect(form).to_be_hidden()
    link.click()
    expect(form).to_be_visible()
    expect(server).to_be_focused()
    server.fill("not a host!")
    server.press("Enter")
    expect(error).to_be_visible()

    server.fill("fosstodon.org")
    with session.context.expect_page() as opened:
        page.get_by_role("button", name="Share on Mastodon").click()
    popup = opened.value
    popup.wait_for_load_state()
    expected = "https://fosstodon.org/share?text=" + encode_uri_component(text)
    assert popup.url == expected
    assert quote(TITLE, safe="") in popup.url
    # Exactly one window was opened, and the page itself went nowhere: the chooser link was
    # not followed, and "not a host!" reached no server.
    assert popups == [popup]
    assert page.url == session.site.url(ARTICLE)
    assert session.recorder.external() == [expected]
    assert page.evaluate("() => localStorage.getItem('cc-mastodon-instance')") == "fosstodon.org"

    page.reload()
    link.click()
    expect(server).to_have_value("fosstodon.org")


def test_copy_link_puts_the_article_url_on_the_clipboard(open_session) -> None:
    session = open_session("giscus")
    session.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=session.site.base_url
    )
    page = session.open(ARTICLE)
    article_url = session.site.url(ARTICLE)
    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("data-copy-link", article_url)

    button.click()
    expect(page.locator("[data-share-status]")).to_contain_text("Link copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == article_url


# --- Mastodon comments ------------------------------------------------------------------


def test_mastodon_replies_are_rendered_as_text(open_session) -> None:
    session = open_session("mastodon")
    page = session.open(ARTICLE)
    expect(page.locator("#comments")).to_have_attribute("data-comments-provider", "mastodon")
    config = comments_config(page)
    assert (config["api"], config["url"]) == (TOOT_API, TOOT)
    assert session.recorder.external() == []

    with page.expect_response(TOOT_API):
        show_comments(page)
    replies = page.locator("[data-mastodon-replies]")
    expect(replies).to_contain_text("<img src=x onerror=alert(1)>Ann")  # shown, not parsed
    expect(replies).to_contain_text(re.compile(r"Great .*post"))
    expect(replies).to_contain_text(re.compile(r"Second .*reply"))
    barrier(session)

    assert replies.locator("img, script, iframe, object, embed").count() == 0
    assert page.locator("[onerror], [onload]").count() == 0
    links = replies.locator("a[href]").evaluate_all("(links) => links.map((a) => a.href)")
    assert "https://mastodon.social/@a/1" in links
    assert all(href.startswith("https://") for href in links), links  # not javascript:alert(3)
    # An <img src=x> made anywhere, even detached, would have requested ARTICLE + "x".
    assert not [url for url in session.recorder.urls if url.endswith("/x")]
    assert session.dialogs == []


# --- Business-page card -----------------------------------------------------------------


def test_facebook_page_widget_loads_only_on_click(open_session) -> None:
    session = open_session("giscus")
    page = session.open(ARTICLE)
    widget = page.locator("[data-cta-widget]")
    button = widget.locator("[data-cta-widget-button]")
    expect(button).to_be_visible()
    src = widget.get_attribute("data-iframe-src") or ""
    assert src.startswith(FACEBOOK_PLUGIN + "?"), src
    assert session.recorder.matching("https://www.facebook.com/") == []

    with page.expect_request(lambda request: request.url.startswith(FACEBOOK_PLUGIN)):
        button.click()
    frame = widget.locator("iframe")
    expect(frame).to_have_attribute("src", src)
    for name in ("title", "width", "height"):
        expect(frame).to_have_attribute(name, widget.get_attribute(f"data-iframe-{name}") or "")
    expect(button).to_have_count(0)
    assert session.recorder.matching(FACEBOOK_PLUGIN)
