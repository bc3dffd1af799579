"""Read Markdown sources strictly: one clear error per broken file, naming the field.

Pelican's own reader turns a non-UTF-8 file into a bare UnicodeDecodeError,
silently moves everything after a malformed metadata line into the body (the
Markdown meta extension stops at the first line that is not `Key: value`),
reports an impossible date without naming the field, and accepts any scheme in
URL fields. This reader runs those checks first and raises `SourceError`,
which Pelican reports as "Could not process <file>" (one line, see build_log).

It converts a file with plain strings in and out (`convert_document`), so the buildspeed
plugin may convert sources ahead of time in a helper process (kit.prefetch).
"""

import re

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader as PelicanMarkdownReader

from kit import prefetch
from kit.fast_path import unaffected_by_body
from kit.pelican_internals import MarkdownReaderBase
from kit.urls import dangerous_scheme

# The Markdown meta extension's own grammar (markdown/extensions/meta.py).
_META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*.*")
_CONTINUATION = re.compile(r"^[ ]{4,}\S")
_FENCE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
DATE_FIELDS = {"date", "modified"}
# Metadata that lands in href/src attributes or is fetched: only http(s) or paths.
URL_FIELDS = {"url", "cover", "image", "canonical", "link", "mastodon_toot", "external_url"}


class SourceError(ValueError):
    """A source file the build cannot use; the message names the field or line."""


class MarkdownReader(MarkdownReaderBase):
    """Pelican's Markdown reader with the checks above (same name: `metadata.reader`)."""

    def read(self, source_path: str) -> tuple[str, dict]:
        """Check the file, then convert it with a reused Markdown instance.

        Pelican builds a new `Markdown` for every file; with our six extensions that
        costs about 1 ms, a second on a 1,000-article blog. One instance for the
        documents and one for the formatted metadata fields, `reset()` between uses,
        give the same HTML.
        """
        prefetched = prefetch.take(self.settings, source_path)
        content, meta = prefetched or self.convert_document(source_path)
        converted = meta.pop(_CONVERTED, {}) if meta is not None else {}
        # Pelican converts formatted fields (summaries) with this instance, after removing
        # its "meta" preprocessor; the fields converted with the body are looked up first.
        self.start_source(source_path, _ConvertedFields(self._fields_parser(), converted))
        return content, (self.parse_metadata(meta) if meta is not None else {})

    def convert_document(self, source_path: str) -> tuple[str, dict | None]:
        """(HTML of the body, metadata lines as the meta extension parsed them).

        Plain strings only: a helper process may send them back (kit.prefetch). The
        formatted fields (Summary) are converted here too, as Pelican converts them
        (one `Markdown` instance without the meta preprocessor, reset before each),
        so that a helper converts them with the body.
        """
        with open(source_path, "rb") as source:
            text = decode_utf8(source.read())
        check_metadata_lines(text)
        document = self._parser("document")
        content = document.convert(text)
        meta = getattr(document, "Meta", None)
        if meta is None:
            return content, None
        fields = self._fields_parser()
        formatted = self.settings["FORMATTED_FIELDS"]
        converted = {}
        for name, value in meta.items():
            if name.lower() in formatted:
                joined = "\n".join(value)
                converted[joined] = fields.reset().convert(joined)
        return content, {**meta, _CONVERTED: converted}

    def _fields_parser(self) -> Markdown:
        fields = self._parser("fields")
        if "meta" not in fields.preprocessors:
            fields.preprocessors.register(_NoMetadata(fields), "meta", 27)
        return fields

    def _parser(self, kind: str) -> Markdown:
        parsers = self.__dict__.setdefault("_parsers", {})
        if kind not in parsers:
            parsers[kind] = Markdown(**self.settings["MARKDOWN"])
        return parsers[kind].reset()

    def process_metadata(self, name: str, value: object) -> object:
        key = name.lower()
        if key in URL_FIELDS and isinstance(value, str):
            scheme = dangerous_scheme(value)
            if scheme:
                raise SourceError(
                    f"{name.capitalize()}: {scheme}: URLs are not allowed ({value!r}); "
                    "use an http(s) URL or a path"
                )
        try:
            return super().process_metadata(name, value)
        except (ValueError, OverflowError) as error:
            if key in DATE_FIELDS:
                raise SourceError(
                    f"{name.capitalize()}: {value!r} is not a date "
                    "(write YYYY-MM-DD or YYYY-MM-DD HH:MM)"
                ) from error
            raise SourceError(f"{name.capitalize()}: {value!r}: {error}") from error


_CONVERTED = "\x00converted"  # in the meta dict of convert_document: formatted fields' HTML


class _ConvertedFields:
    """The Markdown instance Pelican converts formatted fields with (`self._md`), which
    answers from the conversions made with the body when it has the same text."""

    def __init__(self, parser: Markdown, converted: dict[str, str]) -> None:
        self._parser, self._converted = parser, converted
        self.preprocessors = parser.preprocessors

    def reset(self) -> "_ConvertedFields":
        self._parser.reset()
        return self

    def convert(self, text: str) -> str:
        done = self._converted.pop(text, None)
        return done if done is not None else self._parser.reset().convert(text)

    def __getattr__(self, name: str):
        return getattr(self._parser, name)


class _NoMetadata(Preprocessor):
    """Stands in for the meta extension's preprocessor, which Pelican removes per use."""

    def run(self, lines: list[str]) -> list[str]:
        return lines


def decode_utf8(data: bytes) -> str:
    """The text of a UTF-8 file (BOM allowed), or an error giving the line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            f"line {line}, column {column}: byte 0x{data[error.start]:02x} is not UTF-8; "
            "save the file as UTF-8"
        ) from None


def check_metadata_lines(text: str) -> None:
    """Every line of the metadata block (up to the first blank line) is `Key: value`.

    A file whose first line is not metadata has no metadata block (Pelican then
    reports the missing title), so only a block that has started is checked.
    """
    # Lines as the meta extension splits them: str.splitlines() would also split at
    # U+2028, U+0085, form feeds... inside a value, and report a valid line as broken.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 1 if lines and _FENCE.match(lines[0]) else 0
    if start >= len(lines) or not _META_LINE.match(lines[start]):
        return
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or _FENCE.match(line):
            return
        if not (_META_LINE.match(line) or _CONTINUATION.match(line)):
            raise SourceError(
                f"line {number}: {line.strip()!r} is not a metadata line: write 'Key: value', "
                "and leave a blank line between the metadata and the text"
            )


@unaffected_by_body("the readers are kept")
def use_checked_reader(readers: object) -> None:
    """`readers_init` receiver: read Markdown extensions with this module's reader."""
    for extension in PelicanMarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is PelicanMarkdownReader:
            readers.reader_classes[extension] = MarkdownReader
