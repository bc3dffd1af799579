"""One line per build error, naming the file: the author's view of a failed build.

Pelican logs every fatal error with its Python traceback (`pelican.main` passes
`exc_info=True`), reports a bad source file as "Could not process x.md" without
saying why, lists duplicate slugs one path per line, and ends a
strict build with "RuntimeError: Warning or error encountered" after the
message that stopped it. For an author, the message is what matters. This
filter, on the log handlers, rewrites those records into one line each and
drops the tracebacks, unless Pelican runs with `--debug`.
"""

import logging
import sys
import traceback
from pathlib import Path

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import COULD_NOT_PROCESS, DUPLICATES, FATAL_REPEAT

# FATAL_REPEAT: pelican.log.FatalLogger raises this after logging a message that a
# strict build treats as fatal: the message itself has already been printed.


class OneLineErrors(logging.Filter):
    """Rewrite Pelican's multi-line error records into one line, without traceback."""

    content_root: Path | None = None  # Pelican names bad sources relative to PATH

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if _debugging():
            return True
        if _is_fatal_repeat(error):
            return False
        if record.msg == COULD_NOT_PROCESS and len(record.args or ()) == 1:
            # Pelican logs this inside its `except` without the exception (unless
            # DEBUG): the exception being handled is the reason.
            cause = sys.exc_info()[1]
            if _is_fatal_repeat(cause):
                return False
            reason = describe(cause) if cause else "could not be read"
            _set_message(record, f"{source_label(record.args[0])}: {reason}")
        elif isinstance(record.msg, str) and record.msg.startswith(DUPLICATES):
            _set_message(record, _duplicates_message(record))
        elif error is not None and record.levelno >= logging.CRITICAL:
            _set_message(record, describe(error))
        elif "\n" in record.getMessage():
            _set_message(record, " ".join(record.getMessage().split()))
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def install() -> None:
    """Attach the filter to the root logger's handlers (once), where Pelican's records end."""
    # `--log-handler plain` leaves the root logger without handlers: Python's
    # last-resort handler prints the records then.
    for handler in [*logging.getLogger().handlers, logging.lastResort]:
        if handler is not None and not any(isinstance(f, OneLineErrors) for f in handler.filters):
            handler.addFilter(OneLineErrors())


@unaffected_by_body("settings only")
def remember_content_root(pelican: object) -> None:
    """`initialized` receiver: Pelican names a source it cannot read relative to PATH."""
    OneLineErrors.content_root = Path(pelican.settings["PATH"])


def describe(error: BaseException) -> str:
    """An exception as one line; template errors name the template file and line."""
    location = template_location(error)
    text = " ".join(str(error).split()) or error.__class__.__name__
    kind = error.__class__.__name__
    if location:
        return f"{location}: {kind}: {text}"
    if kind in {"SourceError", "SettingsError"}:
        return text
    return f"{kind}: {text}"


def template_location(error: BaseException) -> str:
    """'theme/templates/x.html:12' for a Jinja error, else ''.

    Syntax errors carry their file and line; errors while rendering do not, but
    Jinja rewrites the traceback so that its last template frame is the line.
    """
    filename, lineno = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not filename:
        frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
        in_templates = [f for f in frames if f.filename.endswith((".html", ".xml", ".txt"))]
        if not in_templates:
            return ""
        filename, lineno = in_templates[-1].filename, in_templates[-1].lineno
    return f"{_short_path(filename)}:{lineno}" if lineno else _short_path(filename)


def _duplicates_message(record: logging.LogRecord) -> str:
    """Pelican's duplicate-slug warning (one path per line) as one line."""
    count, with_what, lang, *paths = record.args
    names = ", ".join(source_label(p) for p in paths)
    return f"{names}: {count} articles {with_what} (lang {lang}); give each its own Slug:"


def source_label(path: object) -> str:
    """A source file as the author knows it: `content/x.md` (as kit.sources.source_name)."""
    root = OneLineErrors.content_root
    if root is None:
        return _short_path(path)
    full = Path(root, str(path)).resolve()
    try:
        return full.relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return _short_path(full)


def _set_message(record: logging.LogRecord, message: str) -> None:
    record.msg, record.args = message, ()


def _is_fatal_repeat(error: BaseException | None) -> bool:
    return isinstance(error, RuntimeError) and str(error) == FATAL_REPEAT


def _short_path(path: object) -> str:
    """A path relative to the working directory when inside it, without './'."""
    text = str(path)
    try:
        return str(Path(text).resolve().relative_to(Path.cwd()))
    except ValueError:
        return text.removeprefix("./")


def _debugging() -> bool:
    return logging.getLogger().getEffectiveLevel() <= logging.DEBUG
