"""Index the built site with Pagefind at the end of every build.

Only published articles and pages are indexed (and, inside them, only what the
theme marks with `data-pagefind-body`, minus `data-pagefind-ignore`): drafts,
future-dated articles and hidden content are written to the output folder too,
so Pagefind is not pointed at the whole folder. Their files are handed over as a
`SiteJob` (kit.site_jobs): Pagefind indexes a snapshot of them, and the new bundle
replaces `OUTPUT_PATH/pagefind/`, so no stale index files pile up across
development builds. (In the edit-preview loop the buildspeed plugin runs the job in
the background.)

`SEARCH_INDEX = False` turns indexing off. A failure is logged as an error (fatal
with `--fatal warnings`); the rest of the site is still written.
"""

import functools
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import ArticlesGenerator, PagesGenerator

from kit import site_jobs
from kit.fast_path import unaffected_by_body
from kit.run_state import state_of
from kit.settings import public_siteurl

from .bundle import BUNDLE, indexing
from .index_cache import CACHE_FOLDER, IndexCache, identity
from .pagefind import OPTIONS, finish_index, index_site, pagefind_binary, start_index
from .settings import SPEC
from .shards import plan

logger = logging.getLogger(__name__)

_SEARCHABLE = "search:files"  # run state: output-relative files of published content


@dataclass(frozen=True)
class SearchForm:
    """Template data for `search.html`."""

    site_host: str  # the host the no-JavaScript web search is restricted to ("": none)
    index: str | None  # site-relative path of Pagefind's script; None when not indexed


@unaffected_by_body("the list of published files")
def remember_searchable(generators: list) -> None:
    """`all_generators_finalized` receiver: note the files of published articles and pages,
    and give the search page its form.

    `articles`/`pages` and their `translations` hold published, listed content
    only; drafts (future-dated articles included) and hidden content live in
    other lists and are left out on purpose.
    """
    if not generators:
        return
    files: list[str] = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            contents = [*generator.articles, *generator.translations]
        elif isinstance(generator, PagesGenerator):
            contents = [*generator.pages, *generator.translations]
        else:
            continue
        files.extend(content.save_as for content in contents if content.save_as)
    settings = generators[0].settings
    state_of(settings).put(_SEARCHABLE, files)
    generators[0].context["SEARCH_FORM"] = search_form(settings)  # one context for all


def search_form(settings: dict) -> SearchForm:
    host = urlsplit(public_siteurl(settings)).hostname or ""
    return SearchForm(host, f"{BUNDLE}/pagefind.js" if indexing(settings) else None)


@unaffected_by_body("full builds only: the fast path runs the index in the background")
def offer_search_index(generators: list) -> None:
    """`all_generators_finalized` receiver: Pagefind may start as soon as every page is
    written, while the rest of the build goes on (kit.site_jobs.offer)."""
    if generators and indexing(generators[0].settings):
        settings, output = generators[0].settings, Path(generators[0].output_path)
        site_jobs.offer(settings, functools.partial(_early_job, settings, output))


def build_search_index(pelican) -> None:
    """`finalized` receiver: run Pagefind over this build's published pages (or finish
    the run that started early)."""
    settings = pelican.settings
    if not indexing(settings):
        return
    output = Path(pelican.output_path)
    files = _searchable_files(settings, output)
    if not files:
        site_jobs.settle(settings)  # else an index still running would move it back
        shutil.rmtree(output / BUNDLE, ignore_errors=True)  # no stale results either
        logger.info("search: nothing published to index")
        return
    pagefind = pagefind_binary()
    if pagefind is None:
        logger.error(
            "search: Pagefind is not installed, so the site has no search index; "
            "install the pinned requirements (pagefind[bin]) or set SEARCH_INDEX = False"
        )
        return
    site_jobs.submit(settings, output, _job(settings, pagefind, files))


def _searchable_files(settings: dict, output: Path) -> tuple[str, ...]:
    searchable = state_of(settings).get(_SEARCHABLE, [])
    return tuple(name for name in dict.fromkeys(searchable) if (output / name).is_file())


def _early_job(settings: dict, output: Path) -> site_jobs.SiteJob | None:
    files, pagefind = _searchable_files(settings, output), pagefind_binary()
    return _job(settings, pagefind, files) if files and pagefind else None


def _job(settings: dict, pagefind: str, files: tuple[str, ...]) -> site_jobs.SiteJob:
    shards = plan(files, SPEC.of(settings)["SEARCH_SHARD_PAGES"])
    cache_folder = Path(settings.get("CACHE_PATH") or "cache") / CACHE_FOLDER
    cache = IndexCache(cache_folder.resolve(), identity(pagefind, OPTIONS))
    return site_jobs.SiteJob(
        "search index",
        files,
        functools.partial(index_site, pagefind, shards, cache),
        f"{BUNDLE}/pagefind.js",
        start=functools.partial(start_index, pagefind, shards, cache),
        finish=finish_index,
    )
