"""Less memory: shared taxonomy objects, and an article's body let go once its page is written.

Pelican memoizes every article's body (`get_content`, with its links resolved) for the
whole run, so by the end of the write phase the process holds a second copy of every
article: 6 MB at 1,000 articles, a tenth of plain Pelican's peak. Once an article's page
is written, only a few later pages need its body again (the JSON feeds of the newest
articles), and they compute it again; every other page uses summaries and titles.
"""

from pelican.urlwrappers import URLWrapper

from kit.fast_path import unaffected_by_body
from kit.pelican_internals import forget_body


def drop_written_body(path: str, context: dict) -> None:
    """`content_written` receiver: forget the body of the article or page just written."""
    content = context.get("article") or context.get("page")
    if content is not None:
        forget_body(content, {content.get_siteurl(), context.get("SITEURL", "")})


@unaffected_by_body("the same tags, categories and authors, shared")
def share_taxonomy(generator) -> None:
    """`article_generator_pretaxonomy` receiver: one Tag, Category and Author object per
    name for all articles, instead of one per article that names it.

    Pelican's reader makes new ones for each article (3,000 tags, 1,000 categories and
    1,000 authors for 1,000 articles naming 30, 12 and 1: 1.5 MB). Equal objects are
    interchangeable: the same name and slug, hence the same URLs. Done before Pelican
    groups the articles and saves its content cache, which then holds one of each too.
    """
    shared = _Shared()
    for content in _all_articles(generator):
        for name in ("tags", "authors"):
            wrappers = getattr(content, name, None)
            if isinstance(wrappers, list):
                wrappers[:] = [shared.one(wrapper) for wrapper in wrappers]  # metadata's too
        for name in ("category", "author"):
            if hasattr(content, name):
                setattr(content, name, shared.one(getattr(content, name)))
            if name in content.metadata:
                content.metadata[name] = shared.one(content.metadata[name])


class _Shared(dict):
    """The first object met for each (kind, name, slug)."""

    def one(self, wrapper):
        if not isinstance(wrapper, URLWrapper):
            return wrapper
        return self.setdefault((type(wrapper), wrapper.name, wrapper.slug), wrapper)


def _all_articles(generator) -> list:
    lists = ("articles", "translations", "hidden_articles", "hidden_translations")
    lists += ("drafts", "drafts_translations")
    return [content for name in lists for content in getattr(generator, name, ())]
