"""Push-to-deploy with real git, the real hooks and temporary folders."""

import os
import subprocess
from pathlib import Path

import pytest

from deployment import ENV, Deployment, commit, invoke, push, run, snapshot
from sitebuild import SEED_SLUG, write_article


@pytest.fixture
def deployment(tmp_path: Path) -> Deployment:
    deployment = Deployment(tmp_path)
    first = commit(deployment.work, "The blog")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert deployment.live_commit() == first[:12]
    return deployment


def test_a_push_puts_the_new_article_live(deployment: Deployment) -> None:
    assert (deployment.live / SEED_SLUG / "index.html").is_file()
    write_article(
        deployment.work / "content",
        "new-post.md",
        title="New post",
        date="2024-06-01",
        category="Job Search",
        summary="A new post.",
    )
    sha = commit(deployment.work, "New post")
    pushed = push(deployment.work)
    assert pushed.returncode == 0, pushed.stderr
    assert f"live: {sha[:12]}" in pushed.stderr
    assert (deployment.live / "new-post" / "index.html").is_file()
    assert deployment.live_commit() == sha[:12]
    assert deployment.live.is_symlink()
    listing = invoke("releases", "--webroot", str(deployment.webroot)).stdout.splitlines()
    assert len(listing) == 2
    assert listing[-1].startswith("* ")
    assert sha[:12] in listing[-1]


def test_a_broken_push_is_refused_and_changes_nothing_live(deployment: Deployment) -> None:
    before_branch, before_link = deployment.branch(), os.readlink(deployment.live)
    before_files, before_releases = snapshot(deployment.live), deployment.releases()
    write_article(deployment.work / "content", "broken.md", date="2024-06-01", category="X")
    commit(deployment.work, "An article without a title")
    pushed = push(deployment.work)
    assert pushed.returncode != 0
    assert "content/broken.md" in pushed.stderr
    assert "title" in pushed.stderr
    assert "Traceback" not in pushed.stderr
    assert "push refused" in pushed.stderr
    assert deployment.branch() == before_branch
    assert os.readlink(deployment.live) == before_link
    assert snapshot(deployment.live) == before_files
    assert deployment.releases() == before_releases
    assert list((deployment.webroot / ".builds").iterdir()) == []


def test_other_branches_are_accepted_but_not_published(deployment: Deployment) -> None:
    before = os.readlink(deployment.live)
    write_article(deployment.work / "content", "broken.md", date="2024-06-01", category="X")
    commit(deployment.work, "Work in progress")
    pushed = push(deployment.work, "drafts")
    assert pushed.returncode == 0, pushed.stderr
    assert "refs/heads/drafts is not main: accepted, not published" in pushed.stderr
    assert os.readlink(deployment.live) == before


def test_concurrent_pushes_end_live_in_order(deployment: Deployment, tmp_path: Path) -> None:
    first, second = deployment.work, deployment.clone(tmp_path / "second")
    write_article(
        first / "content",
        "post-a.md",
        title="Post A",
        date="2024-06-01",
        category="Job Search",
        summary="A.",
    )
    sha_a = commit(first, "Post A")
    run(second, "git", "pull", "-q", str(first), "HEAD")
    write_article(
        second / "content",
        "post-b.md",
        title="Post B",
        date="2024-06-02",
        category="Job Search",
        summary="B.",
    )
    sha_b = commit(second, "Post B")
    pushes = [
        subprocess.Popen(
            ["git", "push", "origin", "HEAD:main"],
            cwd=work,
            env=ENV,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for work in (first, second)
    ]
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in pushes]
    # Both clients saw the same old branch tip: git lets only one update win, and
    # rejects the other cleanly. Pushing again after that settles it.
    for (code, _), work, sha in zip(results, (first, second), (sha_a, sha_b), strict=True):
        contained = run(
            deployment.bare, "git", "merge-base", "--is-ancestor", sha, "main", check=False
        )
        if code != 0 and contained.returncode != 0:
            assert push(work).returncode == 0
    assert deployment.branch() == sha_b
    assert deployment.live_commit() == sha_b[:12]
    for slug in ("post-a", "post-b", SEED_SLUG):
        assert (deployment.live / slug / "index.html").is_file()
    for release in deployment.releases():
        assert (release / "index.html").is_file(), release
    assert list((deployment.webroot / ".builds").iterdir()) == []
    assert sha_a != sha_b


def test_rollback_and_pruning(tmp_path: Path) -> None:
    deployment = Deployment(tmp_path, keep=2)
    shas = []
    for number in range(3):
        write_article(
            deployment.work / "content",
            f"post-{number}.md",
            title=f"Post {number}",
            date=f"2024-06-0{number + 1}",
            category="Job Search",
            summary="S.",
        )
        shas.append(commit(deployment.work, f"Post {number}"))
        assert push(deployment.work).returncode == 0
    assert [r.name.rsplit("-", 1)[-1] for r in deployment.releases()] == [s[:12] for s in shas[1:]]
    invoke("rollback", "--webroot", str(deployment.webroot))
    assert deployment.live_commit() == shas[1][:12]
    assert not (deployment.live / "post-2").exists()
    again = invoke("rollback", "--webroot", str(deployment.webroot), check=False)
    assert again.returncode != 0
    assert "no release older" in again.stderr + again.stdout


def test_publish_without_ssh_settings_says_what_is_missing() -> None:
    done = invoke("publish", check=False)
    assert done.returncode != 0
    assert "SSH_HOST and SSH_PATH" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
