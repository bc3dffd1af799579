"""Publish builds write nothing that is not published.

Pelican writes drafts (and future-dated articles, which are drafts until their date) to
`drafts/`, and hidden articles at their own address: reachable by anyone who guesses the
URL. With STRICT_PUBLIC_ONLY (publishconf.py) they get no output path at all, so nothing
of them is written; a published page that links to one is an error (link_checks.py).
`./inv livereload` keeps previewing drafts. Hidden pages stay: a page is hidden to keep it
out of the menu, not private.
"""

from pelican.contents import Article, Content, Page

from kit.contents import contents_of
from kit.fast_path import unaffected_by_body

from .settings import SPEC


def is_private(content: Content) -> bool:
    status = getattr(content, "status", "")
    if isinstance(content, Article):
        return status in {"draft", "hidden"}
    return isinstance(content, Page) and status == "draft"


@unaffected_by_body("status and dates come from metadata")
def hide_unpublished(generator) -> None:
    """`article_generator_finalized` / `page_generator_finalized` receiver (a future-dated
    article becomes a draft only after `content_object_init`): no output path for
    unpublished content in a publish build."""
    if not SPEC.of(generator.settings)["STRICT_PUBLIC_ONLY"]:
        return
    for content in contents_of(generator):
        if is_private(content):
            content.override_save_as = ""
            content.override_url = ""
