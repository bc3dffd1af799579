"""Feed titles as plain text, as everywhere else on the site.

Why: Pelican 4.12 treats a title as HTML in feeds, `Markup(item.title).striptags()`,
so the title `Why <script> tags slow pages down` reads "Why tags slow pages down" in a
feed reader, `&amp;` turns into `&`, and a `<!--` swallows the rest of the title. Our
templates autoescape titles (they are text, shown as typed), so a feed has to say the
same thing. Category and tag feeds have the same problem with the category or tag
name in the feed's own title.

How: Pelican builds the feed and each entry as usual; these writer hooks
(kit.pelican_internals.add_feed_hooks) then replace the title it computed by the exact
text (feedgenerator escapes it when it writes the XML). The site name keeps Pelican's
treatment: it is a setting, which some sites write with markup.
tests/site/test_hostile_content.py fails if Pelican's behaviour changes.
"""

from markupsafe import Markup
from pelican.contents import Content


def title_feed(feed, feed_title: str | None, context: dict) -> None:
    """A category, tag or author feed: the site name, then that name as typed."""
    if feed_title:
        site = Markup(context["SITENAME"]).striptags()
        feed.feed["title"] = f"{site} - {feed_title}"


def title_entry(feed, item: Content) -> None:
    """The entry just added: the article's title as typed."""
    feed.items[-1]["title"] = str(item.title)
