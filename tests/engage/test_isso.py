"""Comments against a real Isso server (tests/isso_server.py), in a real Chromium.

The site is a publish build of content/ whose comments provider is an Isso started on
another loopback port (a cross-origin server, as `comments.<domain>` is in production):
nothing reaches it before the reader clicks; a comment posted through Isso's own form
shows after a reload, under the page's path; Isso's widget is readable (WCAG contrast
measured from the rendered widget) and axe-clean in light and dark, whether the dark
comes from the system or from the theme's toggle.
"""

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import BrowserSession, ServedSite, build_and_serve, new_session, tracked_sessions
from checks.accessibility import AXE_RUN, TAGS
from checks.browser import AXE
from contrast import MEASURE, ratio
from isso_server import IssoServer, require_isso, running_isso
from loopback import free_port
from sitebuild import ROOT

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the chromium fixture skips (or fails, in CI) with the reason
    Page = None

pytestmark = pytest.mark.browser

TEXT = 4.5  # WCAG AA, text
CONTROL = 3.0  # WCAG 1.4.11, the border that shows where a control is
# What a reader reads or must find in Isso's widget: (name, selector, what is measured).
TEXT_PARTS = [
    ("comment box, typed text", ".isso-postbox .isso-textarea"),
    ("name field, typed text", ".isso-postbox input[name=author]"),
    ("field label", ".isso-postbox .isso-input-wrapper label"),
    ("Submit button", ".isso-postbox input[type=submit]"),
    ("Preview button", ".isso-postbox input[name=preview]"),
    ("thread heading", "h4.isso-thread-heading"),
    ("author name", ".isso-comment .isso-author"),
    ("comment date", ".isso-comment .isso-permalink"),
    ("comment text", ".isso-comment .isso-text"),
    ("Reply link", ".isso-comment .isso-reply"),
]
CONTROLS = [
    ("comment box", ".isso-postbox .isso-textarea"),
    ("name field", ".isso-postbox input[name=author]"),
    ("Submit button", ".isso-postbox input[type=submit]"),
]
VIEWS = {  # name -> (system colour scheme, clicks on the theme toggle)
    "light": ("light", 0),
    "dark (system)": ("dark", 0),
    "dark (toggle)": ("light", 1),
    "light (toggle)": ("dark", 1),
}


@dataclass
class Setup:
    site: ServedSite
    isso: IssoServer
    article: str  # the path of an article with comments


def an_article(site: ServedSite) -> str:
    """The first article the build wrote with a comments section (none named by hand)."""
    for page in sorted(Path(site.build.output).glob("*/index.html")):
        if 'id="isso-thread"' in page.read_text(encoding="utf-8"):
            return f"/{page.parent.name}/"
    raise AssertionError("no page of the build has Isso comments")


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    require_isso()
    port = free_port()
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(ROOT / "content", content)
    settings = {
        "ENGAGE_COMMENTS_PROVIDER": "isso",
        "ENGAGE_COMMENTS": {"url": f"http://127.0.0.1:{port}/"},
    }
    site = build_and_serve(content, tmp_path_factory.mktemp("site"), settings)
    try:
        with running_isso(tmp_path_factory.mktemp("isso"), port, [site.base_url]) as isso:
            yield Setup(site, isso, an_article(site))
    finally:
        site.close()


@pytest.fixture
def open_session(chromium, setup: Setup, request: pytest.FixtureRequest):
    with tracked_sessions(request) as sessions:

        def factory(**options) -> BrowserSession:
            session = new_session(chromium, setup.site, also_local=(setup.isso.url,), **options)
            session.context.add_init_script(path=str(AXE))  # before the page's CSP applies
            sessions.append(session)
            return session

        yield factory


def show_comments(page: "Page") -> None:
    page.get_by_role("button", name="Show comments").click()
    page.locator(".isso-postbox .isso-textarea").wait_for()


