"""Curly quotes, dashes and ellipses (markdown_extensions/typography.py): Markdown, a build."""

import html

import feedparser
import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from sitebuild import ROOT, Build, run_pelican, write_article

EXTENSIONS = ["markdown_extensions.typography", "markdown.extensions.extra"]

# Markdown source, and the paragraph's text as a typesetter writes it.
CASES = [
    ('He said "hello" and left.', "He said “hello” and left."),
    ("It's the '80s; rock 'n' roll.", "It’s the ’80s; rock ‘n’ roll."),
    ("The candidates' CVs.", "The candidates’ CVs."),
    ("\"'Quoted' words,\" she said.", "“‘Quoted’ words,” she said."),
    ("She wrote: \"I'm 'in'.\"", "She wrote: “I’m ‘in’.”"),
    ("(\"paren\") and ['bracket']", "(“paren”) and [‘bracket’]"),
    ("9--5, then---briefly---home...", "9–5, then—briefly—home…"),
    ('*Emphasis*\'s end and **"bold"**', "Emphasis’s end and “bold”"),
    ('Say "<b>this</b>" now', "Say “this” now"),
    # A quote before inline markup opens; entities, escapes and tags are seen through.
    ('Ask: "**Why this role?**"', "Ask: “Why this role?”"),
    ("'[the guide](https://example.com/)'", "‘the guide’"),
    ('"`git push` publishes"', "“git push publishes”"),
    ('Your "CV"\n\n*[CV]: Curriculum vitae', "Your “CV”"),
    ('A&nbsp;"quote" and &mdash;"dash"', "A\u00a0“quote” and —“dash”"),
    ('\\("x") and <b>"bold"</b>', "(“x”) and “bold”"),
    ("Kept \\\"straight\\\" and \\'single\\'", "Kept \"straight\" and 'single'"),
]


def paragraph_text(source: str) -> str:
    converted = Markdown(extensions=EXTENSIONS, output_format="html5").convert(source)
    return BeautifulSoup(converted, "html.parser").get_text()


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_punctuation_is_typeset(source: str, expected: str) -> None:
    assert paragraph_text(source) == expected


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ('Run `"code" -- here...` now', '"code" -- here...'),
        ('```\n"fenced" -- code...\n```', '"fenced" -- code...'),
        ('    indented "code" --', 'indented "code" --'),
    ],
)
def test_code_keeps_straight_quotes_and_hyphens(source: str, code: str) -> None:
    converted = Markdown(extensions=EXTENSIONS, output_format="html5").convert(source)
    assert BeautifulSoup(converted, "html.parser").find("code").get_text().strip() == code


def test_raw_html_attributes_are_untouched() -> None:
    converted = Markdown(extensions=EXTENSIONS).convert("<span title=\"a 'b' -- c\">x'y</span>")
    assert "title=\"a 'b' -- c\"" in converted
    assert "x’y" in converted


@pytest.mark.parametrize(
    ("source", "tag", "attributes"),
    [
        (
            '## A "quoted" heading {: #custom title="Say \'hi\'" }',
            "h2",
            {"id": "custom", "title": "Say 'hi'"},
        ),
        ('![alt](x.png){: width="100" title="A pic" }', "img", {"width": "100", "title": "A pic"}),
    ],
)
def test_attribute_lists_keep_their_quotes(source: str, tag: str, attributes: dict) -> None:
    converted = Markdown(extensions=[*EXTENSIONS, "markdown.extensions.toc"]).convert(source)
    element = BeautifulSoup(converted, "html.parser").find(tag)
    for name, value in attributes.items():
        assert element.get(name) == value, converted


def test_site_settings_use_it_instead_of_smarty() -> None:
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    extensions = settings["MARKDOWN"]["extension_configs"]
    assert "markdown_extensions.typography" in extensions
    assert "markdown.extensions.smarty" not in extensions


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Build:
    content = tmp_path_factory.mktemp("content")
    write_article(
        content,
        "quotes.md",
        '## "Why" -- the question\n\nThe recruiter\'s answer: "Apply...". Use `"x" -- y`.',
        title="Quotes",
        slug="quotes",
        date="2024-03-01",
        category="Tests",
        summary='The recruiter\'s "short" answer -- in brief...',
    )
    build = run_pelican(content, tmp_path_factory.mktemp("out"), "publishconf.py")
    assert build.returncode == 0, build.log
    return build


def test_article_page_shows_typeset_text_and_code_as_written(blog: Build) -> None:
    page = blog.page("quotes/")
    body = page.find("article")
    assert "The recruiter’s answer: “Apply…”." in body.get_text()
    assert body.find("code").get_text() == '"x" -- y'
    heading = body.find("h2")
    assert "“Why” – the question" in heading.get_text()
    assert heading.get("id") == "why-the-question"


def test_summary_is_typeset_in_meta_and_feeds(blog: Build) -> None:
    page = blog.page("quotes/")
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description == "The recruiter’s “short” answer – in brief…"
    feed = feedparser.parse((blog.output / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo
    entry = feed.entries[0]
    assert "The recruiter’s answer: “Apply…”." in html.unescape(entry.content[0].value)
