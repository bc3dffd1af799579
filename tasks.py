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
    core = getattr(program, "core", None)  # None outside an invoke command line
    cmd += " " + (core.remainder if core else "")
    pelican_main(shlex.split(cmd))


# The edit-preview loop: one process for every rebuild. Pelican's content cache skips
# the Markdown of unchanged articles (uncompressed: gzip costs more than it saves on a
# local disk), BUILDSPEED_INCREMENTAL the rendering of unchanged pages
# (plugins/buildspeed/incremental.py).
LIVE_SETTINGS = (
    "CACHE_CONTENT=true LOAD_CONTENT_CACHE=true GZIP_CACHE=false BUILDSPEED_INCREMENTAL=true"
)


_last_request: tuple[str, str] | None = None


def live_build(options: str = "", settings: str = "") -> None:
    """One rebuild of `livereload` (`options`: more Pelican arguments such as -o;
    `settings`: more KEY=VALUE overrides, as one -e takes them all).

    After an edit of article bodies only, the buildspeed plugin's fast path renders from
    the last build's articles (plugins/buildspeed/live.py); anything else is a full build.
    """
    global _last_request
    live = sys.modules.get("buildspeed.live")  # loaded with the plugin by the first build
    if live is not None:
        if (options, settings) == _last_request and live.rebuild():
            return
        live.forget()
    _last_request = (options, settings)
    cmd = "-s {settings_base} ".format(**CONFIG) + options
    cmd += " -e " + LIVE_SETTINGS + " " + settings
    # A broken article must not stop the server: the error is printed, and the
    # next save rebuilds.
    with contextlib.suppress(SystemExit):
        pelican_run(cmd)


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
    """Build production version of site, strictly, into a fresh folder swapped in on success"""
    build_then_swap("-s {settings_publish} --fatal warnings".format(**CONFIG))


def build_then_swap(args: str) -> None:
    """Run Pelican into a fresh sibling of the output folder; swap it in only on success.

    A build that fails halfway (a template error after the articles were written)
    must not leave a half-written output/ for `publish` or `gh-pages` to upload:
    the previous output stays untouched and the partial build is removed.
    """
    target = Path(CONFIG["deploy_path"]).resolve()
    staging = target.with_name(f".{target.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        pelican_run(f"{args} -o {shlex.quote(str(staging))}")
    except SystemExit as stopped:
        if stopped.code:
            shutil.rmtree(staging, ignore_errors=True)
            raise Exit(f"Build failed: {target.name}/ was left as it was.", code=1) from None
    swap_in(staging, target)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames, then delete the old folder."""
    old = target.with_name(f".{target.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def rebuild_after_change(changed: object = None) -> None:
    """python-livereload's watch callback: it passes the changed files, we rebuild all."""
    live_build()


@task
def livereload(c):
    """Build, serve at http://127.0.0.1:8000 and reload the browser tab on every change"""
    from livereload import Server

    from devtools.live_watch import NotifiedWatcher

    theme_path = SETTINGS["THEME"]
    folders = [theme_path, "plugins", "markdown_extensions", CONFIG["content_path"]]
    # Before the first build, so that a save during it counts.
    watcher = NotifiedWatcher(folders, [CONFIG["settings_base"]])
    live_build()
    server = Server(watcher=watcher)
    watched_globs = [
        CONFIG["settings_base"],
        f"{theme_path}/templates/**/*",
        f"{theme_path}/static/**/*",
        "plugins/**/*.py",
        "markdown_extensions/**/*.py",
        "{}/**/*".format(CONFIG["content_path"]),
    ]
    for glob in watched_globs:
        server.watch(glob, rebuild_after_change)
    sys.stderr.write("Serving at http://{host}:{port}/ with live reload\n".format(**CONFIG))
    server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])


