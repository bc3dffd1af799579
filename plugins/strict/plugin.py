"""Signal wiring of the strict plugin (receivers live at module level: blinker keeps
weak references, so a function defined inside register() would be garbage-collected)."""

from pelican import signals

from . import (
    build_log,
    content_lint,
    link_checks,
    markdown_reader,
    output_checks,
    sanitize,
    unpublished,
)
from .settings import SPEC


def register() -> None:
    """Connect the strict plugin's receivers to Pelican's signals."""
    build_log.install()  # now, so that every plugin's settings errors are one line too
    signals.initialized.connect(build_log.remember_content_root)
    signals.initialized.connect(SPEC.check)
    signals.readers_init.connect(markdown_reader.use_checked_reader)
    # Before Pelican or any later receiver uses a value: control characters out.
    signals.content_object_init.connect(sanitize.sanitize_content)
    signals.content_object_init.connect(output_checks.check_slugs)
    signals.article_generator_finalized.connect(unpublished.hide_unpublished)
    signals.page_generator_finalized.connect(unpublished.hide_unpublished)
    signals.article_generator_finalized.connect(link_checks.check_static_links)
    signals.page_generator_finalized.connect(link_checks.check_static_links)
    signals.article_generator_finalized.connect(content_lint.lint_articles)
    signals.all_generators_finalized.connect(output_checks.check_output_paths)
    signals.all_generators_finalized.connect(link_checks.check_internal_links)
