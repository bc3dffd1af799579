"""Signal wiring of the buildspeed plugin."""

from pelican import signals

from kit import site_jobs
from kit.fast_path import unaffected_by_body
from kit.pelican_internals import provide_writer, use_writer_class

from . import incremental, live, memory, parallel_read, parallel_render
from .parallel_render import ParallelWriter
from .session import SESSION
from .settings import SPEC
from .writer import IncrementalWriter


@unaffected_by_body("settings only")
def start(pelican) -> None:
    """`initialized` receiver: in the edit-preview loop, write incrementally and run site
    jobs in the background."""
    settings = pelican.settings
    if SPEC.of(settings)["BUILDSPEED_INCREMENTAL"]:
        use_writer_class(settings, IncrementalWriter)
        site_jobs.use_runner(settings, SESSION.background)
    elif parallel_render.wanted(settings):
        use_writer_class(settings, ParallelWriter)


def register() -> None:
    """Connect the buildspeed plugin's receivers to Pelican's signals."""
    signals.initialized.connect(start)
    signals.initialized.connect(live.start)
    signals.get_writer.connect(provide_writer)
    signals.article_generator_init.connect(parallel_read.start)
    signals.article_generator_pretaxonomy.connect(parallel_read.stop)
    signals.article_generator_pretaxonomy.connect(memory.share_taxonomy)
    signals.all_generators_finalized.connect(live.remember_generators)
    signals.all_generators_finalized.connect(parallel_render.remember_generators)
    signals.get_generators.connect(parallel_render.provide_join)
    signals.content_written.connect(memory.drop_written_body)
    signals.finalized.connect(incremental.finish_build)
    signals.finalized.connect(live.keep)
