"""The fence: every use of Pelican's (and pelican-sitemap's) private internals is here.

Pelican's plugin API is its signals and its public classes. A few things our plugins
need are not in it; each is wrapped here, named for what it does, so that the rest of
the code reads public names only. `problems()` checks that every internal still is what
this module expects; tests/kit/test_pelican_internals.py fails with its messages when a
Pelican upgrade changes one, before any feature misbehaves. Pinned: pelican 4.12.0,
pelican-sitemap 1.2.2 (requirements.txt).

What is touched, and why:

- an article's body and summary (`_content`, `_summary`): what plugins rewrite at
  `content_object_init`, as pelican-plugins do;
- Pelican's memoized `get_content`/`get_summary`: a body edited in place (livereload's
  fast path) must not be served from the memo, and the memo keeps every article alive;
- `LimitFilter._raised_messages`: which warnings Pelican has already said once;
- the static generator's `staticfiles` list: the images plugin publishes raster images
  itself (stripped of their metadata), so they are taken out of it;
- `Writer._create_new_feed` and `_add_item_to_the_feed`: where a feed and each entry
  are made (the feeds plugin keeps titles as typed, and writes its own feed classes:
  Media RSS covers, WebSub hubs, JSON Feed), `_open_w` and `_written_files`: where the
  incremental writer skips a page;
- `Pelican._get_writer`: the writer a full build would use (the fast path writes again);
- the Markdown reader's `_parse_metadata`, `_md` and `_source_path`: the strict reader
  converts with its own Markdown instances and lets Pelican parse the metadata;
- the text of three of Pelican's log messages, which the one-line build log rewrites;
- pelican-sitemap's clock (`generator.now`), the `lastmod` of listing pages.
"""

import importlib
import inspect
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any

from feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from markdown import Markdown
from pelican import Pelican
from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.readers import MarkdownReader
from pelican.writers import FileOverwriteFailedError, Writer

from .run_state import state_of

logger = logging.getLogger(__name__)

# Pelican's log messages that the strict plugin's build log rewrites into one line.
COULD_NOT_PROCESS = "Could not process %s"  # generators.py, a source it could not read
DUPLICATES = "There are %s items"  # utils.py, duplicate slugs (one path per line)
FATAL_REPEAT = "Warning or error encountered"  # log.py, raised after a fatal message


# --- Content objects ---------------------------------------------------------------------

# The private attributes of a content object (what describes it lives elsewhere).
CONTENT_INTERNALS = frozenset({"_content", "_summary", "_context"})


def body_html(content: Content) -> str:
    """The body HTML as read, before Pelican replaces `{filename}` links (`_content`)."""
    return getattr(content, "_content", None) or ""


def set_body_html(content: Content, html: str) -> None:
    content._content = html


def has_body(content: object) -> bool:
    """Whether `content` carries a body string (articles and pages do, static files not)."""
    return isinstance(getattr(content, "_content", None), str)


def set_summary(content: Content, summary: str) -> None:
    """Replace the summary metadata, where Pelican reads it (and `_summary`, which Pelican
    writes back over it when it refreshes links after `all_generators_finalized`)."""
    content.metadata["summary"] = summary
    content._summary = summary


def generator_context(content: Content) -> dict:
    """The context of the generator that made `content` (Pelican keeps it as `_context`)."""
    return content._context


def _memos() -> list:
    return [Content.__dict__["get_content"], Content.__dict__["get_summary"]]


def forget_memoized(content: Content) -> None:
    """Drop Pelican's memoized body and summary of `content` (its body changed in place)."""
    for memo in _memos():
        for key in [key for key in memo.cache if key and key[0] is content]:
            del memo.cache[key]


def forget_body(content: Content, siteurls: set[str]) -> None:
    """Drop Pelican's memoized body of `content` for these site URLs (no scan of the memo:
    a full build calls this once per page)."""
    cache = Content.__dict__["get_content"].cache
    for siteurl in siteurls:
        cache.pop((content, siteurl), None)


def clear_memoized() -> None:
    """Pelican memoizes bodies and summaries per content object for the life of the
    process: a long-lived process (livereload) would keep every build's articles."""
    for memo in _memos():
        memo.cache.clear()


# --- Logging -----------------------------------------------------------------------------


def said_once() -> set:
    """The warnings Pelican's LimitFilter has let through once (it drops repeats)."""
    return LimitFilter._raised_messages


# --- Writing ---------------------------------------------------------------------------

