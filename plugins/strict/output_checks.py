"""Slugs and output paths: two sources must never write the same file.

Pelican notices a clash only when its writer reaches the second file
("File ... is to be overwritten", naming the output, not the sources), and a
tag or title with no letter or digit gets an empty slug with a warning that
names neither the article nor the field. These checks run before anything is
written and name the source file and the field to change.
"""

import functools
import logging

from pelican.contents import Article, Content, Page

from kit.contents import contents_of
from kit.fast_path import unaffected_by_body
from kit.slugs import pelican_slug
from kit.sources import source_name

logger = logging.getLogger(__name__)
_TAXONOMIES = (("category", "Category", "CATEGORY"), ("tags", "Tags", "TAG"))
_AUTHORS = ("authors", "Author", "AUTHOR")
MAX_NAME_BYTES = 255  # a file name, on every file system a site is built or served on
# What a taxonomy's slug is written into: its page, and its feeds.
_NAMED_FILES = ("{kind}_SAVE_AS", "{kind}_FEED_ATOM", "{kind}_FEED_RSS")


def empty_slug_problems(content: Content) -> list[str]:
    """Messages for the fields of `content` whose URL slug would be empty."""
    problems = []
    has_title = bool(str(getattr(content, "title", "") or "").strip())  # else Pelican says so
    if has_title and not str(getattr(content, "slug", "") or "").strip():
        title = getattr(content, "title", "")
        problems.append(f"Title: {title!r} makes an empty URL slug; add a 'Slug:' with letters")
    for attribute, field, kind in (*_TAXONOMIES, _AUTHORS):
        values = getattr(content, attribute, None) or []
        for value in values if isinstance(values, list) else [values]:
            if not pelican_slug(str(value), content.settings, kind):
                problems.append(
                    f"{field}: {str(value)!r} makes an empty URL slug; use letters or digits"
                )
    return problems


def long_name_problems(content: Content) -> list[str]:
    """Messages for the fields of `content` that make a file name over 255 bytes; each such
    slug is shortened, so a development build still writes its files (a strict one stops)."""
    problems = []
    longest = _longest_name(str(getattr(content, "save_as", "") or ""))
    if longest > MAX_NAME_BYTES:
        field = "Slug" if "slug" in content.metadata else "Title"
        shown = str(content.slug)[:60]
        problems.append(f"{field}: {shown!r}... {_too_long(longest)}; give a shorter 'Slug:'")
        content.slug = _shortened(str(content.slug), longest - MAX_NAME_BYTES)
    for attribute, field, kind in (*_TAXONOMIES, _AUTHORS):
        values = getattr(content, attribute, None) or []
        patterns = tuple(str(content.settings.get(p.format(kind=kind)) or "") for p in _NAMED_FILES)
        for value in values if isinstance(values, list) else [values]:
            slug = getattr(value, "slug", None) or pelican_slug(str(value), content.settings, kind)
            longest = _longest_named_file(patterns, slug)
            if longest > MAX_NAME_BYTES:
                problems.append(f"{field}: {str(value)[:60]!r}... {_too_long(longest)}; shorten it")
                if hasattr(value, "slug"):
                    value.slug = _shortened(slug, longest - MAX_NAME_BYTES)
    return problems


def _shortened(slug: str, excess: int) -> str:
    """`slug` less `excess` bytes of UTF-8 (whole characters), without a trailing dash."""
    data = slug.encode("utf-8")
    return data[: max(1, len(data) - excess)].decode("utf-8", errors="ignore").rstrip("-_.")


@functools.lru_cache(maxsize=4096)  # every article names the same few tags and categories
def _longest_named_file(patterns: tuple[str, ...], slug: str) -> int:
    """The longest file name among the taxonomy's files for `slug` (page and feeds)."""
    return max(_longest_name(_formatted(pattern, slug)) for pattern in patterns)


def _formatted(pattern: str, slug: str) -> str:
    try:
        return pattern.format(slug=slug)
    except (KeyError, IndexError, ValueError):
        return ""


def _longest_name(path: str) -> int:
    return max((len(part.encode("utf-8")) for part in path.split("/")), default=0)


def _too_long(size: int) -> str:
    return f"makes a file name of {size} bytes (at most {MAX_NAME_BYTES})"


def check_slugs(content: Content) -> None:
    """`content_object_init` receiver: an error per empty slug, naming the file.

    It runs before Pelican validates the content's output path, which already
    computes the category's slug (and would warn without naming the file).
    """
    if not isinstance(content, Article | Page):
        return  # static files keep their own names
    problems = empty_slug_problems(content)  # an empty slug makes no output path to measure
    for problem in problems or long_name_problems(content):
        logger.error("%s: %s", source_name(content), problem)


def site_outputs(generators: list) -> dict[str, str]:
    """Output paths the site writes besides content, each with what writes it."""
    outputs: dict[str, str] = {}
    for generator in generators:
        settings = generator.settings
        for name in settings.get("DIRECT_TEMPLATES", []):
            save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if save_as:
                outputs[save_as] = f"the {name} page"
        for granularity, archives in (getattr(generator, "period_archives", None) or {}).items():
            for archive in archives:
                outputs[archive["save_as"]] = f"the {granularity} archive"
        for attribute in ("categories", "tags", "authors"):
            for wrapper, _articles in _items(getattr(generator, attribute, None)):
                outputs[wrapper.save_as] = f"the page of {wrapper.__class__.__name__} {wrapper}"
    return outputs


def _items(taxonomy: object) -> list:
    if isinstance(taxonomy, dict):
        return list(taxonomy.items())
    return list(taxonomy or [])


def clash_problems(generators: list) -> list[tuple[Content, str]]:
    """(content, message) for each content file whose output path is already taken."""
    taken = site_outputs(generators)
    problems = []
    for generator in generators:
        for content in contents_of(generator):
            save_as = str(getattr(content, "save_as", "") or "").lstrip("/")
            if not save_as:
                continue
            owner = taken.get(save_as)
            if owner:
                problems.append((content, f"its output {save_as} is also written by {owner}"))
            else:
                taken[save_as] = source_name(content)
    return problems


@unaffected_by_body("output paths come from metadata")
def check_output_paths(generators: list) -> None:
    """`all_generators_finalized` receiver: an error per output path claimed twice."""
    for content, problem in clash_problems(generators):
        logger.error("%s: %s; give it another 'Slug:'", source_name(content), problem)
