"""`invoke livereload`'s fast path: after a body edit, render from the last build's model.

Pelican builds from scratch every time: it reads every source again (its content
cache skips only the Markdown), recreates every article, runs every plugin over
all of them, and our incremental writer keys every page again. On a blog of 1,000
articles that is most of a 3-4 s rebuild, for an edit of one article's text.

So the livereload process keeps the last build's Pelican object and generators.
When the only files changed since are sources of published articles, and reading
them again gives the same everything but the body (title, date, tags, slug,
status, summary, static links...), the rebuild:

1. reads those files again with Pelican's readers (the same reader signals and
   checks run), and puts the new body, word count and reading time into the
   existing article objects, so every list and neighbour that holds them sees it;
2. recomputes what the plugin derives from a body (`_refresh`);
3. runs Pelican's write phase and `finalized` again through the incremental
   writer, whose fingerprints forget the edited articles and the pages that show
   them as cards (Fingerprinter.forget), and so renders only the pages that change.

Anything else is a full rebuild: an added, deleted or renamed file, a metadata
edit, a draft, a page, a static file, a template, the settings or a plugin. The
signals a full build sends and the fast path does not are listed in
`FULL_BUILD_SIGNALS`; every receiver connected to them must be in `RECEIVERS`,
which says why a body edit cannot change its result or where `_refresh` redoes
it. A receiver not listed there (a plugin added to PLUGINS) turns the fast path
off, so it can be slower, never stale. tests/test_incremental.py checks after
each fast rebuild that the output is byte-identical to a clean build.
"""

import contextlib
import datetime
import fnmatch
import logging
import os
import re
import time
import weakref
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.log import LimitFilter, console
from pelican.urlwrappers import URLWrapper

from . import content_checks, incremental, reading_aids, seo

logger = logging.getLogger(__name__)

# What a body edit may change on an article as Pelican and content_object_init make it.
BODY_ATTRIBUTES = frozenset({"_content", "word_count", "reading_time"})

FULL_BUILD_SIGNALS = (
    "initialized",
    "readers_init",
    "generator_init",
    "article_generator_init",
    "article_generator_pretaxonomy",
    "article_generator_finalized",
    "page_generator_init",
    "page_generator_preread",
    "page_generator_context",
    "page_generator_finalized",
    "static_generator_init",
    "static_generator_preread",
    "static_generator_context",
    "static_generator_finalized",
    "all_generators_finalized",
)

# Receiver (module.qualname) -> why the fast path may skip it.
RECEIVERS = {
    "engage.build_log.remember_content_root": "settings only",
    "engage.engagement.initialize": "settings only",
    "engage.live.start": "full builds only",
    "engage.live.remember_generators": "full builds only",
    "engage.source_checks.use_checked_reader": "the readers are kept",
    "engage.parallel_read.start": "off with the content cache, which livereload uses",
    "engage.parallel_read.stop": "off with the content cache, which livereload uses",
    "engage.output_checks.check_output_paths": "output paths come from metadata",
    "engage.cover.attach_cover_images": "Cover and Cover_alt metadata",
    "engage.social_cards.attach_social_images": (
        "title, category and site name; the cards stay pending for `finalized`"
    ),
    "engage.content_checks.check_static_links": "redone by _refresh",
    "engage.content_checks.check_internal_links": "redone by _refresh",
    "engage.content_lint.lint_articles": "title and Summary metadata",
    "engage.reading_aids.attach_reading_aids": (
        "related and series come from tags and metadata; the contents are redone by _refresh"
    ),
    "engage.engagement.attach_engagement": "URL, title, tags and metadata",
    "engage.seo.attach_seo": "redone by _refresh (the description comes from the summary)",
    "engage.search_index.remember_searchable": "the list of published files",
    "engage.sitemap_dates.date_listings_by_newest_article": "dates",
    "pelican.plugins.neighbors.neighbors.neighbors": "dates and categories",
}


@dataclass
class Session:
    """The last build's model, kept for the next rebuild."""

    pelican: object
    generators: list
    stamps: dict[str, tuple]

    @property
    def articles_generator(self) -> ArticlesGenerator:
        return next(g for g in self.generators if isinstance(g, ArticlesGenerator))


_session: Session | None = None
_building: tuple[object, dict] | None = None  # a full build under way: (pelican, stamps)
_generators: list | None = None
FAST_REBUILDS = 0  # how many rebuilds took the fast path (live_builder.py reports it)


def start(pelican) -> None:
    """`initialized` receiver: a full build starts; note the sources before it reads them."""
    global _session, _building, _generators
    _session, _building, _generators = None, None, None
    if pelican.settings.get("ENGAGE_INCREMENTAL"):
        _forget_pelican_memos()  # the last build's articles: no longer used
        _building = (pelican, source_stamps(pelican.settings))


