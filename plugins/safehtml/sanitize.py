"""Receiver: every article's and page's body and summary made safe as soon as it is read."""

import logging

from pelican.contents import Content

from kit import prefetch
from kit.fast_path import unaffected_by_body
from kit.pelican_internals import body_html, has_body, set_body_html, set_summary
from kit.settings import switched_on
from kit.sources import source_name

from .cleaning import Cleaned, clean
from .settings import SPEC

logger = logging.getLogger(__name__)


DERIVED = "safehtml:body"  # kit.prefetch: the body cleaned with videos, made ahead of time


@unaffected_by_body("settings only")
def offer_cleaning(pelican) -> None:
    """`initialized` receiver: a body converted ahead of time (buildspeed's parallel read)
    is cleaned there too; the result is the same function's, so the same HTML and the
    same warnings (said here, by `_report`)."""
    prefetch.derive(pelican.settings, DERIVED, clean)


def sanitize_content(content: Content) -> None:
    """`content_object_init` receiver: body and Summary through the sanitiser, each removal
    a warning naming the file and the field; `content.videos` lists the facades made
    (none with `Videos: off`, which keeps the videos plain links)."""
    if not has_body(content):
        return  # a static file
    videos = switched_on(content.metadata, "videos", SPEC.of(content.settings)["SAFEHTML_VIDEOS"])
    html = body_html(content)
    ahead = prefetch.derived(content.settings, DERIVED, html)  # made beside the Markdown
    body = ahead if videos and isinstance(ahead, Cleaned) else clean(html, videos)
    _report(content, "text", body)
    set_body_html(content, body.html)
    found = list(body.videos)
    summary = content.metadata.get("summary")
    if isinstance(summary, str) and summary:
        cleaned = clean(summary, videos=False)
        _report(content, "Summary", cleaned)
        if cleaned.html != summary:
            set_summary(content, cleaned.html)
    content.videos = tuple(found)


def _report(content: Content, field: str, cleaned: Cleaned) -> None:
    where = source_name(content) if content.source_path else repr(content)
    if cleaned.removed:
        logger.warning(
            "%s: %s: removed %s (not allowed in an article)",
            where,
            field,
            ", ".join(cleaned.removed),
        )
    for src in cleaned.linked_images:
        logger.warning(
            "%s: %s: the image %s is on another site, so it became a link"
            " (save a copy in content/images/ to show it)",
            where,
            field,
            src,
        )
