"""`invoke livereload`'s fast path: after a body edit, render from the last build's model.

Pelican builds from scratch every time: it reads every source again (its content
cache skips only the Markdown), recreates every article, runs every plugin over
all of them, and our incremental writer keys every page again. On a blog of 1,000
articles that is most of a 3-4 s rebuild, for an edit of one article's text.

So the livereload process keeps the last build's Pelican object and generators
(session.Model). When the only files changed since are sources of published
articles, and reading them again gives the same everything but the body (title,
date, tags, slug, status, summary, static links...), the rebuild:

1. reads those files again with Pelican's readers (the same reader signals and
   checks run), and puts the new body into the existing article objects, so every
   list and neighbour that holds them sees it (body_edits.py);
2. redoes, for each edited article, what the features derive from a body: each
   feature marked its receivers with what to redo (kit.fast_path, receivers.py);
3. runs Pelican's write phase and `finalized` again through the incremental
   writer, whose fingerprints forget the edited articles and the pages that show
   them as cards (Fingerprinter.forget), and so renders only the pages that change.

Anything else is a full rebuild: an added, deleted or renamed file, a metadata
edit, a draft, a page, a static file, a template, the settings or a plugin. A
receiver of the signals the fast path skips that no feature marked (a plugin added
to PLUGINS) turns the fast path off, so it can be slower, never stale.
tests/buildspeed/test_incremental.py checks after each fast rebuild that the output
is byte-identical to a clean build.
"""

import fnmatch
import logging
import os
import re
import sys
import time

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.log import console

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import build_writer, clear_memoized, generator_context
from kit.run_state import state_of

from . import incremental, receivers
from .body_edits import apply, body_edits, has_come
from .held_logs import held_logs
from .session import SESSION, Model
from .settings import incremental as incremental_on

logger = logging.getLogger(__name__)
_STAMPS = "buildspeed:stamps"  # run state: the sources as the full build under way found them
_GENERATORS = "buildspeed:generators"


@unaffected_by_body("full builds only")
def start(pelican) -> None:
    """`initialized` receiver: a full build starts; note the sources before it reads them."""
    SESSION.model = None
    if incremental_on(pelican.settings):
        clear_memoized()  # the last build's articles: no longer used
        state_of(pelican.settings).put(_STAMPS, source_stamps(pelican.settings))


@unaffected_by_body("full builds only")
def remember_generators(generators: list) -> None:
    """`all_generators_finalized` receiver: the generators of the full build under way."""
    if generators:
        state_of(generators[0].settings).put(_GENERATORS, generators)


def keep(pelican) -> None:
    """`finalized` receiver: a full build succeeded; keep its model for the next rebuild."""
    state = state_of(pelican.settings)
    stamps, generators = state.drop(_STAMPS), state.drop(_GENERATORS)
    if stamps is not None and generators is not None:
        # Modules the build imported (a Markdown extension loads when Markdown does).
        stamps.update({p: s for p, s in _module_stamps().items() if p not in stamps})
        SESSION.model = Model(pelican, generators, stamps)


def forget() -> None:
    """No fast path for the next rebuild (its request differs from the last one)."""
    SESSION.model = None


def rebuild() -> bool:
    """Rebuild with the fast path if it applies; False when a full build is needed."""
    model, SESSION.model = SESSION.model, None  # gone unless this rebuild succeeds
    if model is None or receivers.unmarked_receivers() or _needs_full_build(model):
        return False
    started = time.perf_counter()
    stamps = source_stamps(model.pelican.settings)
    changed = sorted(
        path
        for path in stamps.keys() | model.stamps.keys()
        if stamps.get(path) != model.stamps.get(path)
    )
    with held_logs() as held:
        edits = body_edits(_articles_generator(model), changed)
        if edits is not None:
            held.replay()
    if edits is None:  # the full build reads and reports everything itself
        logger.debug("livereload fast path off: not a body edit of articles: %s", changed)
        return False
    try:
        for old, new in edits:
            apply(old, new)
        _write(model, [old for old, _new in edits])
    except Exception:  # the model may be half updated: the full build starts again and
        logger.debug("livereload fast path failed", exc_info=True)  # reports the error
        return False
    SESSION.model = Model(model.pelican, model.generators, stamps)
    SESSION.fast_rebuilds += 1
    names = ", ".join(os.path.basename(path) for path in changed) or "no file"
    console.print(  # as Pelican says "Done: Processed ... articles"
        f"Done: body edit of {names}, {SESSION.memory.rendered} pages rendered "
        f"in {time.perf_counter() - started:.2f} seconds."
    )
    return True


def _articles_generator(model: Model) -> ArticlesGenerator:
    return next(g for g in model.generators if isinstance(g, ArticlesGenerator))


def _needs_full_build(model: Model) -> bool:
    """A source that failed (the full build repeats its error until it is fixed), or a
    draft whose date has come (Pelican publishes it when it reads it: WITH_FUTURE_DATES)."""
    generator = _articles_generator(model)
    if any(value is None for value in generator.context["generated_content"].values()):
        return True
    if generator.settings.get("WITH_FUTURE_DATES", True):
        return False
    drafts = [*generator.drafts, *getattr(generator, "drafts_translations", [])]
    return any(has_come(draft.date) for draft in drafts if hasattr(draft, "date"))


def _write(model: Model, changed: list) -> None:
    """Pelican.run's write phase, after redoing what the features derive from a body."""
    redos = receivers.redos()
    for article in changed:
        for redo in redos:
            redo(article, generator_context(article))
    incremental.reuse_fingerprints(changed)
    signals.get_generators.send(model.pelican)  # the sitemap plugin starts its queue there
    writer = build_writer(model.pelican)
    for generator in model.generators:
        if hasattr(generator, "generate_output"):
            generator.generate_output(writer)
    signals.finalized.send(model.pelican)


def source_stamps(settings: dict) -> dict[str, tuple]:
    """(size, mtime, ctime, inode) of every file a build reads: content, theme, plugins,
    the Python files (settings, and what they import) in the current folder, where
    `invoke` runs, and every module imported from under it (Markdown extensions...).

    Left out: Python's bytecode caches (written while a build imports a module) and
    the files Pelican ignores (IGNORE_FILES: an editor's swap file, say).
    """
    stamps: dict[str, tuple] = {}
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
    return stamps | _module_stamps()


def _module_stamps() -> dict[str, tuple]:
    """Stamps of the modules imported from the current folder (not from the environment)."""
    here, stamps = os.getcwd() + os.sep, {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if path.startswith(here) and not path.startswith(sys.prefix) and path.endswith(".py"):
            _stamp(path, stamps)
    return stamps


def _stamp(path: str, stamps: dict) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        return
    stamps[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