def remember_generators(generators: list) -> None:
    """`all_generators_finalized` receiver: the generators of the full build under way."""
    global _generators
    if _building is not None:
        _generators = generators


def keep(pelican) -> None:
    """`finalized` receiver: a full build succeeded; keep its model for the next rebuild."""
    global _session, _building
    if _building is not None and _building[0] is pelican and _generators is not None:
        _session = Session(pelican, _generators, _building[1])
    _building = None


def forget() -> None:
    """No fast path for the next rebuild (its request differs from the last one)."""
    global _session
    _session = None


def rebuild() -> bool:
    """Rebuild with the fast path if it applies; False when a full build is needed."""
    global _session, FAST_REBUILDS
    session, _session = _session, None  # gone unless this rebuild succeeds
    if session is None or _unlisted_receivers() or _needs_full_build(session):
        return False
    started = time.perf_counter()
    stamps = source_stamps(session.pelican.settings)
    changed = sorted(
        path
        for path in stamps.keys() | session.stamps.keys()
        if stamps.get(path) != session.stamps.get(path)
    )
    with _held_logs() as held:
        edits = _body_edits(session, changed)
        if edits is not None:
            held.replay()
    if edits is None:  # the full build reads and reports everything itself
        logger.debug("livereload fast path off: not a body edit of articles: %s", changed)
        return False
    try:
        for old, new in edits:
            _apply(old, new)
        _write(session, [old for old, _new in edits])
    except Exception:  # the model may be half updated: the full build starts again and
        logger.debug("livereload fast path failed", exc_info=True)  # reports the error
        return False
    _session = Session(session.pelican, session.generators, stamps)
    FAST_REBUILDS += 1
    names = ", ".join(os.path.basename(path) for path in changed) or "no file"
    console.print(  # as Pelican says "Done: Processed ... articles"
        f"Done: body edit of {names}, {incremental.MEMORY.rendered} pages rendered "
        f"in {time.perf_counter() - started:.2f} seconds."
    )
    return True


