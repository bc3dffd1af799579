"""The git hooks of a push-to-deploy bare repository.

    pre-receive   build the pushed commit of the publishing branch strictly into a new
                  release and check it; any failure refuses the push (the branch does not
                  move, the live site is untouched, the half-built release is removed);
                  then write a .gz next to each text file (nginx's gzip_static) and give
                  the release the older releases' fingerprinted theme files (releases.py)
    post-receive  switch `current` to the new release atomically and prune old releases

pre-receive builds with the webroot's build server (build_server.py, build_client.py:
one long-lived Pelican session, so a push that edits an article's text renders just
the pages that change) and makes the release from its output, sharing unchanged files
with the previous release (shared_release.py). Whenever the server cannot build (it
will not start, dies, times out, answers nonsense) or deploy.server is false, the
push is built as before: a fresh strict Pelican process into a fresh folder.

Installed by `invoke install-hook`, which records the settings in the bare
repository's git config (deploy.webroot, deploy.keep, deploy.branch,
deploy.siteurl, deploy.server) and points the hooks at the project's Python environment.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_client
from releases import (
    BUILDS,
    RELEASES,
    commit_of,
    current_release,
    keep_old_assets,
    list_releases,
    locked,
    prune,
    record_own_assets,
    release_name,
    switch,
)
from shared_release import MANIFEST, ReleaseMaker, gzipped, record

ZERO = "0" * 40
CACHE = ".cache"
# Text files the deploy writes a .gz copy of, which nginx's gzip_static sends as it is
# (deploy/nginx.conf): compressed once at level 9 rather than at every request at level 5.
# Pagefind's index files are compressed already; images are.
SEARCH_BUNDLE = "pagefind"  # the search index's folder (plugins/search/bundle.py BUNDLE)
PRECOMPRESSED = frozenset({".html", ".css", ".js", ".xml", ".svg", ".txt", ".json"})


class DeployError(Exception):
    """A reason to refuse the push, shown to the author in the `remote:` lines."""


def say(message: str) -> None:
    print(f"deploy: {message}", file=sys.stderr, flush=True)


def git_config(key: str, default: str | None = None) -> str | None:
    done = subprocess.run(["git", "config", "--get", key], capture_output=True, text=True)
    value = done.stdout.strip()
    return value or default


def settings() -> dict:
    webroot = git_config("deploy.webroot")
    if not webroot:
        raise DeployError("deploy.webroot is not set in this repository's git config")
    return {
        "webroot": Path(webroot),
        "branch": git_config("deploy.branch", "main"),
        "keep": int(git_config("deploy.keep", "5")),
        "siteurl": git_config("deploy.siteurl"),
        "server": git_config("deploy.server", "true").lower() not in {"false", "no", "off", "0"},
    }


def updates(branch: str) -> list[tuple[str, str]]:
    """(old, new) of the publishing branch from the hook's input; other refs are ignored."""
    found = []
    for line in sys.stdin:
        old, new, ref = line.split()
        if ref != f"refs/heads/{branch}":
            say(f"{ref} is not {branch}: accepted, not published")
            continue
        found.append((old, new))
    return found