@task(
    help={
        "export": "the WordPress export (Tools → Export, WXR 1.1 or 1.2)",
        "uploads": "a copy of the old site's wp-content/uploads folder",
        "force": "replace files you edited since the last import",
        "content": "the content folder to write (default: PATH of pelicanconf.py)",
    }
)
def import_wordpress(c, export, uploads="", force=False, content=""):
    """Import a WordPress blog into content/: posts, pages, images, comments, old addresses"""
    sys.path.insert(0, str(ROOT / "plugins"))  # the content lint's limits
    from wordpress.importer import run_import
    from wordpress.report import report_lines, write_report
    from wordpress.wxr import ExportError

    content = Path(content or CONFIG["content_path"])
    folder = Path(uploads) if uploads else None
    if folder is not None and not folder.is_dir():
        raise Exit(f"--uploads {uploads}: no such folder", code=1)
    try:
        result = run_import(Path(export), folder, content, SETTINGS["TIMEZONE"], force)
    except (ExportError, OSError) as error:
        raise Exit(f"import-wordpress: {error}", code=1) from error
    print("\n".join(report_lines(result)))
    print(f"Report written to {write_report(result, content)}")


@task(help={"port": "the port Isso listens on, 127.0.0.1 only (default 8090)"})
def isso(c, port=8090):
    """Run a local Isso comment server, so `./inv livereload` shows working comments"""
    from deploy.isso_config import ISSO, write_local_config

    if not ISSO.exists():
        raise Exit(f"Isso not found at {ISSO}: run ./inv once to set up .venv", code=1)
    site = f"http://{CONFIG['host']}:{CONFIG['port']}"
    origins = [site, site.replace("127.0.0.1", "localhost")]
    # The comments stay in cache/isso/comments.db between runs; nothing is e-mailed.
    config = write_local_config(ROOT / "cache" / "isso", int(port), origins, moderated=False)
    sys.stderr.write(f"Isso for {site} at http://127.0.0.1:{port}/ (Ctrl-C stops it)\n")
    c.run(f"{shlex.quote(str(ISSO))} -c {shlex.quote(str(config))} run", pty=False)


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
    """Check code style with ruff (lint and format) and the plugins' import rules"""
    c.run(f"{PYTHON} -m ruff check .")
    c.run(f"{PYTHON} -m ruff format --check .")
    lint_imports = shlex.quote(str(Path(sys.executable).parent / "lint-imports"))
    done = c.run(f"{lint_imports} --no-cache", env={"PYTHONPATH": "plugins"}, hide=True, warn=True)
    if done.failed:  # its report names the broken contract and the import chain
        raise Exit(done.stdout + done.stderr, code=1)
    print(done.stdout.strip().splitlines()[-1])  # "Contracts: 7 kept, 0 broken."


@task
def format(c):
    """Format the code with ruff"""
    c.run(f"{PYTHON} -m ruff check --fix .")
    c.run(f"{PYTHON} -m ruff format .")


@task(pre=[lint])
def test(c):
    """Lint, then run the whole test suite (arguments after -- go to pytest)"""
    c.run(f"{PYTHON} -m pytest " + program.core.remainder)


@task
def gh_pages(c, branch="gh-pages"):
    """Build strictly with the publish settings and push output/ to a gh-pages branch"""
    preview(c)
    message = shlex.quote(f"Publish site on {datetime.date.today().isoformat()}")
    ghp_import = shlex.quote(str(Path(sys.executable).parent / "ghp-import"))
    c.run(f"{ghp_import} -b {branch} -m {message} -n -p {CONFIG['deploy_path']}")


def publish_target() -> dict:
    """SSH_HOST, SSH_USER, SSH_PORT, SSH_PATH from the environment, else from publishconf.py."""
    publish = get_settings_from_file(str(ROOT / CONFIG["settings_publish"]))
    keys = ("SSH_HOST", "SSH_USER", "SSH_PORT", "SSH_PATH")
    target = {key: os.environ.get(key) or publish.get(key) for key in keys}
    missing = [key for key in ("SSH_HOST", "SSH_PATH") if not target[key]]
    if missing:
        raise Exit(
            f"publish: set {' and '.join(missing)} in the environment or in publishconf.py "
            "(e.g. SSH_HOST=blog.example.org SSH_PATH=/srv/blog/ ./inv publish)",
            code=1,
        )
    return target


