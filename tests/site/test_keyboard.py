"""Every interactive control of the seed article works from the keyboard alone: reached with
Tab, operated with Enter or Space, and visibly focused (:focus-visible draws an outline).

The real content/ is built with publishconf.py and the site's own comments provider (isso),
served on 127.0.0.1; every other host is answered by browser.RequestRecorder's fakes.
"""

import contextlib
from collections.abc import Iterator

import pytest

from browser import (
    BrowserSession,
    ServedSite,
    build_and_serve,
    close_session,
    new_session,
    problems,
)
from sitebuild import ROOT, SEED_SLUG

with contextlib.suppress(ImportError):  # the chromium fixture skips (or fails, in CI)
    from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ARTICLE = f"{SEED_SLUG}/"
ISSO_SCRIPT = "https://comments.career-connections.example/js/embed.min.js"
MAX_TABS = 120
FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {visible: el.matches(":focus-visible"), outline: style.outlineStyle,
          width: style.outlineWidth, shadow: style.boxShadow};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    served = build_and_serve(ROOT / "content", tmp_path_factory.mktemp("keyboard"))
    yield served
    served.close()


@pytest.fixture
def session(chromium, site: ServedSite, request: pytest.FixtureRequest):
    failed_before = request.session.testsfailed
    opened = new_session(chromium, site, viewport={"width": 1280, "height": 900})
    opened.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base_url)
    opened.open(ARTICLE)
    expect(opened.page.locator("[data-theme-toggle]")).to_be_visible()
    yield opened
    close_session(opened, request.node.name, request.session.testsfailed > failed_before)
    found = problems(opened)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def tab_to(page: "Page", selector: str) -> None:
    """Press Tab from the top of the page until `selector` has the focus."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert_visibly_focused(page, selector)
            return
    pytest.fail(f"{selector} not reached with {MAX_TABS} presses of Tab")


def assert_visibly_focused(page: "Page", selector: str) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style["visible"], f"{selector}: not :focus-visible after Tab"
    drawn = (style["outline"] != "none" and style["width"] != "0px") or style["shadow"] != "none"
    assert drawn, f"{selector}: no visible focus indicator {style}"


def test_theme_toggle_works_with_enter_and_space(session: BrowserSession) -> None:
    page = session.page
    toggle = page.locator("[data-theme-toggle]")
    tab_to(page, "[data-theme-toggle]")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(toggle).to_be_focused()


def test_every_share_link_is_reached_with_tab(session: BrowserSession) -> None:
    page = session.page
    names = page.locator("a.share-link").evaluate_all("(all) => all.map((a) => a.dataset.share)")
    assert len(names) >= 10, names
    for name in names:
        tab_to(page, f'a.share-link[data-share="{name}"]')


def test_share_link_opens_with_enter(session: BrowserSession) -> None:
    page = session.page
    tab_to(page, 'a.share-link[data-share="linkedin"]')
    with session.context.expect_page() as opened:
        page.keyboard.press("Enter")
    assert opened.value.url.startswith("https://www.linkedin.com/sharing/share-offsite/")
    assert page.url == session.site.url(ARTICLE)


def test_mastodon_prompt_by_keyboard(session: BrowserSession) -> None:
    page = session.page
    link = page.locator('a.share-link[data-share="mastodon"]')
    form = page.locator("[data-mastodon-form]")
    server = page.locator("#mastodon-instance")
    tab_to(page, 'a.share-link[data-share="mastodon"]')
    page.keyboard.press("Enter")
    expect(form).to_be_visible()
    expect(server).to_be_focused()
    page.keyboard.type("fosstodon.org")
    expect(server).to_have_value("fosstodon.org")
    for control in ("Share on Mastodon", "Cancel"):  # the prompt's own buttons take the focus
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name=control)).to_be_focused()
        assert_visibly_focused(page, control)
    page.keyboard.press("Escape")
    expect(form).to_be_hidden()
    expect(link).to_be_focused()
    assert session.recorder.external() == []  # nothing was shared


def test_copy_link_with_space(session: BrowserSession) -> None:
    page = session.page
    tab_to(page, "button[data-copy-link]")
    page.keyboard.press("Space")
    expect(page.locator("[data-share-status]")).to_contain_text("Link copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == session.site.url(ARTICLE)


def test_show_comments_with_enter(session: BrowserSession) -> None:
    page = session.page
    assert session.recorder.external() == []
    tab_to(page, "button[data-comments-button]")
    expect(page.locator("#comments")).to_have_attribute("data-comments-provider", "isso")
    with page.expect_request(ISSO_SCRIPT):
        page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Show comments")).to_be_hidden()
    expect(page.locator("[data-comments-thread]")).to_be_focused()
    assert session.recorder.external() == [ISSO_SCRIPT]


def test_remember_choice_checkbox_toggles_with_space(session: BrowserSession) -> None:
    page = session.page
    tab_to(page, "input[data-comments-remember]")
    page.keyboard.press("Space")
    expect(page.get_by_label("Remember my choice")).to_be_checked()
