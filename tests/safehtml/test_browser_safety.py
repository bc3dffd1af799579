"""In Chromium, on a server that sends no security header at all (as GitHub Pages does):
pasted handlers and scripts do not run, nothing leaves the site before a click, and a
video's player loads from its privacy-enhanced host only after the reader asks.

The site is tests/real_content.py plus the hostile paste, built without --fatal (so the
paste is published, cleaned). Each page's own <meta> Content-Security-Policy is what stops
script that got into a page some other way: a test writes some into the built HTML.
"""

import re
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
from real_content import write_hostile_paste, write_real_site

pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails, in CI) with the reason
    expect = None

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
INJECTED = (
    '<script>alert("inline script")</script>'
    '<img src="data:," alt="" onerror="alert(\'handler\')">'
    '<script src="https://cdn.example/evil.js"></script>'
    '<iframe src="https://frames.example/"></iframe>'
)


SLUGS: dict[str, str] = {}  # what each article shows -> its slug (set by `site`)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    content = tmp_path_factory.mktemp("no-headers-content")
    SLUGS.update(write_real_site(content), hostile=write_hostile_paste(content))
    served = build_and_serve(content, tmp_path_factory.mktemp("no-headers"), strict=False)
    yield served
    served.close()


@pytest.fixture
def session(chromium, site: ServedSite, request: pytest.FixtureRequest) -> Iterator:
    opened = new_session(chromium, site)
    opened.console: list[str] = []  # type: ignore[misc]
    opened.page.on("console", lambda message: opened.console.append(message.text))
    failed_before = request.session.testsfailed
    yield opened
    close_session(opened, request.node.name, request.session.testsfailed > failed_before)


def scroll_through(session: BrowserSession) -> None:
    """Scroll to the end, so every lazy image loads, then let the requests settle."""
    session.page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    session.page.wait_for_load_state("networkidle")
    session.page.evaluate("() => fetch('/').then((response) => response.status)")


def test_the_server_sends_no_security_header(site: ServedSite, session: BrowserSession) -> None:
    response = session.page.goto(site.url(f"{SLUGS['hostile']}/"))
    headers = {name.lower() for name in response.headers}
    assert not headers & {"content-security-policy", "x-frame-options", "referrer-policy"}


def test_no_pasted_script_runs_and_nothing_leaves_the_site(
    site: ServedSite, session: BrowserSession
) -> None:
    for path in ["", *(f"{slug}/" for slug in SLUGS.values())]:
        session.open(path)
        scroll_through(session)
        for bold in session.page.locator("main b").all():  # the pasted onmouseover's place
            bold.hover()
    assert problems(session) == []  # no alert, no uncaught error
    assert session.recorder.external() == []


def test_the_meta_policy_stops_script_that_got_into_a_page(
    site: ServedSite, session: BrowserSession
) -> None:
    path = site.build.output / SLUGS["pasted"] / "index.html"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("</main>", INJECTED + "</main>", 1), encoding="utf-8")
        session.open(f"{SLUGS['pasted']}/")
        scroll_through(session)
    finally:
        path.write_text(original, encoding="utf-8")
    assert session.dialogs == []
    # Chromium reports the requests it refused; none was sent.
    assert sorted(session.recorder.external()) == sorted(session.recorder.blocked)
    assert "https://cdn.example/evil.js" in session.recorder.blocked
    refused = [text for text in session.console if "Content Security Policy" in text]
    assert len(refused) >= 3, session.console  # the inline script, the handler, the host


def test_a_video_loads_its_player_only_after_the_click(
    site: ServedSite, session: BrowserSession
) -> None:
    page = session.open(f"{SLUGS['pasted']}/")
    scroll_through(session)
    figure = page.locator("figure.video").first
    link = figure.locator("a")
    expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    button = figure.get_by_role("button", name=re.compile(r"^Play “How to answer"))
    expect(button).to_be_visible()
    assert session.recorder.external() == []

    with page.expect_request(lambda request: request.url.startswith(YOUTUBE_PLAYER)):
        button.click()
    frame = figure.locator("iframe")
    expect(frame).to_have_attribute("src", re.compile("^" + re.escape(YOUTUBE_PLAYER)))
    expect(frame).to_have_attribute("title", "How to answer: tell me about yourself")
    hosts = {url.split("/")[2] for url in session.recorder.external()}
    assert hosts == {"www.youtube-nocookie.com"}
    refused = [text for text in session.console if "Content Security Policy" in text]
    assert refused == []  # the page's own policy lets the player in (frame-src)
    assert problems(session) == []
