"""Helpers to name and find content source files in messages and lookups."""

import os
import posixpath

from pelican.contents import Content


def source_name(content: Content) -> str:
    """The content file as the author knows it, e.g. `content/my-post.md`."""
    root = os.path.dirname(content.settings["PATH"].rstrip(os.sep))
    return os.path.relpath(content.source_path, root).replace(os.sep, "/")


def resolve_link_path(content: Content, path: str, relative_to_file: bool) -> str:
    """The key of a linked file in Pelican's `static_content`/`generated_content`.

    A leading slash means "from the content root". Otherwise the path is
    relative to the linking file's folder (`{static}`/`{filename}` links) or
    to the content root (metadata such as `Cover`).
    """
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    base = content.relative_dir.replace(os.sep, "/") if relative_to_file else ""
    return posixpath.normpath(posixpath.join(base, path))
