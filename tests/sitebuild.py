"""Build real sites with Pelican into temporary folders, and read what they wrote."""

import filecmp
import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "networking-an-opportunity-lost"
PUBLISH_SITEURL = "https://blog.test"
# A Mastodon post whose replies are the seed article's comments, and its API address.
TOOT = "https://mastodon.social/@someone/123456"
TOOT_API = "https://mastodon.social/api/v1/statuses/123456/context"
# A line of Pelican's log (rich handler): "[hh:mm:ss] LEVEL    message    module.py:123".
_LOG_RECORD = re.compile(
    r"^(\[\d\d:\d\d:\d\d\])?\s+(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+"
    r"(?P<message>.*?)\s+[\w.]+\.py:\d+$"
)


@dataclass
class Build:
    """The result of one Pelican run: its exit code, its messages and its output folder."""

    returncode: int
    log: str
    output: Path

    def page(self, relative: str) -> BeautifulSoup:
        """Parse an output HTML file; `relative` may name a folder (its index.html)."""
        path = self.output / relative
        if path.is_dir() or relative.endswith("/") or relative == "":
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def problems(self) -> list[str]:
        """The WARNING/ERROR/CRITICAL messages of the log, one per record."""
        found = []
        for line in self.log.splitlines():
            record = _LOG_RECORD.match(line.rstrip())
            if record and record.group("level") in {"WARNING", "ERROR", "CRITICAL"}:
                found.append(record.group("message"))
        return found

    def stray_lines(self) -> list[str]:
        """Log lines that are not a log record (tracebacks, wrapped text...)."""
        return [
            line for line in self.log.splitlines() if line.strip() and not _LOG_RECORD.match(line)
        ]

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def theme_file(self, name: str, static_dir: str = "theme") -> str:
        """The output path pages name a theme file by (`js/site.js` ->
        `theme/js/site.<hash>.js`): the copy named by its own bytes' SHA-256."""
        stem, _, suffix = name.rpartition(".")
        for path in sorted((self.output / static_dir).glob(f"{stem}.*.{suffix}")):
            digest = path.name.removeprefix(Path(stem).name + ".").removesuffix("." + suffix)
            if re.fullmatch(r"[0-9a-f]{8,}", digest) and hashlib.sha256(
                path.read_bytes()
            ).hexdigest().startswith(digest):
                return path.relative_to(self.output).as_posix()
        raise AssertionError(f"no {name} named by its content in {self.output / static_dir}")


def run_pelican(
    content: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    strict: bool = True,
    extra: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    debug: bool = False,
    options: list[str] | None = None,
) -> Build:
    """Build `content` with one of the repository's settings files, in a subprocess.

    A subprocess keeps Pelican's global state (fatal logging level, signal
    receivers) out of the test process and gives us the real exit code.
    """
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / settings)]
    command += ["-o", str(output)]
    if strict:
        command += ["--fatal", "warnings"]
    if debug:
        command += ["--debug"]
    command += options or []
    if extra:  # one -e with every pair: a second -e would replace the first
        command += ["-e", *(f"{key}={value}" for key, value in extra.items())]
    full_env = {"COLUMNS": "200", "PATH": "/usr/bin:/bin", "SITEURL": PUBLISH_SITEURL}
    full_env.update(env or {})
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env=full_env, timeout=300
    )
    return Build(done.returncode, done.stdout + done.stderr, output)


def write_article(folder: Path, name: str, body: str = "Some text.", **meta: str | None) -> Path:
    """Write a Markdown file with `Key: value` metadata lines."""
    folder.mkdir(parents=True, exist_ok=True)
    # Content lint wants a summary: give one unless the test passes summary=None.
    meta = {"summary": f"A test article ({name}).", **meta}
    header = "".join(
        f"{key.capitalize()}: {value}\n" for key, value in meta.items() if value is not None
    )
    path = folder / name
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")
    return path


# A blog for the search index's shards (SEARCH_SHARD_PAGES): every article says "kestrel",
# and each its own animal, which is in its title and slug too.
ANIMALS = ("aardvark", "bison", "caribou", "dingo", "emu", "ferret", "gazelle", "hyena", "ibex")


def write_animal_articles(content: Path) -> None:
    """One article per animal of ANIMALS, at `the-<animal>-method/`."""
    for number, animal in enumerate(ANIMALS):
        write_article(
            content,
            f"{animal}.md",
            f"Job hunting tips from the {animal}: every kestrel agrees.",
            title=f"The {animal.capitalize()} Method",
            date=f"2024-01-{number + 1:02} 10:00",
            category="Advice",
        )


def content_with_toot(tmp: Path) -> Path:
    """A copy of content/ whose seed article takes its comments from the Mastodon TOOT."""
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    seed = content / f"{SEED_SLUG}.md"
    title, rest = seed.read_text(encoding="utf-8").split("\n", 1)
    seed.write_text(f"{title}\nMastodon_toot: {TOOT}\n{rest}", encoding="utf-8")
    return content


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or exist on one side only (relative paths)."""
    left_files = {p.relative_to(left) for p in left.rglob("*") if p.is_file()}
    right_files = {p.relative_to(right) for p in right.rglob("*") if p.is_file()}
    found = [f"only in {left.name}: {p}" for p in sorted(left_files - right_files)]
    found += [f"only in {right.name}: {p}" for p in sorted(right_files - left_files)]
    for path in sorted(left_files & right_files):
        if not filecmp.cmp(left / path, right / path, shallow=False):
            found.append(f"differs: {path}")
    return found