def source_stamps(settings: dict) -> dict[str, tuple]:
    """(size, mtime, ctime, inode) of every file a build reads: content, theme, plugins,
    and the Python files (settings, and what they import) in the current folder, where
    `invoke` runs.

    Left out: Python's bytecode caches (written while a build imports a module) and
    the files Pelican ignores (IGNORE_FILES: an editor's swap file, say).
    """
    stamps = {}
    patterns = settings.get("IGNORE_FILES") or []
    ignored = re.compile("|".join(map(fnmatch.translate, patterns)) if patterns else "(?!)")
    roots = [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", [])]
    for root in roots:
        for folder, dirs, files in os.walk(os.path.abspath(root), followlinks=True):
            dirs[:] = [name for name in dirs if name != "__pycache__"]
            for name in files:
                if not ignored.match(name):
                    _stamp(os.path.join(folder, name), stamps)
    for entry in os.scandir(os.getcwd()):
        if entry.name.endswith(".py") and entry.is_file():
            _stamp(entry.path, stamps)
    return stamps


def _stamp(path: str, stamps: dict) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        return
    stamps[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _needs_full_build(session: Session) -> bool:
    """A source that failed (the full build repeats its error until it is fixed), or a
    draft whose date has come (Pelican publishes it when it reads it: WITH_FUTURE_DATES)."""
    generator = session.articles_generator
    if any(value is None for value in generator.context["generated_content"].values()):
        return True
    if generator.settings.get("WITH_FUTURE_DATES", True):
        return False
    drafts = [*generator.drafts, *getattr(generator, "drafts_translations", [])]
    return any(_has_come(draft.date) for draft in drafts if hasattr(draft, "date"))


def _has_come(date: datetime.datetime) -> bool:
    """As Pelican's Article decides whether it is dated in the future."""
    if date.tzinfo is None:
        return date <= datetime.datetime.now()
    return date <= datetime.datetime.now(datetime.UTC)


def _body_edits(session: Session, changed: list[str]) -> list[tuple] | None:
    """(article, its new reading) per changed file, or None if this is not a body edit."""
    generator = session.articles_generator
    published = {a.source_path: a for a in [*generator.articles, *generator.translations]}
    edits = []
    for path in changed:
        old = published.get(path)
        if old is None:
            return None
        try:  # a broken file or, with --fatal, any warning: the full build reports it
            new = _read_again(generator, old)
            if not _same_but_body(old, new):
                return None
        except Exception:
            return None
        edits.append((old, new))
    return edits


def _read_again(generator: ArticlesGenerator, article: Content) -> Content:
    """The article read from its source again, as ArticlesGenerator.generate_context does."""
    return generator.readers.read_file(
        base_path=generator.path,
        path=article.relative_source_path,
        content_class=type(article),
        context=generator.context,
        preread_signal=signals.article_generator_preread,
        preread_sender=generator,
        context_signal=signals.article_generator_context,
        context_sender=generator,
    )


def _same_but_body(old: Content, new: Content) -> bool:
    """True when `new` differs from `old` in BODY_ATTRIBUTES only (and links no new file)."""
    if not new.is_valid():
        return False
    known = vars(old)
    for name, value in vars(new).items():
        if name in BODY_ATTRIBUTES:
            continue
        if name not in known or not _identical(known[name], value):
            return False
    return old.get_static_links() == new.get_static_links()


def _identical(old: object, new: object) -> bool:
    """Equal as a page shows them. Pelican's own `==` is too lenient here: tags,
    categories and authors compare by slug (`Relocation` == `relocation`), dates by
    instant (16:00-05:00 == 21:00+00:00)."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    if isinstance(old, list | tuple):
        return len(old) == len(new) and all(map(_identical, old, new))
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(_identical(old[k], new[k]) for k in old)
    if isinstance(old, URLWrapper):
        return (old.name, old.slug) == (new.name, new.slug)
    if isinstance(old, datetime.datetime):
        return (old.isoformat(), old.tzname()) == (new.isoformat(), new.tzname())
    return old == new


def _apply(old: Content, new: Content) -> None:
    """Put the new body into the article every list and page already holds."""
    for name in BODY_ATTRIBUTES & vars(new).keys():
        setattr(old, name, getattr(new, name))
    for memo in _pelican_memos():
        for key in [key for key in memo.cache if key and key[0] is old]:
            del memo.cache[key]


class _HeldLogs(logging.Handler):
    """Log records kept back while the fast path finds out whether it applies."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.handlers: list[logging.Handler] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def replay(self) -> None:
        for record in self.records:
            for handler in self.handlers:
                if record.levelno >= handler.level:
                    handler.handle(record)
        self.records.clear()


@contextlib.contextmanager
def _held_logs():
    """Keep what reading the changed files logs: said once if the fast path goes on,
    never if it falls back (the full build reads those files again and says it).

    Pelican says a warning once per process (its LimitFilter remembers each one it
    let through): what it remembered meanwhile is forgotten again unless `replay`d,
    or the full build would not say, nor with --fatal fail on, those warnings.
    """
    root = logging.getLogger()
    held = _HeldLogs()
    held.handlers = root.handlers[:]
    said = set(getattr(LimitFilter, "_raised_messages", ()))
    root.handlers[:] = [held]
    try:
        yield held
    finally:
        root.handlers[:] = held.handlers
        if held.records:  # not replayed: forget them
            getattr(LimitFilter, "_raised_messages", set()).intersection_update(said)


def _refresh(article: Content, context: dict) -> None:
    """Redo what the plugin derives from an article's body (see RECEIVERS)."""
    reading_aids.attach_toc(article)
    content_checks.warn_missing_static_files(article)
    content_checks.warn_broken_links(article, context)
    article.seo = seo.seo_for(article, *seo.site_identity(context))


def _write(session: Session, changed: list[Content]) -> None:
    """Pelican.run's write phase, after refreshing the edited articles."""
    for article in changed:
        _refresh(article, article._context)
    incremental.reuse_fingerprints(changed)
    signals.get_generators.send(session.pelican)  # the sitemap plugin starts its queue there
    writer = session.pelican._get_writer()
    for generator in session.generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)
    signals.finalized.send(session.pelican)


def _unlisted_receivers() -> list[str]:
    """Receivers of full-build signals that RECEIVERS does not vouch for."""
    unlisted = []
    for name in FULL_BUILD_SIGNALS:
        for receiver in getattr(signals, name).receivers.values():
            function = receiver() if isinstance(receiver, weakref.ref) else receiver
            qualified = f"{function.__module__}.{function.__qualname__}"
            if qualified not in RECEIVERS:
                unlisted.append(qualified)
    if unlisted:
        logger.debug("livereload fast path off: unlisted receivers %s", unlisted)
    return unlisted


def _pelican_memos() -> list:
    """Pelican's memoized Content.get_content and get_summary (class-level caches)."""
    return [Content.__dict__["get_content"], Content.__dict__["get_summary"]]


def _forget_pelican_memos() -> None:
    """Pelican memoizes bodies and summaries per content object for the life of the
    process, so a livereload session would keep every build's articles alive."""
    for memo in _pelican_memos():
        memo.cache.clear()
