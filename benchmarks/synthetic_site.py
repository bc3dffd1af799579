"""Synthetic career-advice blogs for the build benchmark (and the incremental-build test).

Deterministic: the same N gives the same files, byte for byte. Each article has
about 800 words with headings, lists, links and an image, 3 of 30 tags, one of
10 categories, and a date; the dates spread over the years before 2026.
"""

import argparse
import datetime
import random
from pathlib import Path

from PIL import Image, ImageDraw

CATEGORIES = [
    "Job Search", "Interviews", "Resumes", "Cover Letters", "Networking",
    "Salary", "Career Change", "Remote Work", "First Jobs", "Leadership",
]  # fmt: skip
TAGS = [
    "linkedin", "follow-up", "recruiters", "referrals", "portfolio", "negotiation",
    "phone screen", "panel interview", "thank-you notes", "gaps", "ats", "keywords",
    "informational interviews", "alumni", "job fairs", "cold email", "references",
    "offers", "benefits", "relocation", "freelance", "internships", "graduates",
    "promotion", "mentors", "burnout", "side projects", "certifications", "layoffs",
    "career fairs",
]  # fmt: skip
WORDS = [
    "network", "interview", "resume", "salary", "offer", "recruiter", "career", "skills",
    "hiring", "manager", "application", "letter", "search", "reference", "portfolio",
    "employer", "contact", "meeting", "role", "team", "company", "culture", "question",
    "answer", "story", "example", "result", "value", "experience", "opening",
    "introduction", "follow", "message", "connection", "friend", "colleague", "industry",
    "event", "week", "plan",
]  # fmt: skip
LINKS = [
    "https://www.linkedin.com/",
    "https://www.indeed.com/",
    "https://www.bls.gov/ooh/",
    "https://www.glassdoor.com/",
]
FIRST_DATE = datetime.datetime(2012, 1, 2, 8, 0)
LAST_DATE = datetime.datetime(2026, 6, 1, 8, 0)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(10, 18)) for _ in range(5))


def article_text(number: int, total: int) -> str:
    """The Markdown source of article `number` of a blog of `total` articles."""
    rng = random.Random(number)
    span = (LAST_DATE - FIRST_DATE) / max(total, 1)
    date = FIRST_DATE + span * number
    tags = rng.sample(TAGS, 3)
    header = [
        f"Title: {sentence(rng, 5)[:-1]} ({number})",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Slug: article-{number:05d}",
        f"Category: {CATEGORIES[number % len(CATEGORIES)]}",
        f"Tags: {', '.join(tags)}",
        f"Summary: {sentence(rng, 14)}",
    ]
    body = [paragraph(rng), f"![A chart of article {number}]({{static}}/images/chart.png)"]
    for section in range(4):
        body.append(f"## {sentence(rng, 4)[:-1]}")
        body += [paragraph(rng), paragraph(rng)]
        link = LINKS[(number + section) % len(LINKS)]
        body.append(
            f"- {sentence(rng, 6)}\n- See [{rng.choice(WORDS)}]({link})\n- {sentence(rng, 8)}"
        )
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n"


def write_chart(path: Path) -> None:
    """A bar chart, as authors make them: a 960 x 540 PNG of flat colours (every article
    shows it, so the images plugin makes its variants once)."""
    image = Image.new("RGB", (960, 540), "#f4f6f8")
    draw = ImageDraw.Draw(image)
    for bar in range(8):
        height = 60 + (bar * 53) % 400
        draw.rectangle((60 + bar * 110, 500 - height, 140 + bar * 110, 500), fill="#0f766e")
    draw.line((40, 500, 920, 500), fill="#1f2a30", width=3)
    image.save(path, "PNG")


def write_site(content: Path, total: int) -> Path:
    """Write a blog of `total` articles, an About page and the image into `content`."""
    (content / "images").mkdir(parents=True, exist_ok=True)
    write_chart(content / "images" / "chart.png")
    (content / "pages").mkdir(exist_ok=True)
    (content / "pages" / "about.md").write_text(
        "Title: About\nSummary: Who writes this blog.\n\nCareer advice, written by recruiters.\n",
        encoding="utf-8",
    )
    for number in range(total):
        path = content / f"article-{number:05d}.md"
        path.write_text(article_text(number, total), encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("articles", type=int)
    args = parser.parse_args()
    write_site(args.folder, args.articles)


if __name__ == "__main__":
    main()
