"""Our Writer, provided through Pelican's `get_writer` signal.

Feeds whose titles are the author's text, and (with `ENGAGE_INCREMENTAL`) pages
rendered only when their inputs changed (incremental.py).
"""

from markupsafe import Markup
from pelican.utils import sanitised_join
from pelican.writers import Writer

from . import incremental
from .fingerprint import LISTED, short_digest


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


class IncrementalWriter(EngageWriter):
    """EngageWriter that skips pages and feeds whose key (incremental.py) is unchanged.

    Pelican's `write_file` renders and writes in a nested function, so the skip
    happens in two places: the template is wrapped so that rendering an unchanged
    page returns nothing, and opening that page's file opens /dev/null instead.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        digest = incremental.settings_digest(self.settings)
        self._keys = incremental.BuildKeys(digest, incremental.build_fingerprints())
        self._keep: set[str] = set()
        incremental.start_build()

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return None
        proxy = _SkippingTemplate(template, self)
        return super().write_file(name, proxy, context, *args, **kwargs)

    def render_or_skip(self, template, localcontext: dict) -> str:
        path = sanitised_join(self.output_path, localcontext["output_file"])
        key = self._keys.page_key(template, localcontext, localcontext["output_file"])
        if incremental.unchanged(path, key):
            self._keep.add(path)
            return ""
        incremental.MEMORY.pending[path] = key
        return template.render(localcontext)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", *args, **kw):
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, *args, **kw)
        full_path = sanitised_join(self.output_path, path)
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        described = self._keys.fingerprints.describe(list(items), LISTED)
        extra = f"{path}|{url}|{feed_type}|{args}|{kw}|{described}"
        key = short_digest(self._keys.settings_digest + extra)
        if incremental.unchanged(full_path, key):
            self._written_files.add(full_path)
            return None
        feed = super().write_feed(elements, context, path, url, feed_type, *args, **kw)
        incremental.MEMORY.pending[full_path] = key
        return feed

    def _open_w(self, filename, encoding, override=False):
        if filename in self._keep:
            self._keep.discard(filename)
            self._written_files.add(filename)
            return _Discard()
        return super()._open_w(filename, encoding, override)


class _Discard:
    """What an unchanged page is "written" to: nothing is opened."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def write(self, text: str) -> int:
        return len(text)


class _SkippingTemplate:
    """A Jinja template whose `render` asks the writer first."""

    def __init__(self, template, writer: IncrementalWriter) -> None:
        self._template, self._writer = template, writer

    def render(self, localcontext: dict) -> str:
        return self._writer.render_or_skip(self._template, localcontext)

    def __getattr__(self, name: str):
        return getattr(self._template, name)


def get_writer(pelican) -> type[Writer]:
    """`get_writer` receiver: the Writer class Pelican uses for every file and feed."""
    if pelican.settings.get("ENGAGE_INCREMENTAL"):
        return IncrementalWriter
    return EngageWriter
