"""Is a change an edit of article bodies only? And if so, put the new bodies in place."""

import datetime

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import URLWrapper

from kit.pelican_internals import body_html, forget_memoized, set_body_html

# What a body edit may change on an article as Pelican and `content_object_init` make it.
BODY_ATTRIBUTES = frozenset({"_content"})


def body_edits(generator: ArticlesGenerator, changed: list[str]) -> list[tuple] | None:
    """(article, its new reading) per changed file, or None if this is not a body edit."""
    published = {a.source_path: a for a in [*generator.articles, *generator.translations]}
    edits = []
    for path in changed:
        old = published.get(path)
        if old is None:
            return None
        try:  # a broken file or, with --fatal, any warning: the full build reports it
            new = read_again(generator, old)
            if not same_but_body(old, new):
                return None
        except Exception:
            return None
        edits.append((old, new))
    return edits


def read_again(generator: ArticlesGenerator, article: Content) -> Content:
    """The article read from its source again, as ArticlesGenerator.generate_context does."""
    return generator.readers.read_file(
        base_path=generator.path,
        path=article.relative_source_path,
        content_class=type(article),
        context=generator.context,
        preread_signal=signals.article_generator_preread,
        preread_sender=generator,
        context_signal=signals.article_generator_context,
        context_sender=generator,
    )


def same_but_body(old: Content, new: Content) -> bool:
    """True when `new` differs from `old` in BODY_ATTRIBUTES only (and links no new file)."""
    if not new.is_valid():
        return False
    known = vars(old)
    for name, value in vars(new).items():
        if name in BODY_ATTRIBUTES:
            continue
        if name not in known or not identical(known[name], value):
            return False
    return old.get_static_links() == new.get_static_links()


def identical(old: object, new: object) -> bool:
    """Equal as a page shows them. Pelican's own `==` is too lenient here: tags,
    categories and authors compare by slug (`Relocation` == `relocation`), dates by
    instant (16:00-05:00 == 21:00+00:00)."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    if isinstance(old, list | tuple):
        return len(old) == len(new) and all(map(identical, old, new))
    if isinstance(old, dict):
        return old.keys() == new.keys() and all(identical(old[k], new[k]) for k in old)
    if isinstance(old, URLWrapper):
        return (old.name, old.slug) == (new.name, new.slug)
    if isinstance(old, datetime.datetime):
        return (old.isoformat(), old.tzname()) == (new.isoformat(), new.tzname())
    return old == new


def apply(old: Content, new: Content) -> None:
    """Put the new body into the article every list and page already holds."""
    set_body_html(old, body_html(new))
    forget_memoized(old)


def has_come(date: datetime.datetime) -> bool:
    """As Pelican's Article decides whether it is dated in the future."""
    if date.tzinfo is None:
        return date <= datetime.datetime.now()
    return date <= datetime.datetime.now(datetime.UTC)
