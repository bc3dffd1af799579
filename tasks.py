"""Invoke tasks, named as in Pelican's quickstart. Run them with `./inv TASK`."""

import contextlib
import datetime
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task
from invoke.main import program
from pelican import main as pelican_main
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parent
PYTHON = shlex.quote(sys.executable)  # the venv's Python, activated or not
SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {**DEFAULT_CONFIG, **get_settings_from_file(str(ROOT / SETTINGS_FILE_BASE))}

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    "content_path": SETTINGS["PATH"],
    "host": SETTINGS.get("BIND", "127.0.0.1"),
    "port": SETTINGS.get("PORT", 8000),
}
os.chdir(ROOT)


def pelican_run(cmd: str) -> None:
    """Run Pelican in this process, passing through arguments after `--`."""
    cmd += " " + program.core.remainder
    pelican_main(shlex.split(cmd))


def strict_flag(strict: bool) -> str:
    """Pelican's option that turns warnings into a failed build (always on in CI)."""
    return " --fatal warnings" if strict or os.environ.get("CI") else ""


@task
def clean(c):
    """Remove generated files"""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])


@task
def build(c, strict=False):
    """Build local version of site (--strict: warnings fail the build)"""
    pelican_run("-s {settings_base}".format(**CONFIG) + strict_flag(strict))


@task
def rebuild(c, strict=False):
    """`build` with the delete switch"""
    pelican_run("-d -s {settings_base}".format(**CONFIG) + strict_flag(strict))


@task
def regenerate(c):
    """Automatically regenerate site upon file modification"""
    pelican_run("-r -s {settings_base}".format(**CONFIG))


@task
def serve(c):
    """Serve site at http://$HOST:$PORT/ (default is 127.0.0.1:8000)"""
    pelican_run("-l -s {settings_base} -b {host} -p {port}".format(**CONFIG))


@task
def reserve(c):
    """`build`, then `serve`"""
    build(c)
    serve(c)


@task
def preview(c):
    """Build production version of site, strictly"""
    pelican_run("-s {settings_publish} --fatal warnings".format(**CONFIG))


@task
def livereload(c):
    """Build, serve at http://127.0.0.1:8000 and reload the browser tab on every change"""
    from livereload import Server

    def cached_build():
        cmd = "-s {settings_base} -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true"
        # A broken article must not stop the server: Pelican has already
        # printed the error, and the next save rebuilds.
        with contextlib.suppress(SystemExit):
            pelican_run(cmd.format(**CONFIG))

    cached_build()
    server = Server()
    theme_path = SETTINGS["THEME"]
    watched_globs = [
        CONFIG["settings_base"],
        f"{theme_path}/templates/**/*.html",
        f"{theme_path}/static/**/*",
        "plugins/**/*.py",
        "{}/**/*".format(CONFIG["content_path"]),
    ]
    for glob in watched_globs:
        server.watch(glob, cached_build)
    sys.stderr.write("Serving at http://{host}:{port}/ with live reload\n".format(**CONFIG))
    server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])


@task(
    help={
        "title": "Title of the new article",
        "category": "Its category",
        "tags": "Comma-separated tags",
    }
)
def new(c, title, category="Job Search", tags="career advice"):
    """Create a draft article in content/ with complete front matter"""
    slug = slugify(title, regex_subs=SETTINGS["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise Exit(f"Cannot make a file name from the title {title!r}", code=1)
    path = Path(CONFIG["content_path"]) / f"{slug}.md"
    now = datetime.datetime.now()
    front_matter = [
        f"Title: {title}",
        f"Date: {now:%Y-%m-%d %H:%M}",
        f"Slug: {slug}",
        f"Category: {category}",
        f"Tags: {tags}",
        "Summary: One or two sentences (at most 160 characters) for the index, feeds and search.",
        "Status: draft",
    ]
    try:
        with open(path, "x", encoding="utf-8") as article:
            article.write("\n".join(front_matter) + "\n\nWrite your article here.\n")
    except FileExistsError:
        raise Exit(f"{path} already exists; not overwriting it", code=1) from None
    print(f"Created {path} (Status: draft). Set Status: published when it is ready.")


@task
def lint(c):
    """Check code style with ruff (lint and format)"""
    c.run(f"{PYTHON} -m ruff check .")
    c.run(f"{PYTHON} -m ruff format --check .")


@task
def format(c):
    """Format the code with ruff"""
    c.run(f"{PYTHON} -m ruff check --fix .")
    c.run(f"{PYTHON} -m ruff format .")


@task(pre=[lint])
def test(c):
    """Lint, then run the whole test suite (arguments after -- go to pytest)"""
    c.run(f"{PYTHON} -m pytest " + program.core.remainder)