_FEED_HOOKS = "writer:feed_hooks"
_FEED_CLASSES = "writer:feed_classes"
_WRITER_CLASS = "writer:class"
FeedCreated = Callable[[Any, str | None, dict], None]  # (feed, feed_title, context)
EntryAdded = Callable[[Any, Content], None]  # (feed, the content its last entry is for)


class PluginWriter(Writer):
    """Pelican's Writer with public hooks, so that several plugins can adjust the writing
    while Pelican uses one Writer class (the first a `get_writer` receiver returns).

    Plugins add feed hooks (`add_feed_hooks`); one plugin may choose a subclass for the
    run (`use_writer_class`), which overrides `open_output`.
    """

    def open_output(self, filename: str, encoding: str, override: bool):
        """Open `filename` for writing (override to write elsewhere, or nowhere)."""
        return super()._open_w(filename, encoding, override)

    def count_as_written(self, filename: str) -> None:
        """Let Pelican treat `filename` as written in this build (it was left unchanged)."""
        self._written_files.add(filename)

    def claim_output(self, filename: str, override: bool) -> None:
        """Do Pelican's bookkeeping of opening `filename` (`_open_w`: the same refusals and
        messages), without opening it: another process writes it."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it '
                    "previously (set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)

    def _open_w(self, filename, encoding, override=False):
        return self.open_output(filename, encoding, override)

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        feed_class = state_of(self.settings).get(_FEED_CLASSES, {}).get(feed_type)
        if feed_class is not None:
            feed = recast_feed(feed, feed_class)
        for created, _added in state_of(self.settings).get(_FEED_HOOKS, ()):
            created(feed, feed_title, context)
        return feed

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        for _created, added in state_of(self.settings).get(_FEED_HOOKS, ()):
            added(feed, item)


def add_feed_hooks(settings: dict, created: FeedCreated, added: EntryAdded) -> None:
    """Call `created` on every feed this run makes, `added` after each of its entries."""
    hooks = state_of(settings).part(_FEED_HOOKS, list)
    if (created, added) not in hooks:
        hooks.append((created, added))


def use_feed_class(settings: dict, feed_type: str, feed_class: type[SyndicationFeed]) -> None:
    """Write this run's feeds of `feed_type` ("atom", "rss", or a new one such as "json",
    which `Writer.write_feed(..., feed_type=...)` then accepts) as `feed_class`."""
    state_of(settings).part(_FEED_CLASSES, dict)[feed_type] = feed_class


def recast_feed(feed: SyndicationFeed, feed_class: type[SyndicationFeed]) -> SyndicationFeed:
    """The feed Pelican made, as a `feed_class`. Pelican picks Atom1Feed or Rss201rev2Feed
    itself; a feedgenerator feed keeps all its state in `feed` and `items` (checked below),
    so the same title, links and entries move to the other class."""
    recast = feed_class.__new__(feed_class)
    recast.feed, recast.items = feed.feed, feed.items
    return recast


def use_writer_class(settings: dict, writer_class: type[PluginWriter]) -> None:
    """Write this run with `writer_class` (a PluginWriter, so the feed hooks still apply)."""
    state_of(settings).put(_WRITER_CLASS, writer_class)


def provide_writer(pelican: Pelican) -> type[Writer]:
    """`get_writer` receiver (every plugin that writes connects this one function)."""
    return state_of(pelican.settings).get(_WRITER_CLASS) or PluginWriter


def build_writer(pelican: Pelican) -> Writer:
    """The writer Pelican's own build would use (plugins may provide it: `get_writer`)."""
    return pelican._get_writer()


# --- Static files ------------------------------------------------------------------------


def unpublish_static_files(generator, taken) -> None:
    """Take the static files for which `taken(static)` is true out of what Pelican's static
    generator copies (its `staticfiles`, the list its context shares); they stay in
    `static_content`, so links to them still resolve."""
    kept = [static for static in generator.staticfiles if not taken(static)]
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


# --- Reading -----------------------------------------------------------------------------


class MarkdownReaderBase(MarkdownReader):
    """Pelican's Markdown reader, with public names for the internals a subclass needs."""

    def start_source(self, source_path: str, fields_parser: Markdown) -> None:
        """Before parsing a file's metadata: the file (for Pelican's messages) and the
        Markdown instance Pelican converts formatted fields (Summary) with."""
        self._source_path = source_path
        self._md = fields_parser

    def parse_metadata(self, meta: dict) -> dict:
        """Pelican's conversion of the meta extension's lines into metadata values."""
        return self._parse_metadata(meta)


# --- pelican-sitemap ---------------------------------------------------------------------


SITEMAP_MODULE = "pelican.plugins.sitemap.sitemap"


