"""Checks that make a strict build fail on broken links inside content.

Pelican warns about a `{filename}` link to a missing file only when it
renders the page, and without naming the article; a `{static}` link to a
missing file only as "Cannot get modification stamp" for the missing path;
a plain image path that points nowhere is not reported at all. These checks
name the article, so `--fatal warnings` stops the build with a message the
author can act on:

- `{static}`/`{attach}` targets are checked on disk as soon as a generator
  has read its content, before the static generator trips over them;
- `{filename}` links and plain image paths are checked once every generator
  has run, against everything Pelican found.
"""

import logging
import os
import re
from urllib.parse import unquote, urlsplit

from pelican.contents import Content

from kit.contents import published_contents_of
from kit.fast_path import redone_per_article
from kit.pelican_internals import body_html
from kit.run_state import state_of
from kit.sources import resolve_link_path, source_name
from kit.urls import unsafe_link_scheme

logger = logging.getLogger(__name__)

_URL_ATTR = re.compile(
    r"""<(?P<tag>\w+)[^>]*?\s(?P<attr>href|src)\s*=\s*(?P<q>["'])(?P<url>.*?)(?P=q)""", re.DOTALL
)
_PELICAN_LINK = re.compile(r"^\{(?P<what>filename|static|attach)\}(?P<path>.*)$")
_STATIC_URLS = "strict:static_urls"  # run state: set by check_internal_links


def missing_static_files(content: Content) -> list[str]:
    """Messages for each `{static}`/`{attach}` link of `content` to a file not on disk."""
    problems = []
    for match in _URL_ATTR.finditer(body_html(content)):
        url = match.group("url").strip()
        link = _PELICAN_LINK.match(url)
        if link and link.group("what") != "filename":
            path = unquote(urlsplit(link.group("path")).path)
            key = resolve_link_path(content, path, relative_to_file=True)
            if not os.path.isfile(os.path.join(content.settings["PATH"], key)):
                problems.append(f"link to missing file {url!r}")
    return problems


def static_urls(context: dict) -> set[str]:
    """The output paths of every static file Pelican found."""
    return {static.url for static in context["static_content"].values() if static is not None}


def broken_links(content: Content, context: dict) -> list[str]:
    """Messages for each `{filename}` link or plain image of `content` that points nowhere.

    The static files' paths are worked out once per build (`check_internal_links`), not
    once per article: with a few hundred photos that was most of a build's link checks."""
    problems = []
    known = state_of(content.settings).part(_STATIC_URLS, lambda: static_urls(context))
    for match in _URL_ATTR.finditer(body_html(content)):
        url = match.group("url").strip()
        pelican_link = _PELICAN_LINK.match(url)
        unsafe = unsafe_link_scheme(url, match.group("tag"))
        if unsafe:
            problems.append(
                f"text: {unsafe}: link {url[:60]!r} is not allowed (only http(s), mailto, tel "
                "and paths on the site)"
            )
        elif pelican_link:
            problems.extend(_filename_link_problems(content, context, pelican_link))
        elif _is_missing_image(content, match, known):
            problems.append(
                f"image {url!r} not found in the content folder"
                " (link images as {static}/images/NAME)"
            )
    return problems


def _filename_link_problems(content: Content, context: dict, link: re.Match) -> list[str]:
    if link.group("what") != "filename":
        return []
    if not _pelican_target_exists(content, context, link):
        return [f"link to missing file {link.group(0)!r}"]
    target = _linked_content(content, context, link)
    if target is not None and (getattr(target, "status", "") == "draft" or not target.save_as):
        return [
            f"links to {link.group(0)!r}, which is not published (Status: draft or hidden, or "
            "dated in the future): publish it first or remove the link"
        ]
    return []


def _linked_content(content: Content, context: dict, link: re.Match) -> Content | None:
    path = unquote(urlsplit(link.group("path")).path)
    return context["generated_content"].get(resolve_link_path(content, path, True))


def _pelican_target_exists(content: Content, context: dict, link: re.Match) -> bool:
    path = unquote(urlsplit(link.group("path")).path)
    key = resolve_link_path(content, path, relative_to_file=True)
    if link.group("what") == "filename" and context["generated_content"].get(key) is not None:
        return True
    return context["static_content"].get(key) is not None


def _is_missing_image(content: Content, match: re.Match, static_urls: set[str]) -> bool:
    url = match.group("url").strip()
    if match.group("tag").lower() != "img" or not _is_site_local(url):
        return False
    return _site_path(content, url) not in static_urls


def _is_site_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and bool(parts.path)


def _site_path(content: Content, url: str) -> str:
    """The output path (static URL) a site-local image URL refers to."""
    path = unquote(urlsplit(url).path)
    if path.startswith("/"):
        return path.lstrip("/")
    base = content.url if content.url.endswith("/") else content.url.rsplit("/", 1)[0] + "/"
    return resolve_link_path(content, base.lstrip("/") + path, relative_to_file=False)


def warn_missing_static_files(content: Content, _context: dict | None = None) -> None:
    """One warning per `{static}` link of `content` to a file that does not exist."""
    for problem in missing_static_files(content):
        logger.warning("%s: %s", source_name(content), problem)


@redone_per_article(warn_missing_static_files)
def check_static_links(generator) -> None:
    """`*_generator_finalized` receiver: warn for `{static}` links to missing files."""
    for content in published_contents_of(generator):
        warn_missing_static_files(content)


def warn_broken_links(content: Content, context: dict) -> None:
    """One warning per broken internal link or image of `content`."""
    for problem in broken_links(content, context):
        logger.warning("%s: %s", source_name(content), problem)


@redone_per_article(warn_broken_links)
def check_internal_links(generators: list) -> None:
    """Warn (fatal in strict builds) for every broken internal link, naming the file."""
    if generators:
        settings, context = generators[0].settings, generators[0].context
        state_of(settings).put(_STATIC_URLS, static_urls(context))
    for generator in generators:
        for content in published_contents_of(generator):
            warn_broken_links(content, generator.context)