def export(sha: str, into: Path) -> None:
    """The commit's files, from the repository (the push's objects are visible to hooks)."""
    archive = subprocess.run(["git", "archive", "--format=tar", sha], capture_output=True)
    if archive.returncode != 0:
        raise DeployError(f"cannot read commit {sha[:12]}: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        # The "data" filter (no absolute paths, links out of the tree...) exists from
        # Python 3.11.4; git archive of a commit only holds the commit's own files.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)


def build(source: Path, site: Path, siteurl: str | None, cache: Path) -> None:
    """A strict Pelican build with the publish settings; its messages go to the author."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(COLUMNS="160", CI="true")
    if siteurl:
        env["SITEURL"] = siteurl
    command = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py"]
    command += ["-o", str(site), "--fatal", "warnings", "--log-handler", "plain"]
    # A cache that outlives the build folder: unchanged social cards are not redrawn.
    command += ["-e", f"CACHE_PATH={json.dumps(str(cache))}"]
    done = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True)
    for line in author_messages(done.stdout + done.stderr, source):
        print(line, file=sys.stderr)
    if done.returncode != 0:
        raise DeployError("the build failed (see the messages above)")


def author_messages(output: str, source: Path) -> list[str]:
    """Pelican's messages as the author needs them: paths from the repository root,
    no Python tracebacks (the message before them names the file and the problem)."""
    kept, in_traceback = [], False
    for line in output.replace(f"{source}/", "").splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and not line.startswith((" ", "\t")):
            in_traceback = False  # the exception line that ends the traceback
        elif not in_traceback and "Warning or error encountered" not in line:
            kept.append(line)
    return kept


def check_site(site: Path) -> list[str]:
    """The checks a release must pass before it may go live."""
    problems = [
        f"{name} is missing" for name in ("index.html", "404.html") if not (site / name).is_file()
    ]
    for feed in sorted(site.glob("feeds/**/*.xml")):
        try:
            ElementTree.parse(feed)
        except ElementTree.ParseError as error:
            problems.append(f"{feed.relative_to(site)} is not well-formed XML: {error}")
    return problems


def precompress(site: Path) -> int:
    """Write `name.gz` (gzip -9, no file name or time inside: the same bytes on every
    build) next to each text file of `site` that it makes smaller; how many were written."""
    written = 0
    for path in sorted(site.rglob("*")):
        if path.suffix.lower() not in PRECOMPRESSED or not path.is_file():
            continue
        packed = gzipped(path.read_bytes())
        if packed is not None:
            path.with_name(f"{path.name}.gz").write_bytes(packed)
            written += 1
    return written


def pre_receive() -> None:
    config = settings()
    for _old, new in updates(config["branch"]):
        if new == ZERO:
            raise DeployError(f"deleting {config['branch']} would unpublish the site: refused")
        with locked(config["webroot"]):
            release = build_release(config, new)
        say(f"built {new[:12]} into {RELEASES}/{release.name}")


def build_release(config: dict, sha: str) -> Path:
    """Build `sha` into a new release folder, with the build server when there is one
    (else in a fresh process), or raise with everything cleaned up."""
    webroot = config["webroot"]
    if config["server"]:
        try:
            return server_release(config, sha)
        except build_client.UnavailableError as error:
            say(f"build server unavailable: {error}; building in a fresh process")
            build_client.stop(webroot)
    elif (build_client.folder(webroot) / build_client.STATE).exists():
        build_client.stop(webroot)  # deploy.server was turned off
    return one_shot_release(config, sha)


def server_release(config: dict, sha: str) -> Path:
    """Build `sha` with the webroot's build server and make a release of its output."""
    webroot, stages = config["webroot"], Stages()
    build_client.checkout(webroot, sha)
    stages.mark("checkout")
    digest = build_client.code_digest(sha, config["siteurl"])
    how = build_client.ensure(webroot, digest, config["siteurl"], webroot / CACHE)
    stages.mark(f"server {how}")
    answer, conversation = build_client.build(webroot)
    with conversation:
        stages.add(f"{answer['path']} build", answer.get("build_s", 0))
        stages.last = time.monotonic()
        for line in answer["messages"]:
            print(line, file=sys.stderr)
        if not answer["ok"]:
            raise DeployError("the build failed (see the messages above)")
        site = build_client.folder(webroot) / "site"
        problems = check_site(site)
        if problems:
            raise DeployError("site checks failed: " + "; ".join(problems))
        name = release_name(sha)
        work, release = webroot / BUILDS / name, webroot / RELEASES / name
        manifest = build_client.folder(webroot) / MANIFEST
        maker = ReleaseMaker(site, work / "site", webroot / RELEASES, manifest, PRECOMPRESSED)
        try:
            # The release of everything but the search index, while the server makes it.
            maker.fill(skip=frozenset({SEARCH_BUNDLE}))
            stages.mark("release")
            search = build_client.search_index(conversation)
            stages.add("search index, made beside the release", search.get("search_s", 0))
            for line in search["messages"]:
                print(line, file=sys.stderr)
            if not search["ok"]:
                raise DeployError("the search index failed (see the messages above)")
            maker.fill(only=SEARCH_BUNDLE)
            own, carried = keep_old_assets(webroot, work / "site")
            release.parent.mkdir(parents=True, exist_ok=True)
            os.rename(work / "site", release)
            record_own_assets(release, own)
            record(manifest, release, maker.files)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        stages.mark("waiting for the index, then adding it")
        made = maker.made
    path = "body edit, fast path" if answer["path"] == "fast" else "full build"
    say(
        f"build server ({how}, {answer.get('rss_mb', 0):.0f} MB): {path}; {made.copied} files "
        f"new ({made.compressed} precompressed), {made.linked} shared with the previous "
        f"release, {carried} files of earlier releases kept; {stages}"
    )
    return release


class Stages:
    """How long each stage of a deploy took, for the push's output."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.parts: list[str] = []

    def mark(self, name: str) -> None:
        now = time.monotonic()
        self.parts.append(f"{name} {now - self.last:.2f} s")
        self.last = now

    def add(self, name: str, seconds: float) -> None:
        self.parts.append(f"{name} {seconds:.2f} s")

    def __str__(self) -> str:
        return f"{time.monotonic() - self.started:.2f} s ({', '.join(self.parts)})"


def one_shot_release(config: dict, sha: str) -> Path:
    """Build `sha` in a fresh Pelican process into a new release folder."""
    webroot, started = config["webroot"], time.monotonic()
    name = release_name(sha)
    work = webroot / BUILDS / name
    release = webroot / RELEASES / name
    try:
        export(sha, work / "source")
        build(work / "source", work / "site", config["siteurl"], webroot / CACHE)
        problems = check_site(work / "site")
        if problems:
            raise DeployError("site checks failed: " + "; ".join(problems))
        compressed = precompress(work / "site")
        own, carried = keep_old_assets(webroot, work / "site")
        release.parent.mkdir(parents=True, exist_ok=True)
        os.rename(work / "site", release)
        record_own_assets(release, own)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(
        f"build and checks took {time.monotonic() - started:.1f} s; {compressed} files "
        f"precompressed, {carried} files of earlier releases kept"
    )
    return release


def post_receive() -> None:
    config = settings()
    webroot = config["webroot"]
    for _old, new in updates(config["branch"]):
        if new == ZERO:
            continue
        with locked(webroot):
            built = [r for r in list_releases(webroot) if commit_of(r) == new[:12]]
            if not built:
                raise DeployError(f"no release was built for {new[:12]}")
            previous = current_release(webroot)
            switch(webroot, built[-1])
            hub, feeds = websub_targets(built[-1], previous)  # before `previous` is pruned
            pruned = prune(webroot, config["keep"])
        say(f"live: {new[:12]} ({RELEASES}/{built[-1].name}); pruned {len(pruned)} old release(s)")
        ping_hub(hub, feeds)


def websub_targets(release: Path, previous: Path | None) -> tuple[str | None, list[str]]:
    """The hub the new release's feeds advertise (None: none) and the feeds that changed
    since `previous` (all of them on a first deploy)."""
    from websub import targets  # plugins/feeds/websub.py, installed next to this file

    return targets(release, previous)


def ping_hub(hub: str | None, feeds: list[str]) -> None:
    """WebSub: tell the hub which feeds changed. Never fails the deploy (the site is live,
    and readers still poll): a failed ping is a warning in the push's output."""
    if hub is None or not feeds:
        return
    from websub import ping

    warnings = ping(hub, feeds, timeout=5)
    for line in warnings:
        say(line)
    say(f"websub: {hub} told of {len(feeds) - len(warnings)} of {len(feeds)} changed feed(s)")


def main(argv: list[str]) -> int:
    hooks = {"pre-receive": pre_receive, "post-receive": post_receive}
    if len(argv) != 2 or argv[1] not in hooks:
        say(f"usage: hook.py {'|'.join(hooks)}")
        return 2
    try:
        hooks[argv[1]]()
    except DeployError as error:
        say(f"push refused: {error}" if argv[1] == "pre-receive" else str(error))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
