"""What buildspeed does for memory (plugins/buildspeed/memory.py), on real Pelican objects.

That a build with it writes the same bytes as one without is the digests' and the
parallel-render tests' business; here, that it does what it says: one taxonomy object per
name, and a written article's body no longer memoized.
"""

import datetime
from types import SimpleNamespace

from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category, Tag

from buildspeed.memory import drop_written_body, share_taxonomy
from kit import pelican_internals

SETTINGS = {**DEFAULT_CONFIG, "SITEURL": "https://blog.test"}


def article(number: int, tags: list[str], category: str = "Advice") -> Article:
    metadata = {
        "title": f"Article {number}",
        "date": datetime.datetime(2024, 5, number, 9, 0),
        "tags": [Tag(name, SETTINGS) for name in tags],
        "category": Category(category, SETTINGS),
        "author": Author("Ann", SETTINGS),
    }
    return Article(f"<p>Body {number}.</p>", metadata=metadata, settings=SETTINGS, context={})


def test_articles_share_one_object_per_tag_category_and_author() -> None:
    first, second = article(1, ["Interviews", "CV"]), article(2, ["CV", "Salary"])
    draft = article(3, ["Interviews"], category="Drafts")
    generator = SimpleNamespace(articles=[first, second], drafts=[draft], translations=[])
    share_taxonomy(generator)
    assert first.tags[1] is second.tags[0]
    assert first.tags[0] is draft.tags[0]
    assert first.category is second.category is first.metadata["category"]
    assert first.category is not draft.category
    assert first.author is second.author is draft.author
    assert first.tags is first.metadata["tags"]  # Pelican's own list, changed in place
    assert [tag.name for tag in second.tags] == ["CV", "Salary"]


def test_names_that_differ_keep_their_own_objects() -> None:
    """ "CV" and "cv" have one slug, one tag page; each article still shows its spelling."""
    upper, lower = article(1, ["CV"]), article(2, ["cv"])
    share_taxonomy(SimpleNamespace(articles=[upper, lower]))
    assert upper.tags[0] is not lower.tags[0]
    assert [upper.tags[0].name, lower.tags[0].name] == ["CV", "cv"]


def test_a_written_article_body_is_no_longer_memoized() -> None:
    written, other = article(1, []), article(2, [])
    body = written.get_content(SETTINGS["SITEURL"])
    other.get_content(SETTINGS["SITEURL"])
    memo = pelican_internals.Content.__dict__["get_content"].cache
    assert (written, SETTINGS["SITEURL"]) in memo
    drop_written_body(
        "out/article-1/index.html", {"article": written, "SITEURL": SETTINGS["SITEURL"]}
    )
    assert (written, SETTINGS["SITEURL"]) not in memo
    assert (other, SETTINGS["SITEURL"]) in memo  # only the page just written
    assert written.get_content(SETTINGS["SITEURL"]) == body  # computed again, the same
    drop_written_body("out/index.html", {"articles": [other], "SITEURL": SETTINGS["SITEURL"]})
    assert (other, SETTINGS["SITEURL"]) in memo  # a listing page forgets nothing
