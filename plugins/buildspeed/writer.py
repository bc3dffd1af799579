"""The incremental writer: pages and feeds rendered only when their inputs changed.

Chosen for the run (kit.pelican_internals.use_writer_class) when BUILDSPEED_INCREMENTAL
is on; it extends the kit's PluginWriter, so every other plugin's writer hooks apply.
Pelican's `write_file` renders and writes in a nested function, so the skip happens in
two places: the template is wrapped so that rendering an unchanged page returns
nothing, and opening that page's file opens nothing (`open_output`).
"""

from collections.abc import Callable

from pelican.utils import sanitised_join

from kit.pelican_internals import PluginWriter

from . import incremental


class IncrementalWriter(PluginWriter):
    """PluginWriter that skips pages and feeds whose key (incremental.py) is unchanged."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        digest = incremental.settings_digest(self.settings)
        self._keys = incremental.BuildKeys(digest, incremental.build_fingerprints())
        self._keep: set[str] = set()
        incremental.start_build()

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return None
        proxy = RenderedBy(template, self.render_or_skip)
        return super().write_file(name, proxy, context, *args, **kwargs)

    def render_or_skip(self, template, localcontext: dict) -> str:
        path = sanitised_join(self.output_path, localcontext["output_file"])
        key = self._keys.page_key(template, localcontext, localcontext["output_file"])
        if incremental.unchanged(path, key):
            self._keep.add(path)
            return ""
        incremental.will_write(path, key)
        return template.render(localcontext)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom", *args, **kw):
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, *args, **kw)
        full_path = sanitised_join(self.output_path, path)
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        key = self._keys.feed_key(items, f"{path}|{url}|{feed_type}|{args}|{kw}")
        if incremental.unchanged(full_path, key):
            self.count_as_written(full_path)
            return None
        feed = super().write_feed(elements, context, path, url, feed_type, *args, **kw)
        incremental.will_write(full_path, key)
        return feed

    def open_output(self, filename: str, encoding: str, override: bool):
        if filename in self._keep:
            self._keep.discard(filename)
            self.count_as_written(filename)
            return Discard()
        return super().open_output(filename, encoding, override)


class Discard:
    """What an unchanged page is "written" to: nothing is opened."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        return None

    def write(self, text: str) -> int:
        return len(text)


class RenderedBy:
    """A Jinja template whose `render` goes through `render(template, localcontext)`, which
    may render it or return "" (Pelican's `write_file` renders through the template it is
    given, then opens the file: the writers that skip a page wrap the template in this)."""

    def __init__(self, template, render: Callable[[object, dict], str]) -> None:
        self._template, self._render = template, render

    def render(self, localcontext: dict) -> str:
        return self._render(self._template, localcontext)

    def __getattr__(self, name: str):
        return getattr(self._template, name)
