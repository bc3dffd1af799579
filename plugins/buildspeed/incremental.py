"""Incremental builds for the edit-preview loop: render only the pages whose inputs changed.

Pelican renders every page on every build. Under `invoke livereload` the build
runs again and again in one process, so this module remembers (session.Memory), per
output file, a key of everything its rendering depended on:

- a digest of all settings;
- the source of the template and of every template it extends, includes or imports;
- the fingerprint (fingerprint.py) of each variable those templates mention,
  taken from the page's context (`jinja2.meta` lists them);
- for feeds, the fingerprint of every entry.

When the key is unchanged and the file on disk is still the one written with it
(same size and modification time), the page is not rendered or written (writer.py).
Files written by the previous build and by none in this one (a deleted article) are
removed. It is off unless `BUILDSPEED_INCREMENTAL` is true, which `invoke livereload`
sets; publish builds always render everything.
"""

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import meta
from pelican.paginator import Page

from .fingerprint import FULL, LISTED, Fingerprinter, short_digest
from .session import SESSION
from .settings import incremental

logger = logging.getLogger(__name__)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")  # default reprs name the object's address
_VOLATILE_SETTINGS = {"PLUGINS", "JINJA_FILTERS", "JINJA_GLOBALS", "JINJA_TESTS"}


@dataclass
class BuildKeys:
    """Per-build state: settings digest, template variable lists, fingerprints."""

    settings_digest: str
    fingerprints: Fingerprinter = field(default_factory=Fingerprinter)
    templates: dict[str, tuple[str, tuple]] = field(default_factory=dict)
    described: dict[tuple[str, int], tuple[object, str]] = field(default_factory=dict)

    def template_inputs(self, template) -> tuple[str, tuple]:
        """(digest of the sources, sorted variable names) of a template and all it pulls in."""
        name = template.name
        if name not in self.templates:
            sources, names = _closure(template.environment, name)
            self.templates[name] = (sources, tuple(sorted(names)))
        return self.templates[name]

    def _describe(self, variable: str, value) -> str:
        """A variable's description; the same object (a setting) is described once."""
        key = (variable, id(value))
        known = self.described.get(key)
        if known is not None and known[0] is value:
            return known[1]
        text = self._describe_value(variable, value)
        self.described[key] = (value, text)  # keeps the value alive: ids stay unique
        return text

    def _describe_value(self, variable: str, value) -> str:
        if variable in {"article", "page"}:  # the page's own content
            return self.fingerprints.describe(value, FULL)
        if variable.endswith(("_previous_page", "_next_page")) and isinstance(value, Page):
            # Pelican's pagination neighbours: templates link to them, nothing more.
            return f"Page({value.number},{value.url!r})"
        return self.fingerprints.describe(value, LISTED)

    def page_key(self, template, localcontext: dict, extra: str) -> str:
        sources, names = self.template_inputs(template)
        parts = [self.settings_digest, sources, extra]
        for variable in names:
            value = localcontext.get(variable, _ABSENT)
            parts.append(f"{variable}={self._describe(variable, value)}")
        return short_digest("\n".join(parts))

    def feed_key(self, items: list, extra: str) -> str:
        described = self.fingerprints.describe(list(items), LISTED)
        return short_digest(self.settings_digest + extra + f"|{described}")


class _Absent:
    def __repr__(self) -> str:
        return "<absent>"


_ABSENT = _Absent()


def _closure(environment, name: str) -> tuple[str, frozenset]:
    """Source digest and undeclared variables of `name` with everything it references."""
    seen: dict[str, str] = {}
    names: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        source, _filename, _uptodate = environment.loader.get_source(environment, current)
        seen[current] = source
        variables, referenced = _analyse(environment, source)
        names |= variables
        for template in referenced:
            if template is None:  # a computed name: depend on every template
                pending.extend(environment.list_templates())
            else:
                pending.append(template)
    sources = "\n".join(f"{key}\n{seen[key]}" for key in sorted(seen))
    return short_digest(sources), frozenset(names)


_ANALYSED: dict[str, tuple[frozenset, tuple]] = {}  # template source -> what it uses (a cache)


def _analyse(environment, source: str) -> tuple[frozenset, tuple]:
    """Variables a template source reads and templates it references (cached by source)."""
    if source not in _ANALYSED:
        tree = environment.parse(source)
        _ANALYSED[source] = (
            frozenset(meta.find_undeclared_variables(tree)),
            tuple(meta.find_referenced_templates(tree)),
        )
    return _ANALYSED[source]


def settings_digest(settings: dict) -> str:
    """A digest of every setting whose value can be written down."""
    items = []
    for key in sorted(settings):
        if key in _VOLATILE_SETTINGS or not key.isupper():
            continue
        items.append(f"{key}={_ADDRESS.sub('', repr(settings[key]))}")
    return short_digest("\n".join(items))


def reuse_fingerprints(changed: list) -> None:
    """Let the next build start from the last one's fingerprints, minus `changed`."""
    memory = SESSION.memory
    if memory.fingerprints is not None:
        memory.fingerprints.forget(changed)
        memory.reuse_fingerprints = True


def build_fingerprints() -> Fingerprinter:
    """The Fingerprinter of the build starting now (see `reuse_fingerprints`)."""
    memory = SESSION.memory
    if not (memory.reuse_fingerprints and memory.fingerprints is not None):
        memory.fingerprints = Fingerprinter()
    memory.reuse_fingerprints = False
    return memory.fingerprints


def start_build() -> None:
    """Forget which files this build touched (the memory of earlier builds stays)."""
    memory = SESSION.memory
    memory.touched.clear()
    memory.skipped.clear()
    memory.pending.clear()
    memory.rendered_paths.clear()
    memory.rendered = 0


def unchanged(path: str, key: str) -> bool:
    """True when `path` was written with `key` and is still on disk as written."""
    memory = SESSION.memory
    memory.touched.add(path)
    known = memory.written.get(path)
    if known is None or known[0] != key:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    if (stat.st_size, stat.st_mtime_ns) != known[1:]:
        return False
    memory.skipped.add(path)
    return True


def will_write(path: str, key: str) -> None:
    """`path` is rendered in this build, with `key`."""
    SESSION.memory.pending[path] = key


def remember_written() -> None:
    """Record what each file written in this build now holds (its key, size and time)."""
    memory = SESSION.memory
    for path, key in memory.pending.items():
        stat = os.stat(path)
        memory.written[path] = (key, stat.st_size, stat.st_mtime_ns)
    memory.rendered = len(memory.pending)
    memory.rendered_paths |= set(memory.pending)
    memory.pending.clear()


def finish_build(pelican) -> None:
    """`finalized` receiver: remember this build's files, delete the ones no page claims."""
    if not incremental(pelican.settings):
        return
    remember_written()
    removed = remove_stale_outputs(pelican.settings["OUTPUT_PATH"])
    memory = SESSION.memory
    logger.info(
        "incremental: rendered %d, kept %d, removed %d",
        memory.rendered,
        len(memory.skipped),
        len(removed),
    )


def remove_stale_outputs(output_path: str) -> list[str]:
    """Delete files written by an earlier build of this process that no page claims now."""
    memory = SESSION.memory
    removed = []
    root = Path(output_path).resolve()
    for path in sorted(set(memory.written) - memory.touched):
        del memory.written[path]
        target = Path(path)
        if root in target.resolve().parents and target.is_file():
            target.unlink()
            removed.append(path)
            _remove_empty_parents(target.parent, root)
    return removed


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
