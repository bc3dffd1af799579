"""A site whose feeds carry every kind of entry: a raster cover, an SVG cover, no cover,
relative links and images, two categories and a shared tag, plus a draft and a hidden
article that no feed may list. Built once per session with the publish settings."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from photos import write_phone_photo
from sitebuild import Build, run_pelican, write_article

SVG_COVER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320" viewBox="0 0 640 320">'
    '<rect width="640" height="320" fill="#0f766e"/></svg>'
)


@dataclass(frozen=True)
class Source:
    """One article of the site as written: what the feeds must show."""

    name: str
    meta: dict[str, str]

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def tags(self) -> list[str]:
        return [tag.strip() for tag in self.meta.get("tags", "").split(",") if tag.strip()]


ARTICLES = [
    Source(
        "raster.md",
        {
            "title": "A photo cover",
            "date": "2024-03-05 08:30",
            "category": "Job Search",
            "tags": "interviews, offers",
            "cover": "images/photo.jpg",
            "cover_alt": 'Two people shaking hands over a "final" offer & a contract',
        },
    ),
    Source(
        "drawing.md",
        {
            "title": "An SVG cover",
            "date": "2024-02-01 12:00",
            "category": "Careers",
            "tags": "offers",
            "cover": "images/diagram.svg",
            "cover_alt": "A teal rectangle",
        },
    ),
    Source(
        "plain.md",
        {"title": "No cover at all", "date": "2023-12-24 18:00", "category": "Careers"},
    ),
]
UNLISTED = [
    Source("draft.md", {"title": "A draft", "date": "2024-04-01", "status": "draft"}),
    Source("hidden.md", {"title": "Hidden away", "date": "2024-04-02", "status": "hidden"}),
]
BODY = (
    "See [the plain one]({filename}plain.md), [about](/about/) and [a section](#part).\n\n"
    '<img src="/images/diagram.svg" alt="Inline" width="640" height="320">\n\n'
    "## Part {#part}\n\nThe end.\n"
)


def write_covers_site(content: Path) -> Path:
    write_phone_photo(content / "images" / "photo.jpg", 1600, 1200)
    (content / "images" / "diagram.svg").write_text(SVG_COVER, encoding="utf-8")
    for source in [*ARTICLES, *UNLISTED]:
        write_article(content, source.name, BODY, **{"category": "Careers", **source.meta})
    write_article(content / "pages", "about.md", "About us.", title="About")
    return content


@pytest.fixture(scope="session")
def covers_sources() -> list[Source]:
    """The articles of the covers site that the feeds list, newest first."""
    return list(ARTICLES)


@pytest.fixture(scope="session")
def covers_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The site above, built strictly with the publish settings."""
    folder = tmp_path_factory.mktemp("covers")
    content = write_covers_site(folder / "content")
    build = run_pelican(content, folder / "out", "publishconf.py")
    assert build.returncode == 0, build.log
    return build
