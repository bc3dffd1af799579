"""Signal wiring of the images plugin."""

from pelican import signals

from kit.contents import contents_of
from kit.fast_path import redone_per_article

from .body import rewrite_images
from .covers import find_cover
from .publish import take_over_static_files, write_images
from .settings import SPEC
from .work import work_of, work_of_run


def process_content(content, _context: dict | None = None) -> None:
    """Cover and body images of one article or page."""
    work = work_of(content.settings)
    work.begin(content)
    content.cover_image = find_cover(content, work)
    rewrite_images(content, work, eager_first=content.cover_image is None)


@redone_per_article(process_content)
def process_images(generator) -> None:
    """`article_generator_finalized` / `page_generator_finalized` receiver: every article
    and page (drafts too, for the preview), as soon as its generator has read them."""
    work_of_run(generator)
    for content in contents_of(generator):
        process_content(content)


def register() -> None:
    """Connect the images plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.article_generator_finalized.connect(process_images)
    signals.page_generator_finalized.connect(process_images)
    signals.static_generator_finalized.connect(take_over_static_files)
    signals.finalized.connect(write_images)
