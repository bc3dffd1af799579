"""The e-mail signup and /subscribe/ in a real Chromium (tests/browser.py).

The real content/ is built with publishconf.py and each newsletter provider, served on
127.0.0.1 with no security header (the pages' meta Content-Security-Policy is what
applies); every request to another host is written down and answered by the recorder
with a fake, so nothing reaches the internet. The provider hears nothing until the
reader submits; the form is reached and sent with the keyboard alone, as a POST with the
provider's own field names, which the page's policy allows; the bot trap is never
reached; "Copy address" copies a feed's address; the pages are axe-clean in both schemes.
"""

import contextlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import BrowserSession, ServedSite, build_and_serve, new_session, tracked_sessions
from checks.accessibility import AXE_RUN, TAGS
from checks.browser import AXE
from contrast import MEASURE, ratio
from sitebuild import ROOT, SEED_SLUG

with contextlib.suppress(ImportError):  # the chromium fixture skips (or fails, in CI)
    from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARTICLE = f"{SEED_SLUG}/"
SUBSCRIBE = "subscribe/"
ADDRESS = "reader+jobs@example.com"
LIST = "6083e838-475e-47b6-ac79-c6037fb3bdde"
MAILCHIMP = "https://example.us21.list-manage.com/subscribe/post?u=1a2b3c4d5e&id=f6a7b8c9d0"
# provider -> (ENGAGE_NEWSLETTER, where the form posts, the fields it sends)
PROVIDERS = {
    "buttondown": (
        {"provider": "buttondown", "username": "career-news"},
        "https://buttondown.com/api/emails/embed-subscribe/career-news",
        {"email": [ADDRESS], "embed": ["1"]},
    ),
    "mailchimp": (
        {"provider": "mailchimp", "action": MAILCHIMP},
        MAILCHIMP,
        {"EMAIL": [ADDRESS], "b_1a2b3c4d5e_f6a7b8c9d0": [""]},
    ),
    "listmonk": (
        {"provider": "listmonk", "url": "https://lists.example.org", "lists": [LIST]},
        "https://lists.example.org/subscription/form",
        {"email": [ADDRESS], "l": [LIST], "nonce": [""]},
    ),
}
MAX_TABS = 150
TEXT, CONTROL = 4.5, 3.0  # WCAG AA text; WCAG 1.4.11 the border that shows a control
TEXTS = {  # page -> what is read there, by selector
    ARTICLE: (
        "section.newsletter h2",
        "section.newsletter label",
        "#newsletter-email",
        "section.newsletter button[type=submit]",
        "section.newsletter .form-note",
    ),
    SUBSCRIBE: ("section.feeds > p", "section.feeds a", "section.feeds button"),
}
CONTROLS = {  # page -> the controls whose border shows where they are
    ARTICLE: ("#newsletter-email", "section.newsletter button[type=submit]"),
    SUBSCRIBE: ("#newsletter-email", "section.feeds button"),
}
VIEWS = {"light": ("light", 0), "dark": ("dark", 0), "dark (toggle)": ("light", 1)}


class Sites:
    """The site built and served once per provider, when a test first asks for it."""

    def __init__(self, tmp: pytest.TempPathFactory):
        self.tmp = tmp
        self.served: dict[str, ServedSite] = {}

    def get(self, provider: str) -> ServedSite:
        if provider not in self.served:
            settings = {"ENGAGE_NEWSLETTER": PROVIDERS[provider][0]}
            self.served[provider] = build_and_serve(
                ROOT / "content", self.tmp.mktemp(provider), settings
            )
        return self.served[provider]

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
    """open_session(provider, **context_options): a fresh context with the recorder and axe.
    At teardown: screenshots if the test failed, and a failure on any dialog or page error."""
    with tracked_sessions(request) as sessions:

        def factory(provider: str, **options) -> BrowserSession:
            session = new_session(chromium, sites.get(provider), **options)
            session.context.add_init_script(path=str(AXE))  # before the page's CSP applies
            sessions.append(session)
            return session

        yield factory