@task
def publish(c):
    """Build strictly with the publish settings, then rsync output/ over SSH"""
    target = publish_target()
    preview(c)
    host = (
        f"{target['SSH_USER']}@{target['SSH_HOST']}" if target["SSH_USER"] else target["SSH_HOST"]
    )
    ssh = shlex.quote(f"ssh -p {int(target['SSH_PORT'] or 22)}")
    source = CONFIG["deploy_path"].rstrip("/") + "/"
    destination = shlex.quote(f"{host}:{target['SSH_PATH']}")
    c.run(f'rsync --delete --exclude ".DS_Store" -pthrvz -c -e {ssh} {source} {destination}')
    ping_websub_hub(Path(CONFIG["deploy_path"]))


def ping_websub_hub(output: Path) -> None:
    """WebSub: tell the hub the feeds advertise (FEEDS_WEBSUB_HUB) that they changed.
    A failed ping is a warning: the site is already published."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from feeds.websub import ping, targets

    hub, feeds = targets(output, None)
    if hub is None:
        return
    for warning in ping(hub, feeds):
        sys.stderr.write(f"warning: {warning}\n")
    sys.stderr.write(f"websub: {hub} told of {len(feeds)} feed(s)\n")


@task(
    help={
        "repo": "bare repository to install the hooks into",
        "webroot": "folder the web server serves through its current/ symlink",
        "keep": "how many releases to keep (default 5)",
        "branch": "the publishing branch (default main)",
        "siteurl": "the site's public address (SITEURL for the build)",
        "server": "build with a resident build server (the default; --no-server: a fresh "
        "Pelican process per push, git config deploy.server false)",
    }
)
def install_hook(c, repo, webroot, keep=5, branch="main", siteurl="", server=True):
    """Install the push-to-deploy git hooks into a bare repository"""
    repo_path, webroot_path = Path(repo).resolve(), Path(webroot).resolve()
    git = f"git -C {shlex.quote(str(repo_path))}"
    bare = c.run(f"{git} rev-parse --is-bare-repository", warn=True, hide=True)
    if not bare.ok or bare.stdout.strip() != "true":
        raise Exit(f"install-hook: {repo_path} is not a bare git repository", code=1)
    code_dir = repo_path / "hooks" / "site-deploy"
    code_dir.mkdir(parents=True, exist_ok=True)
    for name in (
        "hook.py",
        "releases.py",
        "build_server.py",
        "build_client.py",
        "shared_release.py",
    ):
        shutil.copy(ROOT / "deploy" / name, code_dir / name)
    # The WebSub ping (standard library only) goes with them: the hook pings the hub the
    # new release's feeds advertise.
    shutil.copy(ROOT / "plugins" / "feeds" / "websub.py", code_dir / "websub.py")
    for hook in ("pre-receive", "post-receive"):
        write_hook(repo_path / "hooks" / hook, code_dir / "hook.py")
    settings = {"webroot": webroot_path, "keep": int(keep), "branch": branch, "siteurl": siteurl}
    settings["server"] = "true" if server else "false"
    for key, value in settings.items():
        if value != "":
            c.run(f"{git} config deploy.{key} {shlex.quote(str(value))}")
    (webroot_path / "releases").mkdir(parents=True, exist_ok=True)
    # A running build server holds the old code and environment: the next push starts
    # a new one (deploy/build_client.py).
    from deploy.build_client import stop

    stop(webroot_path)
    print(f"Installed: pushes to {branch} of {repo_path} go live in {webroot_path}/current")


def write_hook(path: Path, script: Path) -> None:
    """A hook that runs `script` with this project's Python environment."""
    command = " ".join(shlex.quote(str(p)) for p in (sys.executable, script, path.name))
    path.write_text(f"#!/bin/sh\n# Installed by `invoke install-hook`.\nexec {command}\n")
    path.chmod(0o755)


@task(help={"webroot": "the deploy hook's webroot"})
def rollback(c, webroot):
    """Switch the live site back to the previous release"""
    from deploy.releases import locked, previous_release, switch

    root = Path(webroot).resolve()
    with locked(root):
        release = previous_release(root)
        if release is None:
            raise Exit(f"rollback: no release older than the live one in {root}", code=1)
        switch(root, release)
    print(f"Live: {release.name}")


