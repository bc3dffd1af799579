"""The slugs Pelican makes, cached."""

import functools

from pelican.utils import slugify


def pelican_slug(text: str, settings: dict, kind: str = "SLUG") -> str:
    """The slug Pelican makes of `text`: with `kind` CATEGORY, TAG or AUTHOR, as its URL
    wrapper does for a category, tag or author name."""
    subs = settings.get(f"{kind}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return _slug(
        str(text),
        tuple(tuple(pair) for pair in subs),
        bool(settings.get("SLUGIFY_PRESERVE_CASE", False)),
        bool(settings.get("SLUGIFY_USE_UNICODE", False)),
    )


@functools.lru_cache(maxsize=8192)
def _slug(text: str, subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
    """Cached: every article asks again for the slugs of the same few tags and categories."""
    return slugify(
        text, regex_subs=list(subs), preserve_case=preserve_case, use_unicode=use_unicode
    )
