"""The fence (plugins/kit/pelican_internals.py): every Pelican internal our plugins touch is
still what the fence expects, and each wrapper does what it says on a real Pelican object.

When a Pelican upgrade changes one of them, the first test fails with a message naming it,
before any plugin misbehaves in a build."""

import datetime
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from feedgenerator import Atom1Feed, SyndicationFeed
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from kit import pelican_internals as internals


def _article(settings: dict, title: str = "A <b>bold</b> & true title") -> Article:
    metadata = {"title": title, "date": datetime.datetime(2024, 5, 1, 9, 0)}
    return Article("<p>Body.</p>", metadata=metadata, settings=settings, context={})


def _settings(**extra) -> dict:
    return {**DEFAULT_CONFIG, "SITEURL": "https://blog.test", **extra}


def test_pelican_has_not_changed_under_the_fence() -> None:
    problems = internals.problems()
    assert problems == [], (
        "Pelican changed under plugins/kit/pelican_internals.py: "
        + "; ".join(problems)
        + ". Adapt the fence (and only the fence) to the new Pelican."
    )


def test_body_and_summary_are_read_and_replaced() -> None:
    article = _article(_settings())
    assert internals.has_body(article)
    assert internals.body_html(article) == "<p>Body.</p>"
    internals.set_body_html(article, "<p>Edited.</p>")
    internals.set_summary(article, "New summary")
    assert article.content == "<p>Edited.</p>"
    assert article.summary == "New summary"


def test_a_memoized_body_is_forgotten_for_one_article() -> None:
    settings = _settings()
    first, second = _article(settings), _article(settings)
    assert first.get_content("https://blog.test") == "<p>Body.</p>"
    assert second.get_content("https://blog.test") == "<p>Body.</p>"
    internals.set_body_html(first, "<p>Edited.</p>")
    internals.set_body_html(second, "<p>Edited too.</p>")
    internals.forget_memoized(first)
    assert first.get_content("https://blog.test") == "<p>Edited.</p>"
    assert second.get_content("https://blog.test") == "<p>Body.</p>"  # still memoized
    internals.clear_memoized()
    assert second.get_content("https://blog.test") == "<p>Edited too.</p>"


def test_warnings_said_once_are_remembered_and_can_be_forgotten() -> None:
    from pelican.log import LimitFilter

    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "fence %s", ("test",), None)
    assert LimitFilter().filter(record) is True
    assert (logging.WARNING, "fence test") in internals.said_once()
    assert LimitFilter().filter(record) is False  # said once: dropped
    internals.said_once().discard((logging.WARNING, "fence test"))
    assert LimitFilter().filter(record) is True


def test_the_plugin_writer_calls_every_feed_hook(tmp_path: Path) -> None:
    settings = _settings(FEED_DOMAIN="https://blog.test")
    seen = []

    def created(feed, feed_title, context):
        seen.append(("created", feed_title))
        feed.feed["title"] = f"hooked {feed_title}"

    def added(feed, item):
        seen.append(("added", item.title))
        feed.items[-1]["title"] = str(item.title)

    internals.add_feed_hooks(settings, created, added)
    internals.add_feed_hooks(settings, created, added)  # twice: still called once
    writer = internals.PluginWriter(str(tmp_path), settings=settings)
    context = {**settings, "SITENAME": "Blog"}
    writer.write_feed([_article(settings)], context, "feed.atom.xml", feed_title="Tips")
    assert seen == [("created", "Tips"), ("added", "A <b>bold</b> & true title")]
    feed = feedparser.parse((tmp_path / "feed.atom.xml").read_bytes())
    assert feed.feed.title == "hooked Tips"
    assert feed.entries[0].title == "A <b>bold</b> & true title"  # not Pelican's striptags


class _Listing(SyndicationFeed):
    """A made-up feed type: one line per entry."""

    def write(self, outfile, encoding):
        for item in self.items:
            outfile.write(f"{self.feed['title']}|{item['title']}|{item['content']}\n")


class _LangAtom(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xml:lang": "en-GB"}


def test_feed_classes_chosen_per_type_write_pelicans_feed(tmp_path: Path) -> None:
    settings = _settings(FEED_DOMAIN="https://blog.test")
    internals.use_feed_class(settings, "listing", _Listing)
    internals.use_feed_class(settings, "atom", _LangAtom)
    writer = internals.PluginWriter(str(tmp_path), settings=settings)
    context = {**settings, "SITENAME": "Blog"}
    writer.write_feed([_article(settings)], context, "f.txt", feed_type="listing")
    # Pelican's title and entry (its striptags title, the full body of a non-RSS feed).
    assert (tmp_path / "f.txt").read_text() == "Blog|A bold & true title|<p>Body.</p>\n"
    writer.write_feed([_article(settings)], context, "f.atom.xml")
    root = ET.parse(tmp_path / "f.atom.xml").getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    assert feedparser.parse((tmp_path / "f.atom.xml").read_bytes()).entries[0].title


def test_a_writer_subclass_chosen_for_the_run_opens_its_own_files(tmp_path: Path) -> None:
    opened: list[str] = []

    class Recording(internals.PluginWriter):
        def open_output(self, filename, encoding, override):
            opened.append(Path(filename).name)
            return super().open_output(filename, encoding, override)

    settings = _settings(FEED_DOMAIN="https://blog.test")
    pelican = type("P", (), {"settings": settings})()
    assert internals.provide_writer(pelican) is internals.PluginWriter
    internals.use_writer_class(settings, Recording)
    assert internals.provide_writer(pelican) is Recording
    writer = Recording(str(tmp_path), settings=settings)
    writer.write_feed([_article(settings)], {**settings, "SITENAME": "Blog"}, "f.xml")
    assert opened == ["f.xml"]


def test_the_sitemap_clock_is_set_only_when_the_plugin_is_loaded() -> None:
    import importlib
    import sys

    sitemap = importlib.import_module(internals.SITEMAP_MODULE)
    assert sys.modules[internals.SITEMAP_MODULE] is sitemap
    before = sitemap.generator.now
    date = datetime.datetime(2020, 1, 2, 3, 4)
    try:
        internals.set_sitemap_clock(date)
        assert sitemap.generator.now == date
    finally:
        sitemap.generator.now = before