def set_sitemap_clock(now: Any) -> None:
    """The date pelican-sitemap gives pages that are neither articles nor pages (when the
    sitemap plugin is loaded)."""
    generator = getattr(sys.modules.get(SITEMAP_MODULE), "generator", None)
    if generator is not None:
        generator.now = now


# --- The check ---------------------------------------------------------------------------


def problems() -> list[str]:
    """What no longer is as this module expects; [] while Pelican has not changed under it."""
    return [problem for check in _CHECKS for problem in check()]


def _content_checks() -> Iterator[str]:
    for name in ("get_content", "get_summary"):
        memo = Content.__dict__.get(name)
        if not isinstance(getattr(memo, "cache", None), dict):
            yield f"Content.{name} is no longer memoized with a .cache dict"
    for name in ("_content", "_summary", "_context"):
        if f"self.{name}" not in inspect.getsource(Content):
            yield f"Content no longer keeps self.{name}"


def _logging_checks() -> Iterator[str]:
    if not isinstance(getattr(LimitFilter, "_raised_messages", None), set):
        yield "LimitFilter._raised_messages is no longer a set"
    import pelican.generators
    import pelican.log
    import pelican.utils

    for module, text in (
        (pelican.generators, COULD_NOT_PROCESS),
        (pelican.utils, DUPLICATES),
        (pelican.log, FATAL_REPEAT),
    ):
        if text not in inspect.getsource(module):
            yield f"{module.__name__} no longer logs {text!r}"


def _writer_checks() -> Iterator[str]:
    expected = {
        "_open_w": ["self", "filename", "encoding", "override"],
        "_create_new_feed": ["self", "feed_type", "feed_title", "context"],
        "_add_item_to_the_feed": ["self", "feed", "item"],
    }
    for name, wanted in expected.items():
        method = getattr(Writer, name, None)
        parameters = list(inspect.signature(method).parameters) if method else None
        if parameters != wanted:
            yield f"Writer.{name} takes {parameters}, not {wanted}"
    if "self._create_new_feed(" not in inspect.getsource(Writer.write_feed):
        yield "Writer.write_feed no longer makes its feed with _create_new_feed"
    source = inspect.getsource(Writer._open_w)
    for kept in ("self._written_files", "self._overridden_files", "FileOverwriteFailedError"):
        if kept not in source:
            yield f"Writer._open_w no longer uses {kept} (PluginWriter.claim_output mirrors it)"
    if "self._open_w(" not in inspect.getsource(Writer.write_file):
        yield "Writer.write_file no longer opens its file through _open_w"
    if not callable(getattr(Pelican, "_get_writer", None)):
        yield "Pelican._get_writer is gone"


def _feed_class_checks() -> Iterator[str]:
    """What `use_feed_class` relies on: the feed object Pelican made writes itself, and
    all of a feedgenerator feed's state moves with `feed` and `items` (recast_feed)."""
    if "feed.write(" not in inspect.getsource(Writer.write_feed):
        yield "Writer.write_feed no longer writes the feed with its own feed.write()"
    for feed_class in (Atom1Feed, Rss201rev2Feed):
        state = set(vars(feed_class(title="t", link="l", description="d")))
        if state != {"feed", "items"}:
            yield f"{feed_class.__name__} keeps {sorted(state)}, not only feed and items"


def _static_checks() -> Iterator[str]:
    from pelican.generators import StaticGenerator

    if 'self.context["staticfiles"]' not in inspect.getsource(StaticGenerator.generate_output):
        yield "StaticGenerator.generate_output no longer copies context['staticfiles']"
    if "self.staticfiles" not in inspect.getsource(StaticGenerator.generate_context):
        yield "StaticGenerator.generate_context no longer fills self.staticfiles"


def _reader_checks() -> Iterator[str]:
    source = inspect.getsource(MarkdownReader._parse_metadata)
    if "self._md" not in source or "self._source_path" not in source:
        yield "MarkdownReader._parse_metadata no longer uses self._md and self._source_path"


def _sitemap_checks() -> Iterator[str]:
    try:
        module = importlib.import_module(SITEMAP_MODULE)
    except ImportError:
        yield f"{SITEMAP_MODULE} is gone (pelican-sitemap is in requirements.txt)"
        return
    if not hasattr(getattr(module, "generator", None), "now"):
        yield "pelican-sitemap's generator no longer has a `now` clock"


_CHECKS = (
    _content_checks,
    _logging_checks,
    _writer_checks,
    _feed_class_checks,
    _static_checks,
    _reader_checks,
    _sitemap_checks,
)
