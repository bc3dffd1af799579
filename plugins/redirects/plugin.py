"""Signal wiring of the redirects plugin: collect the old addresses, then write them."""

import logging
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from kit.contents import all_contents
from kit.fast_path import unaffected_by_body
from kit.run_state import state_of
from kit.sources import source_name

from .addresses import AddressError, Redirect, normalise, read_redirects_file, split_aliases
from .pages import (
    NETLIFY_FILE,
    NGINX_FILE,
    RedirectPage,
    lands_nowhere,
    netlify_lines,
    nginx_lines,
    output_file,
    write_page,
    write_text,
)
from .settings import SPEC

logger = logging.getLogger(__name__)
_FOUND = "redirects:found"  # run state: (redirects, titles by new address, template)
HEADER = "# Old addresses of this site, written by the redirects plugin: do not edit.\n"


def _aliases(contents: list) -> tuple[list[Redirect], dict[str, str], set[str]]:
    """Redirects from `Aliases` metadata, the titles of their targets, and every page URL."""
    found, titles, own = [], {}, set()
    for content in contents:
        if getattr(content, "status", "") == "draft" or not content.url:
            continue
        new = normalise("/" + content.url)
        own.add(new)
        titles[new] = content.title
        for alias in split_aliases(content.metadata.get("aliases", "")):
            try:
                found.append(Redirect(normalise(alias), new, f"{source_name(content)}: Aliases"))
            except AddressError as error:
                logger.error("%s: Aliases: %s", source_name(content), error)
    return found, titles, own


def _from_file(settings: dict) -> list[Redirect]:
    name = SPEC.of(settings)["REDIRECTS_FILE"]
    path = Path(settings["PATH"]) / name
    if not path.is_file():
        return []
    found, problems = read_redirects_file(path.read_text(encoding="utf-8"), name)
    for problem in problems:
        logger.error("%s", problem)
    return found


def _checked(redirects: list[Redirect], own: set[str]) -> list[Redirect]:
    """Without the redirects that clash with a page or with an earlier redirect (reported)."""
    kept: dict[str, Redirect] = {}
    for redirect in redirects:
        if redirect.old in own:
            logger.error(
                "%s: %s is the address of a page of the site", redirect.origin, redirect.old
            )
        elif redirect.old in kept and kept[redirect.old].new != redirect.new:
            first = kept[redirect.old]
            logger.error(
                "%s: %s already moves to %s (%s)",
                redirect.origin, redirect.old, first.new, first.origin,
            )  # fmt: skip
        elif redirect.old == redirect.new:
            logger.error("%s: %s redirects to itself", redirect.origin, redirect.old)
        else:
            kept.setdefault(redirect.old, redirect)
    return list(kept.values())


@unaffected_by_body("old addresses come from metadata and the redirects file")
def collect(generators: list) -> None:
    """`all_generators_finalized` receiver: every old address of this build, checked."""
    if not generators:
        return
    settings = generators[0].settings
    aliases, titles, own = _aliases(all_contents(generators))
    redirects = _checked(aliases + _from_file(settings), own)
    template = generators[0].get_template("redirect")
    state_of(settings).put(_FOUND, (redirects, titles, template, generators[0].context))


def write(pelican) -> None:
    """`finalized` receiver: the redirect pages, `_redirects` and `_redirects.nginx`."""
    redirects, titles, template, context = state_of(pelican.settings).get(
        _FOUND, ([], {}, None, {})
    )
    output = Path(pelican.output_path)
    siteurl = pelican.settings.get("SITEURL", "").rstrip("/")
    base = urlsplit(siteurl).path.rstrip("/")
    pages = SPEC.of(pelican.settings)["REDIRECTS_PAGES"]
    valid = []
    for redirect in redirects:
        if lands_nowhere(output, redirect):
            logger.error(
                "%s: %s moves to %s, which the build did not write",
                redirect.origin,
                redirect.old,
                redirect.new,
            )
            continue
        valid.append(redirect)
        if pages and not redirect.query:
            page = RedirectPage(siteurl + redirect.new, titles.get(redirect.new, redirect.new))
            html = template.render({**context, "redirect": page})
            existing = output_file(output, redirect.path)
            # The same redirect page is not a clash: a build in a live session
            # (livereload's fast path, the deploy hook's build server) runs `finalized`
            # again over the output the last build wrote.
            if existing.exists() and existing.read_bytes() != html.encode("utf-8"):
                logger.error("%s: %s is already a file of the site", redirect.origin, redirect.old)
                continue
            write_page(output, redirect, html)
    write_text(output / NETLIFY_FILE, netlify_lines(valid, base), HEADER)
    write_text(output / NGINX_FILE, nginx_lines(valid, base), HEADER)
    if valid:
        logger.info("redirects: %d old addresses answer", len(valid))


def register() -> None:
    """Connect the redirects plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(write)
