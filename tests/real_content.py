"""Content as real authors bring it: phone photos, screenshots, an animated GIF, HTML pasted
from editors and old blogs, embedded videos, and drafts that must stay private.

`write_real_site(content)` writes it next to nothing else (no seed article), so every
test and gate that runs on it proves it does not depend on the seed; it publishes strictly.
`write_hostile_paste(content)` adds pasted HTML that must never run or load.
"""

from pathlib import Path

from photos import SAFE_SVG, write_animated_gif, write_phone_photo, write_screenshot
from sitebuild import write_article

SECRET = "UNPUBLISHED-{kind}-TEXT-7f3a"  # grep for it in a publish build's output
# What an author pastes that an article may keep: it publishes strictly, with no warning.
PASTED_CLEAN = """<p>Before the interview, read the <abbr title="Job Description">JD</abbr>
twice. Press <kbd>Ctrl</kbd>+<kbd>F</kbd> for the skills they repeat.<sup>1</sup></p>
<table><thead><tr><th style="text-align: left;">Offer</th><th style="text-align:right">Salary
</th></tr></thead><tbody><tr><td>A</td><td>50,000</td></tr><tr><td>B</td><td>55,000</td></tr>
</tbody></table>
<details><summary>What to bring</summary><ul><li>Your CV</li><li>Questions</li></ul></details>
<dl><dt>STAR</dt><dd>Situation, Task, Action, Result.</dd></dl>
<iframe width="560" height="315" src="https://www.youtube.com/embed/aqz-KE-bpKQ"
title="How to answer: tell me about yourself" frameborder="0" allowfullscreen></iframe>
"""
# What must never run or load: handlers, scripts, styles, forms, unknown frames, remote
# images. A strict build stops on it; a lax one publishes it cleaned.
PASTED_EDITOR = """<p style="margin:0"><span style="font-family:Calibri">Pasted from a word
processor</span>, with <b onmouseover="alert('hover')">a handler</b>, <font color="red">a
font tag</font> and <o:p></o:p>Office markup.</p>
<script>alert("pasted script")</script>
<style>body { display: none }</style>
<p><a href="javascript:alert(1)">a javascript link</a></p>
<form action="https://forms.example/submit"><input name="email"><button>Send</button></form>
"""
PASTED_OLD_BLOG = """<div class="entry-content"><p>From the old blog, with a <img
src="https://old-blog.example/wp-content/uploads/2013/07/handshake.jpg" alt="A handshake"
width="300" height="200"> remote image and a tracking pixel
<img src="https://stats.example/pixel.gif" width="1" height="1" alt="">.</p>
<iframe src="https://widgets.example/embed" width="300" height="200"></iframe>
<svg onload="alert('svg')"><circle r="4"/></svg><img src="x" onerror="alert('onerror')" alt="">
<a href="https://old-blog.example/" onclick="alert('click')" style="color:red">old blog</a>
</div>
"""
HOSTILE_SUMMARY = '<b onmouseover="alert(1)">Bold</b> advice<script>alert(2)</script>'
# Code that, if any of it ran or loaded, the browser test would see.
ALERTS = ("hover", "pasted script", "svg", "onerror", "click", "1", "2")


def write_real_site(content: Path) -> dict[str, str]:
    """The site; returns each article's slug by what it shows."""
    images = content / "images"
    write_phone_photo(images / "team-photo.jpg")
    write_phone_photo(images / "interview-room.jpg", 3000, 4000, seed=2)
    write_screenshot(images / "job-board.png")
    write_animated_gif(images / "loading.gif")
    (images / "arrow.svg").write_text(SAFE_SVG, encoding="utf-8")
    slugs = {}
    slugs["photos"] = _article(
        content,
        "job-fair",
        "Our team at the job fair",
        "We met two hundred job seekers.\n\n"
        "![Our team at the job fair booth]({static}/images/team-photo.jpg)\n\n"
        "## The interview room\n\n"
        "![The interview room, set for a panel]({static}/images/interview-room.jpg)\n\n"
        "## The queue\n\nIt was long. ![A loading animation]({static}/images/loading.gif)\n",
        cover="{static}/images/team-photo.jpg",
        cover_alt="Our team at the job fair booth",
    )
    slugs["pasted"] = _article(
        content,
        "pasted-advice",
        "Advice pasted from everywhere",
        "Some advice first.\n\n" + PASTED_CLEAN,
    )
    slugs["screens"] = _article(
        content,
        "job-board-tour",
        "A tour of the job board",
        "![The job board's search page]({static}/images/job-board.png)\n\n"
        "![An arrow]({static}/images/arrow.svg)\n\n"
        "Watch the walkthrough:\n\nhttps://vimeo.com/76979871\n\n"
        "```python\nprint('hello')\n```\n\n| Step | Time |\n|:--|--:|\n| Search | 1 min |\n",
    )
    for kind, status, date in (
        ("DRAFT", "draft", "2024-03-01 09:00"),
        ("HIDDEN", "hidden", "2024-03-02 09:00"),
        ("FUTURE", "published", "2099-01-01 09:00"),
    ):
        _article(
            content,
            f"{kind.lower()}-article",
            f"A {kind.lower()} article",
            SECRET.format(kind=kind),
            status=status,
            date=date,
        )
    return slugs


def write_hostile_paste(content: Path) -> str:
    """An article whose body and summary hold PASTED_EDITOR, PASTED_OLD_BLOG and
    HOSTILE_SUMMARY; returns its slug."""
    return _article(
        content,
        "pasted-hostile",
        "Pasted from an old blog",
        "Kept text.\n\n" + PASTED_EDITOR + "\n" + PASTED_OLD_BLOG,
        summary=HOSTILE_SUMMARY,
    )


def _article(content: Path, slug: str, title: str, body: str, **meta: str) -> str:
    fields = {"title": title, "date": "2024-05-01 09:00", "category": "Job Search"}
    fields |= {"tags": "events, photos", "slug": slug, "summary": f"About {title.lower()}."}
    write_article(content, f"{slug}.md", body, **{**fields, **meta})
    return slug