@task(help={"webroot": "the deploy hook's webroot"})
def releases(c, webroot):
    """List the releases of a webroot, with their commits; * marks the live one"""
    from deploy.releases import commit_of, current_release, list_releases

    root = Path(webroot).resolve()
    live = current_release(root)
    for release in list_releases(root):
        marker = "*" if release.resolve() == live else " "
        print(f"{marker} {release.name}  commit {commit_of(release)}")


@task(
    help={
        "output": "the built site to check (default: output/; ./inv preview builds it)",
        "only": "comma-separated gates to run, e.g. links,html (default: all)",
    }
)
def check(c, output=None, only=""):
    """Run the quality gates on a built site; fail if any gate fails (--only links,html)"""
    from checks import run_all
    from checks.gate import report

    folder = Path(output or CONFIG["deploy_path"])
    if not (folder / "index.html").is_file():
        raise Exit(f"check: no built site in {folder} (./inv preview builds one)", code=1)
    include = {name for name in only.split(",") if name.strip()} or None
    try:
        results = run_all(folder, include)
    except ValueError as error:
        raise Exit(f"check: {error}", code=1) from None
    print(report(results), flush=True)
    in_ci = bool(os.environ.get("CI"))  # in CI a skipped gate (missing tool) fails too
    failed = [r.name for r in results if not r.ok or (in_ci and r.skipped)]
    if failed:
        raise Exit(f"check: failed: {', '.join(failed)}", code=1)


@task(help={"output": "the built site to photograph (default output/)"})
def screenshots(c, output="output"):
    """Save the pages the browser gates look at, at 375 and 1280 px, light and dark"""
    from checks import browser
    from checks.pages import browser_pages

    reason = browser.missing()
    if reason:
        raise Exit(f"screenshots: {reason}", code=1)
    site, folder = Path(output).resolve(), ROOT / "output-screenshots"
    folder.mkdir(exist_ok=True)
    pages = {path.strip("/").replace("/", "-") or "home": path for path in browser_pages(site)}
    with browser.served(site) as base_url, browser.launched() as chromium:
        for scheme in ("light", "dark"):
            for width in (375, 1280):
                router = browser.Router(site, base_url, browser.public_origin(site))
                context = browser.new_context(
                    chromium, router, color_scheme=scheme, viewport={"width": width, "height": 800}
                )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(f"{router.site_url}/{path}", wait_until="networkidle")
                    browser.wait_for_scripts(page)
                    target = folder / f"{name}-{width}-{scheme}.png"
                    page.screenshot(path=target, full_page=True)
                    print(target.relative_to(ROOT))
                context.close()


@task(
    help={
        "output": "the built site (default output/)",
        "preset": "mobile (default) or desktop",
        "port": "serve on this port (build with SITEURL=http://127.0.0.1:PORT); 0: any",
        "page": "the page, e.g. my-article/ (default: the largest article page)",
    }
)
def lighthouse(c, output="output", preset="mobile", page="", port=0):
    """Lighthouse report (JSON and HTML) of one page of a local server of the output"""
    import json

    from checks import browser

    page = page or largest_article(Path(output))

    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists() or browser.missing():
        raise Exit(f"lighthouse: {browser.missing() or cli} missing; {browser.INSTALL_HINT}", 1)
    folder = ROOT / "output-lighthouse"
    folder.mkdir(exist_ok=True)
    report = folder / f"{page.strip('/').replace('/', '-') or 'home'}-{preset}"
    flags = " ".join(browser.CHROMIUM_ARGS)
    preset_flag = "" if preset == "mobile" else f" --preset={shlex.quote(preset)}"
    env = {"CHROME_PATH": str(browser.chromium_path())}
    with browser.served(Path(output).resolve(), int(port)) as base_url:
        url = shlex.quote(f"{base_url}/{page}")
        c.run(
            f"node {shlex.quote(str(cli))} {url}{preset_flag} --quiet"
            f" --chrome-flags={shlex.quote(flags)} --output=json --output=html"
            f" --output-path={shlex.quote(str(report))}",
            env=env,
        )
    data = json.loads(report.with_suffix(".report.json").read_text(encoding="utf-8"))
    for category in data["categories"].values():
        print(f"{category['title']:<16} {round(category['score'] * 100)}")
    print(f"Reports: {report.relative_to(ROOT)}.report.html / .report.json")


