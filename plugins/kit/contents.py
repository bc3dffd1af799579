"""Every content object a generator holds, as one list."""

from pelican.contents import Content

# Pelican's generator attributes holding content objects, listed or not.
_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


def contents_of(generator: object) -> list[Content]:
    """Every article, draft and page of `generator` (hidden ones too), translations included."""
    found: list[Content] = []
    for name in _LISTS:
        for content in getattr(generator, name, []) or []:
            found.append(content)
            found.extend(getattr(content, "translations", []))
    return found


def published_contents_of(generator: object) -> list[Content]:
    """`contents_of(generator)` without drafts (future-dated articles are drafts too)."""
    return [c for c in contents_of(generator) if getattr(c, "status", "") != "draft"]


def all_contents(generators: list) -> list[Content]:
    """`contents_of` every generator of a build, in generator order."""
    return [content for generator in generators for content in contents_of(generator)]
