"""Feeds whose titles are the author's text, provided through Pelican's `get_writer` signal."""

from markupsafe import Markup
from pelican.writers import Writer


class EngageWriter(Writer):
    """Pelican's Writer, except that feed titles are plain text, as everywhere else.

    Why: Pelican 4.12 treats a title as HTML in feeds, `Markup(item.title).striptags()`,
    so the title `Why <script> tags slow pages down` reads "Why tags slow pages down" in
    a feed reader, `&amp;` turns into `&`, and a `<!--` swallows the rest of the title.
    Our templates autoescape titles (they are text, shown as typed), so a feed has to
    say the same thing. Category and tag feeds have the same problem with the category
    or tag name in the feed's own title.

    How: the smallest override that works. Pelican builds the feed and each item as
    usual; the title it computed is then replaced by the exact text (feedgenerator
    escapes it when it writes the XML). The site name keeps Pelican's treatment: it
    is a setting, which some sites write with markup. Both methods are private in
    Pelican; tests/test_hostile_content.py fails if their behaviour changes.
    """

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        if feed_title:
            site = Markup(context["SITENAME"]).striptags()
            feed.feed["title"] = f"{site} - {feed_title}"
        return feed

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        feed.items[-1]["title"] = str(item.title)


def get_writer(pelican) -> type[Writer]:
    """`get_writer` receiver: the Writer class Pelican uses for every file and feed."""
    return EngageWriter