def post(page: "Page", author: str, text: str) -> None:
    """Write a comment in Isso's own form and submit it, as a reader does."""
    page.locator(".isso-postbox .isso-textarea").fill(text)
    page.locator(".isso-postbox input[name=author]").fill(author)
    page.locator(".isso-postbox input[type=submit]").click()
    expect(page.locator(".isso-comment .isso-text", has_text=text)).to_be_visible()


def test_a_comment_posted_in_the_form_shows_after_a_reload(open_session, setup: Setup) -> None:
    session = open_session()
    page = session.open(setup.article)
    assert session.recorder.matching(setup.isso.url) == [], "Isso was asked before the click"

    show_comments(page)
    assert session.recorder.matching(setup.isso.url)
    author, text = "Zoë Παπαδοπούλου", "Following up after the job fair worked for me."
    post(page, author, text)

    page.reload()
    assert page.locator(".isso-comment").count() == 0  # consent was not remembered
    show_comments(page)
    comment = page.locator(".isso-comment", has_text=text)
    expect(comment.locator(".isso-author")).to_have_text(author)
    # Isso filed it under the page's path, so its links to it are the page's address.
    thread = setup.isso.thread(setup.article)
    assert [reply["author"] for reply in thread["replies"]].count(author) == 1
    permalink = comment.locator(".isso-permalink").get_attribute("href")
    assert permalink.startswith("#isso-")
    log = setup.isso.log.read_text(encoding="utf-8")
    assert f"{setup.site.base_url}{setup.article}{permalink}" in log, log[-2000:]


def test_remembered_choice_loads_isso_at_once(open_session, setup: Setup) -> None:
    session = open_session()
    page = session.open(setup.article)
    page.get_by_label("Remember my choice").check()
    show_comments(page)
    mark = session.recorder.mark()
    page.reload()
    page.locator(".isso-postbox .isso-textarea").wait_for()
    assert session.recorder.matching(setup.isso.url, mark)
    expect(page.get_by_role("button", name="Show comments")).to_be_hidden()


def measure(page: "Page") -> tuple[dict[str, float], list[str]]:
    """Contrast of every part of the widget, and what is below the bar or missing."""
    found: dict[str, float] = {}
    failures: list[str] = []
    for name, selector in TEXT_PARTS:
        seen = page.evaluate(MEASURE, selector)
        if seen is None:
            failures.append(f"{name}: {selector} not found")
            continue
        found[name] = ratio(seen["color"], seen["backgrounds"])
        if found[name] < TEXT:
            failures.append(f"{name}: {seen['color']} on {seen['backgrounds']}: {found[name]:.2f}")
    for name, selector in CONTROLS:
        seen = page.evaluate(MEASURE, selector)
        if seen is None:
            continue  # already reported
        key = f"{name} border"
        found[key] = ratio(seen["border"], seen["behind"]) if seen["borderWidth"] else 1.0
        if found[key] < CONTROL:
            failures.append(f"{key}: {seen['border']} on {seen['behind']}: {found[key]:.2f}")
    return found, failures


@pytest.mark.parametrize("view", list(VIEWS))
def test_isso_is_readable_and_axe_clean(open_session, setup: Setup, view: str) -> None:
    scheme, toggles = VIEWS[view]
    session = open_session(color_scheme=scheme)
    page = session.open(setup.article)
    show_comments(page)
    if not setup.isso.thread(setup.article)["replies"]:
        post(page, "Ann", "A first comment, so that the thread has one to measure.")
        page.reload()
        show_comments(page)
    page.locator(".isso-comment .isso-author").first.wait_for()
    for _ in range(toggles):  # live, after Isso has drawn its widget
        page.locator("[data-theme-toggle]").click()
    wanted = view.split()[0]
    assert page.evaluate("() => getComputedStyle(document.body).colorScheme") == wanted

    found, failures = measure(page)
    print(f"\nIsso contrast, {view}: " + json.dumps({k: round(v, 2) for k, v in found.items()}))
    violations = page.evaluate(AXE_RUN, {"tags": TAGS, "within": "#isso-thread"})
    failures += [f"axe {v['id']} ({v['help']}): {', '.join(v['targets'])}" for v in violations]
    assert not failures, "\n".join(failures)
