"""WordPress import benchmark: a generated export of many posts, imported and built.

    .venv/bin/python benchmarks/wordpress_import.py --posts 500 [--workdir DIR]

The export (generated here, not a real blog) repeats the kinds of post of
tests/fixtures/wordpress/export.xml: Gutenberg posts with headings, lists, a table, a
quote, code, an image from the uploads and a YouTube embed; classic posts with
[caption]; three approved comments each (one a reply by the post's author), one pending,
one pingback; a draft and a password-protected post in every fifty. Prints a table: the
import's time and counts, a second run (nothing to write), and the strict publish build.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "plugins")]
from photos import write_phone_photo  # noqa: E402

OLD = "https://old.career-connections.example"
HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Career Connections</title><link>{OLD}</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>{OLD}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>dana</wp:author_login>
<wp:author_display_name>Dana Whitfield</wp:author_display_name></wp:author>
"""
TOPICS = ["Interviews", "Résumés", "Networking", "Job Search", "Salary"]


def body(number: int) -> str:
    if number % 2:
        return (
            f"Classic post {number}. Bring questions.\n\n"
            f'[caption id="attachment_9{number:04d}" width="800"]<img src="{OLD}/wp-content/'
            f'uploads/2020/01/photo-{number % 10}-1024x768.jpg" alt="Event {number}" /> '
            f'The fair, year {number}[/caption]\n\nSee <a href="{OLD}/?p={number + 1000}">'
            "the previous post</a>."
        )
    return (
        f"<!-- wp:paragraph --><p>Gutenberg post {number}: what recruiters ask.</p>"
        "<!-- /wp:paragraph --><!-- wp:heading --><h2>Before</h2><!-- /wp:heading -->"
        "<!-- wp:list --><ul><li>Research<ul><li>The team</li></ul></li><li>Practice</li>"
        '</ul><!-- /wp:list --><!-- wp:table --><figure class="wp-block-table"><table>'
        "<thead><tr><th>Q</th><th>A</th></tr></thead><tbody><tr><td>Why?</td><td>Because"
        "</td></tr></tbody></table></figure><!-- /wp:table --><!-- wp:quote --><blockquote>"
        "<p>Prepare.</p></blockquote><!-- /wp:quote --><!-- wp:code --><pre><code>x &lt; 1"
        '</code></pre><!-- /wp:code --><!-- wp:image --><figure class="wp-block-image">'
        f'<img src="{OLD}/wp-content/uploads/2020/01/photo-{number % 10}.jpg" alt="Booth '
        f'{number}"/></figure><!-- /wp:image --><!-- wp:embed {{"url":"https://www.youtube'
        '.com/watch?v=dQw4w9WgXcQ"}} --><figure class="wp-block-embed"><div class="wp-'
        'block-embed__wrapper">https://www.youtube.com/watch?v=dQw4w9WgXcQ</div></figure>'
        "<!-- /wp:embed -->"
    )


def comment(number: int, parent: int, author: str, approved: str, kind: str, user: int) -> str:
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id><wp:comment_author>{author}"
        "</wp:comment_author><wp:comment_author_email>x@private.example"
        "</wp:comment_author_email><wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>"
        "<wp:comment_date_gmt>2020-01-02 10:00:00</wp:comment_date_gmt><wp:comment_content>"
        f"&lt;p&gt;Comment {number}&lt;/p&gt;</wp:comment_content><wp:comment_approved>"
        f"{approved}</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>{user}"
        "</wp:comment_user_id></wp:comment>"
    )


def item(number: int) -> str:
    post_id = number + 1000
    status = "draft" if number % 50 == 7 else "publish"
    password = "secret" if number % 50 == 9 else ""
    day = f"20{10 + number % 14:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
    slug = f"career-tip-{number}"
    base = post_id * 10
    comments = "".join(
        [
            comment(base + 1, 0, "Zoë Reader", "1", "comment", 0),
            comment(base + 2, base + 1, "Dana Whitfield", "1", "comment", 1),
            comment(base + 3, 0, "Sam", "1", "", 0),
            comment(base + 4, 0, "Pending", "0", "comment", 0),
            comment(base + 5, 0, "A Blog", "1", "pingback", 0),
        ]
    )
    return (
        f"<item><title>{escape(f'Career tip {number}: {TOPICS[number % 5]}')}</title>"
        f"<link>{OLD}/{day.replace('-', '/')}/{slug}/</link><dc:creator>dana</dc:creator>"
        f"<content:encoded><![CDATA[{body(number)}]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>{day} 12:00:00"
        f"</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name><wp:status>{status}"
        f"</wp:status><wp:post_type>post</wp:post_type><wp:post_password>{password}"
        "</wp:post_password><wp:is_sticky>0</wp:is_sticky>"
        f'<category domain="category" nicename="topic-{number % 5}">{TOPICS[number % 5]}'
        f'</category><category domain="post_tag" nicename="tips">tips</category>{comments}'
        "</item>"
    )


def write_export(path: Path, posts: int) -> None:
    items = "\n".join(item(number) for number in range(posts))
    path.write_text(HEAD + items + "\n</channel></rss>\n", encoding="utf-8")


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="bench-wordpress-"))
    shutil.rmtree(folder / "content", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(10):
        write_phone_photo(folder / "uploads" / "2020" / "01" / f"photo-{number}.jpg", seed=number)
    write_export(folder / "export.xml", args.posts)
    importer = [sys.executable, "-m", "invoke", "import-wordpress", "--export"]
    importer += [str(folder / "export.xml"), "--uploads", str(folder / "uploads")]
    importer += ["--content", str(folder / "content")]
    first, report = timed(importer)
    second, again = timed(importer)
    build = [sys.executable, "-m", "pelican", str(folder / "content"), "-s", "publishconf.py"]
    build += ["-o", str(folder / "output"), "--fatal", "warnings", "-e"]
    build += [f'CACHE_PATH="{folder / "cache"}"']
    built, _ = timed(build)
    rows = [line for line in report.splitlines() if line.startswith("| ") and "---" not in line]
    print(f"\n{args.posts} posts\n\n| measure | value |\n|---|---:|")
    print(f"| import, first run | {first:.2f} s |\n| import, second run | {second:.2f} s |")
    print(f"| strict publish build (cold image cache) | {built:.2f} s |")
    print("\n".join(row for row in rows if not row.startswith("| What")))
    written = [line for line in again.splitlines() if "files written" in line]
    print(f"\nsecond run: {written[0] if written else '?'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
