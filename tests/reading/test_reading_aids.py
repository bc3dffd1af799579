"""Table of contents, related articles, series and word count on a synthetic blog."""

import re
from pathlib import Path

import pytest

from sitebuild import Build, run_pelican, write_article

THREE_HEADINGS = "## One\n\nA.\n\n## Two\n\nB.\n\n### Two and a half\n\nC.\n\nText."


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Build:
    content = tmp_path_factory.mktemp("content")

    def article(slug: str, day: int, tags: str, body: str = "Words here.", **meta: str) -> None:
        write_article(content, f"{slug}.md", body, title=slug.title(), slug=slug,
                      date=f"2024-03-{day:02d}", category="Tests", tags=tags, **meta)  # fmt: skip

    article("main", 20, "cv, interview, salary", THREE_HEADINGS)
    article("three-shared", 1, "cv, interview, salary")
    article("two-shared", 2, "cv, interview")
    article("one-shared-old", 3, "cv")
    article("one-shared-new", 4, "salary")
    article("unrelated", 5, "other")
    article("hidden-twin", 6, "cv, interview, salary", status="hidden")
    article("draft-twin", 7, "cv, interview, salary", status="draft")
    article("two-headings", 8, "misc", "## A\n\nx\n\n## B\n\ny")
    article("part-two", 9, "series", series="Job hunt 101", series_index="2")
    article("part-one", 10, "series", series="Job hunt 101", series_index="1")
    article("part-three", 11, "series", series="Job hunt 101", series_index="3")
    article("part-draft", 12, "series", series="Job hunt 101", series_index="4", status="draft")
    build = run_pelican(content, tmp_path_factory.mktemp("out"), "publishconf.py")
    assert build.returncode == 0, build.log
    return build


def _slugs(links) -> list[str]:
    return [re.search(r"/([^/]+)/$", a["href"]).group(1) for a in links]


def test_related_articles_share_most_tags_and_skip_hidden_and_drafts(blog: Build) -> None:
    related = blog.page("main/").select(".related a")
    assert _slugs(related) == ["three-shared", "two-shared", "one-shared-new"]
    assert blog.page("unrelated/").select(".related") == []


def test_table_of_contents_for_three_or_more_headings(blog: Build) -> None:
    toc = blog.page("main/").select(".toc a")
    assert [a.get_text() for a in toc] == ["One", "Two", "Two and a half"]
    page = blog.page("main/")
    for link in toc:
        assert page.find(id=link["href"][1:]) is not None
    assert blog.page("two-headings/").select(".toc") == []


def test_series_lists_its_published_parts_in_order(blog: Build) -> None:
    series = blog.page("part-two/").select_one(".series")
    assert "Part 2 of 3" in series.get_text()
    assert "Job hunt 101" in series.get_text()
    assert _slugs(series.select("a")) == ["part-one", "part-three"]
    assert series.select_one("[aria-current=page]").get_text() == "Part-Two"
    assert blog.page("main/").select(".series") == []


def test_word_count_is_shown(blog: Build) -> None:
    meta = blog.page("two-shared/").select_one(".meta").get_text(" ")
    assert re.search(r"\b2 words\b", meta)


def test_drafts_are_not_listed_anywhere_public(blog: Build) -> None:
    for path in Path(blog.output).rglob("*.html"):
        if "drafts" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "/draft-twin/" not in text
        assert "/part-draft/" not in text