def largest_article(output: Path) -> str:
    """The article page of `output` with the most HTML ("" if there is none)."""
    from checks.pages import article_pages

    return max(
        article_pages(output), key=lambda path: (output / path / "index.html").stat().st_size,
        default="",
    )  # fmt: skip


@task(help={"output": "a publish build whose _headers to use (Mastodon: its toot servers)"})
def headers(c, output=""):
    """Rewrite deploy/security-headers.conf (nginx) for the publishconf.py settings"""
    from pelican.settings import read_settings

    sys.path.insert(0, str(ROOT / "plugins"))
    from headers.formats import HEADERS_FILE, nginx_snippet, parse_headers_file
    from headers.rules import rules_for_site

    if output:  # the build's own rules: they name the servers of the articles' toots too
        rules = parse_headers_file((Path(output) / HEADERS_FILE).read_text(encoding="utf-8"))
    else:
        rules = rules_for_site(read_settings(str(ROOT / CONFIG["settings_publish"])))
    target = ROOT / "deploy" / "security-headers.conf"
    target.write_text(nginx_snippet(rules, CONFIG["settings_publish"]), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


@task
def code_colours(c):
    """Rewrite the code colours in the theme's stylesheet from the Pygments styles"""
    from devtools.code_colours import refresh

    stylesheet = ROOT / "theme" / "static" / "css" / "style.css"
    changed = refresh(stylesheet)
    print(f"{'rewrote' if changed else 'unchanged:'} {stylesheet.relative_to(ROOT)}")


@task(
    help={
        "record": "folder to write the digests of three publish builds into",
        "compare": "folder of recorded digests to compare new builds with",
    }
)
def digests(c, record="", compare=""):
    """SHA-256 of every output file of three publish builds: record, then compare after a change"""
    if bool(record) == bool(compare):
        raise Exit("digests: give --record DIR or --compare DIR", code=1)
    script = shlex.quote(str(ROOT / "tests" / "output_digests.py"))
    action, folder = ("record", record) if record else ("compare", compare)
    c.run(f"{PYTHON} {script} {action} {shlex.quote(folder)}", pty=False)


@task(
    help={
        "sizes": "comma-separated article counts (default 100,1000,3000)",
        "runs": "runs per build, at least 5 (default 5)",
    }
)
def bench(c, sizes="100,1000,3000", runs=5):
    """Build-speed benchmark, ours vs plain Pelican: table and chart in benchmarks/results/"""
    _bench_requirements(c)
    script = shlex.quote(str(ROOT / "benchmarks" / "build.py"))
    c.run(f"{PYTHON} {script} --sizes {shlex.quote(sizes)} --runs {int(runs)}", pty=False)


@task(help={"photos": "phone photos (and articles) in the site (default 100)", "runs": "runs"})
def bench_images(c, photos=100, runs=7):
    """What phone photos cost a warm full build, and what readers download: a table"""
    script = shlex.quote(str(ROOT / "benchmarks" / "photo_build.py"))
    c.run(f"{PYTHON} {script} --photos {int(photos)} --runs {int(runs)}", pty=False)


@task(help={"size": "article count of the synthetic blog (default 1000)"})
def profile(c, size=1000):
    """pyinstrument profiles of a full build and a livereload rebuild, in benchmarks/results/"""
    _bench_requirements(c)
    script = shlex.quote(str(ROOT / "benchmarks" / "profile.py"))
    c.run(f"{PYTHON} {script} --size {int(size)}", pty=False)


def _bench_requirements(c) -> None:
    """The benchmark's own packages (matplotlib, pyinstrument), installed on first use."""
    try:
        import matplotlib  # noqa: F401
        import pyinstrument  # noqa: F401
    except ImportError:
        c.run(
            f"{PYTHON} -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt"
        )
