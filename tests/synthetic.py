"""A synthetic blog for tests: many articles over categories, tags, authors and years."""

import datetime
from pathlib import Path

from sitebuild import write_article

CATEGORIES = ["Interviews", "Resumes", "Networking"]
TAGS = ["follow-up", "salary", "linkedin", "cover letters", "first job"]
AUTHORS = ["Alex Doe", "Sam Roe"]


def make_blog(content: Path, articles: int = 32) -> list[str]:
    """Write `articles` articles and an About page; return the article slugs, newest first."""
    start = datetime.datetime(2021, 1, 4, 9, 0)
    slugs = []
    for number in range(articles):
        slug = f"article-{number:03d}"
        date = start + datetime.timedelta(days=40 * number)
        write_article(
            content,
            f"{slug}.md",
            body=f"## Part one\n\nBody of article {number}, full text.\n\n## Part two\n\nMore.",
            title=f"Synthetic article {number}",
            date=f"{date:%Y-%m-%d %H:%M}",
            slug=slug,
            category=CATEGORIES[number % len(CATEGORIES)],
            tags=", ".join({TAGS[number % len(TAGS)], TAGS[(number + 2) % len(TAGS)]}),
            author=AUTHORS[number % len(AUTHORS)],
            summary=f"Summary of article {number}.",
        )
        slugs.append(slug)
    write_article(content / "pages", "about.md", title="About", slug="about", body="About us.")
    return slugs[::-1]
