"""The sanitiser on fragments: what is kept, what is removed and said, what becomes a link or
a video facade; and, for any HTML at all, that nothing able to run or load survives."""

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from html_safety import unsafe_parts
from real_content import PASTED_CLEAN, PASTED_EDITOR, PASTED_OLD_BLOG
from safehtml.cleaning import clean


def test_what_an_article_needs_is_kept_and_nothing_is_reported() -> None:
    cleaned = clean(PASTED_CLEAN)
    assert cleaned.removed == []
    assert cleaned.linked_images == []
    soup = BeautifulSoup(cleaned.html, "html.parser")
    for selector in ("abbr[title]", "kbd", "sup", "table thead th", "details > summary", "dl dt"):
        assert soup.select_one(selector) is not None, selector
    assert [th["class"] for th in soup.select("th")] == [["align-left"], ["align-right"]]
    [video] = cleaned.videos
    assert (video.host.name, video.video_id) == ("YouTube", "aqz-KE-bpKQ")
    assert video.title == "How to answer: tell me about yourself"


def test_pasted_editor_html_loses_what_runs_and_says_what() -> None:
    cleaned = clean(PASTED_EDITOR)
    assert unsafe_parts(cleaned.html) == []
    removed = set(cleaned.removed)
    assert {"<script>", "<style>", "<form>", "<input>", "<button>", "<font>"} <= removed
    assert {"onmouseover on <b>", "style on <p>", "style on <span>"} <= removed
    assert "href='javascript:alert(1)' on <a>" in removed
    text = BeautifulSoup(cleaned.html, "html.parser").get_text()
    assert "a handler" in text  # the words stay
    assert "font tag" in text
    assert "pasted script" not in text
    assert "display: none" not in text


def test_old_blog_markup_links_remote_images_and_drops_unknown_frames() -> None:
    cleaned = clean(PASTED_OLD_BLOG)
    assert unsafe_parts(cleaned.html) == []
    assert cleaned.linked_images == [
        "https://old-blog.example/wp-content/uploads/2013/07/handshake.jpg",
        "https://stats.example/pixel.gif",
    ]
    soup = BeautifulSoup(cleaned.html, "html.parser")
    link = soup.find("a", href=cleaned.linked_images[0])
    assert link.get_text() == "A handshake"
    assert '<iframe src="https://widgets.example/embed">' in cleaned.removed
    assert "<svg>" in cleaned.removed
    assert "onerror on <img>" in cleaned.removed
    assert "widgets.example" not in cleaned.html


@pytest.mark.parametrize(
    ("pasted", "host", "video_id"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "YouTube", "aqz-KE-bpKQ"),
        ("<p>https://youtu.be/aqz-KE-bpKQ?t=30</p>", "YouTube", "aqz-KE-bpKQ"),
        ('<p><a href="https://vimeo.com/76979871">The walkthrough</a></p>', "Vimeo", "76979871"),
        (
            '<iframe src="https://player.vimeo.com/video/76979871?h=1"></iframe>',
            "Vimeo",
            "76979871",
        ),
    ],
)
def test_a_video_on_its_own_line_becomes_a_facade(pasted: str, host: str, video_id: str) -> None:
    cleaned = clean(pasted if pasted.startswith("<") else f"<p>{pasted}</p>")
    [video] = cleaned.videos
    assert (video.host.name, video.video_id) == (host, video_id)
    figure = BeautifulSoup(cleaned.html, "html.parser").find("figure", class_="video")
    assert figure["data-video-src"] == video.embed_url
    assert urlsplit_host(video.embed_url) in {"www.youtube-nocookie.com", "player.vimeo.com"}
    assert figure.find("a")["href"] == video.watch_url  # without JavaScript: a link
    assert figure.find("button").has_attr("hidden")


def urlsplit_host(url: str) -> str:
    return url.split("/")[2]


def test_a_video_link_inside_a_sentence_stays_a_link() -> None:
    html = '<p>Watch <a href="https://youtu.be/aqz-KE-bpKQ">this</a> before you go.</p>'
    cleaned = clean(html)
    assert cleaned.videos == []
    assert cleaned.html == html


def test_pasted_html_cannot_forge_a_facade() -> None:
    forged = (
        '<figure class="video" data-video-src="https://evil.example/x">'
        "<button data-video-button>Play</button></figure>"
    )
    cleaned = clean(forged)
    assert "data-video-src" not in cleaned.html
    assert "evil.example" not in cleaned.html
    assert "<button" not in cleaned.html


def test_a_data_url_is_kept_for_a_raster_image_only() -> None:
    cleaned = clean(
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">'
        '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="svg">'
        '<a href="data:text/html,<script>alert(1)</script>">x</a>'
    )
    soup = BeautifulSoup(cleaned.html, "html.parser")
    assert [img.get("src") for img in soup.find_all("img")] == [
        "data:image/png;base64,iVBORw0KGgo=",
        None,
    ]
    assert soup.a.get("href") is None


TAGS = st.sampled_from(
    ["script", "style", "img", "a", "iframe", "b", "p", "svg", "form", "object", "table", "td"]
)
ATTRIBUTES = st.sampled_from(
    ["onclick", "onerror", "style", "src", "href", "srcset", "class", "title", "formaction"]
)
VALUES = st.sampled_from(
    ["javascript:alert(1)", "https://evil.example/x.png", "//evil.example/y", "x", "#top",
     "data:text/html,<b>", " JaVaScRiPt:alert(2)", "expression(alert(3))", "video-link"]
)  # fmt: skip


@st.composite
def markup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        tag = draw(TAGS)
        attributes = "".join(
            f' {draw(ATTRIBUTES)}="{draw(VALUES)}"' for _ in range(draw(st.integers(0, 3)))
        )
        parts.append(f"<{tag}{attributes}>{draw(st.text(max_size=8))}")
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(markup())
def test_nothing_that_runs_or_loads_survives_any_markup(fragment: str) -> None:
    cleaned = clean(fragment)
    assert unsafe_parts(cleaned.html) == []
    for img in BeautifulSoup(cleaned.html, "html.parser").find_all("img"):
        for name in ("src", "srcset"):  # a title may mention a host; nothing loads it
            assert "evil.example" not in img.get(name, ""), img


@settings(max_examples=200, deadline=None)
@given(markup())
def test_cleaning_twice_changes_nothing_more(fragment: str) -> None:
    once = clean(fragment)
    twice = clean(once.html)
    assert twice.html == once.html
    assert twice.removed == []