def tab_to(page: "Page", selector: str) -> list[str]:
    """Press Tab from the top of the page until `selector` has the focus, checking that each
    control is visibly focused; the names of the form fields passed on the way."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    passed = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        passed.append(page.evaluate("() => document.activeElement.name || ''"))
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert page.evaluate("() => document.activeElement.matches(':focus-visible')")
            style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert style != "none", f"{selector}: no visible focus outline"
            return passed
    pytest.fail(f"{selector} not reached with {MAX_TABS} presses of Tab")


def settle(session: BrowserSession) -> None:
    """A round trip to the site through the page's own event loop: requests the page
    queued before it have reached the recorder."""
    session.page.evaluate("() => fetch('/').then((response) => response.status)")


@pytest.mark.parametrize("path", [ARTICLE, SUBSCRIBE])
def test_nothing_reaches_the_provider_before_the_reader_submits(open_session, path) -> None:
    session = open_session("buttondown")
    page = session.open(path)
    field = page.get_by_label("Your email address")
    field.click()
    page.keyboard.type(ADDRESS)  # typing sends nothing either: no script watches the field
    page.keyboard.press("Tab")
    settle(session)
    assert session.recorder.external() == []


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_enter_in_the_field_posts_the_address_to_the_provider(open_session, provider) -> None:
    _, action, fields = PROVIDERS[provider]
    session = open_session(provider)
    page = session.open(ARTICLE)
    passed = tab_to(page, "#newsletter-email")
    page.keyboard.type(ADDRESS)
    with page.expect_request(lambda request: request.url == action) as posted:
        page.keyboard.press("Enter")
    request = posted.value
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.post_data, keep_blank_values=True) == fields
    assert request.is_navigation_request()
    provider_origin = "://".join(urlsplit(action)[:2])
    assert session.recorder.external()[0] == action  # the first request to another host
    assert all(url.startswith(provider_origin) for url in session.recorder.external())
    assert session.recorder.blocked == []
    assert not [name for name in passed if name.startswith("b_")]  # the trap is never reached


def test_the_submit_button_and_after_it_never_the_bot_trap(open_session) -> None:
    session = open_session("mailchimp")
    page = session.open(ARTICLE)
    tab_to(page, "#newsletter-email")
    page.keyboard.press("Tab")
    expect(page.locator("section.newsletter button[type=submit]")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name || ''") != "b_1a2b3c4d5e_f6a7b8c9d0"
    assert page.evaluate("() => !document.activeElement.closest('section.newsletter')")


@pytest.mark.parametrize("typed", ["", "not an address"])
def test_an_empty_or_malformed_address_is_not_sent(open_session, typed: str) -> None:
    session = open_session("buttondown")
    page = session.open(SUBSCRIBE)
    tab_to(page, "#newsletter-email")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.validity.valid") is False
    settle(session)
    assert session.recorder.external() == []
    assert page.url == session.site.url(SUBSCRIBE)


def test_copy_address_puts_the_feeds_address_on_the_clipboard(open_session) -> None:
    session = open_session("buttondown")
    session.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=session.site.base_url
    )
    page = session.open(SUBSCRIBE)
    button = page.get_by_role("button", name="Copy address of the RSS feed of all articles")
    expect(button).to_be_visible()
    tab_to(page, "section.feeds button[data-copy-link$='/feeds/all.rss.xml']")
    page.keyboard.press("Space")
    expect(page.locator("[data-share-status]")).to_contain_text("Link copied")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == session.site.url("feeds/all.rss.xml")
    assert session.recorder.external() == []


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [ARTICLE, SUBSCRIBE])
def test_the_pages_are_axe_clean(open_session, provider: str, scheme: str, path: str) -> None:
    session = open_session(provider, color_scheme=scheme, viewport={"width": 375, "height": 800})
    page = session.open(path)
    expect(page.locator("[data-theme-toggle]")).to_be_visible()  # site.js has run
    violations = page.evaluate(AXE_RUN, {"tags": TAGS, "within": None})
    assert violations == [], violations


def contrast_failures(page: "Page", path: str) -> list[str]:
    """Every text below 4.5:1 and every control border below 3:1 against what is behind."""
    failures = []
    for selector in TEXTS[path]:
        seen = page.evaluate(MEASURE, selector)
        found = ratio(seen["color"], seen["backgrounds"])
        if found < TEXT:
            failures.append(
                f"{selector}: text {seen['color']} on {seen['backgrounds']}: {found:.2f}"
            )
    for selector in CONTROLS[path]:
        seen = page.evaluate(MEASURE, selector)
        found = ratio(seen["border"], seen["behind"]) if seen["borderWidth"] else 1.0
        if found < CONTROL:
            failures.append(f"{selector}: border {seen['border']} on {seen['behind']}: {found:.2f}")
        height = page.locator(selector).first.bounding_box()["height"]
        if height < 44:
            failures.append(f"{selector}: {height} px tall")
    return failures


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("path", [ARTICLE, SUBSCRIBE])
def test_the_controls_are_readable_and_findable(open_session, path: str, view: str) -> None:
    scheme, toggles = VIEWS[view]
    session = open_session("buttondown", color_scheme=scheme)
    page = session.open(path)
    for _ in range(toggles):
        page.locator("[data-theme-toggle]").click()
    wanted = view.split()[0]
    assert page.evaluate("() => getComputedStyle(document.body).colorScheme") == wanted
    assert contrast_failures(page, path) == []
