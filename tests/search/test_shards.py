"""A large site's search index in shards (plugins/search/shards.py), and the kept bundles
that spare an unchanged shard its Pagefind run (plugins/search/index_cache.py).

The builds are real Pelican builds with the real Pagefind, called through a wrapper that
counts its runs; the index files are read back by decompressing them (the browser tests
in test_search.py search a sharded site through Pagefind's own JavaScript).
"""

import gzip
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from pagefind_bin import get_executable

from search.shards import plan, shard_count
from sitebuild import (
    ANIMALS,
    PUBLISH_SITEURL,
    Build,
    differences,
    run_pelican,
    write_animal_articles,
    write_article,
)

# Nine articles, three pages a shard on average: four shards.
PER_SHARD = 3


# --- The plan ----------------------------------------------------------------------------


def names(count: int) -> list[str]:
    return [f"{2000 + n % 20}/{n % 12 + 1:02}/article-{n}/index.html" for n in range(count)]


SIZES = [(1, 600), (600, 600), (601, 600), (1001, 600), (2400, 600), (2401, 600), (7, 1)]


@pytest.mark.parametrize(("pages", "per_shard"), [*SIZES, (50, None)])
def test_the_shard_count_is_the_smallest_power_of_two_that_fits(pages: int, per_shard) -> None:
    count = shard_count(pages, per_shard)
    assert count & (count - 1) == 0  # a power of two
    if per_shard is None:
        assert count == 1
    else:
        assert pages <= count * per_shard
        assert count == 1 or pages > count // 2 * per_shard


def test_every_page_is_in_exactly_one_shard_and_the_shards_are_even() -> None:
    files = names(1001)
    shards = plan(files, 600)
    assert [shard.folder for shard in shards] == ["", "shard-1/"]
    assert sorted(name for shard in shards for name in shard.files) == sorted(files)
    for shard in shards:
        assert abs(len(shard.files) - 500) < 50, len(shard.files)
    assert plan(files, None) == plan(files, 2000)  # one index: every page in the bundle itself
    assert [shard.folder for shard in plan(names(5000), 600)] == ["", *(
        f"shard-{n}/" for n in range(1, 16))]  # fmt: skip


def test_a_new_page_changes_one_shard_only() -> None:
    before = plan(names(1100), 600)
    after = plan([*names(1100), "2024/05/01/a-new-one/index.html"], 600)
    changed = [old.folder for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1
    removed = plan(names(1100)[1:], 600)  # the first page gone instead
    assert sum(old != new for old, new in zip(before, removed, strict=True)) == 1


# --- Builds ------------------------------------------------------------------------------


@pytest.fixture
def pagefind_counting(tmp_path: Path) -> tuple[str, Path]:
    """A Pagefind that notes each run in a file: (its path, the file)."""
    runs = tmp_path / "pagefind-runs"
    script = tmp_path / "pagefind-counting"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{runs}"\nexec "{get_executable()}" "$@"\n')
    script.chmod(0o755)
    return str(script), runs


def build(content: Path, output: Path, cache: Path, pagefind: str, **extra: str) -> Build:
    done = run_pelican(
        content,
        output,
        "publishconf.py",
        extra={"SEARCH_SHARD_PAGES": str(PER_SHARD), "CACHE_PATH": json.dumps(str(cache)), **extra},
        env={"PAGEFIND_BINARY_PATH": pagefind},
        options=["--verbose"],  # the search plugin's report
    )
    assert done.returncode == 0, done.log
    return done


def runs(counter: Path) -> int:
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def fragments(folder: Path) -> list[dict]:
    """The pages a shard's bundle holds, as Pagefind wrote them."""
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((folder / "fragment").glob("*.pf_fragment"))
    ]


def shard_folders(done: Build) -> list[str]:
    """The shards the search page merges (the bundle's list), as output-relative folders."""
    listed = json.loads((done.output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    first, *others = listed["shards"]
    assert first["folder"] == ""
    return [f"pagefind/{shard['folder']}" for shard in others]


def test_a_large_site_is_indexed_in_shards_the_search_page_merges(
    tmp_path: Path, pagefind_counting: tuple[str, Path]
) -> None:
    pagefind, counter = pagefind_counting
    content = tmp_path / "content"
    write_animal_articles(content)
    done = build(content, tmp_path / "out", tmp_path / "cache", pagefind)
    folders = shard_folders(done)
    assert len(folders) >= 1  # four buckets, by a hash of the address: some may be empty
    assert folders == [f"pagefind/shard-{n}/" for n in range(1, len(folders) + 1)]
    assert runs(counter) == len(folders) + 1  # one Pagefind run per shard
    bundle = done.output / "pagefind"
    urls, counts = [], []
    for folder in [bundle, *(done.output / name for name in folders)]:
        pages = fragments(folder)
        assert pages, folder
        assert len(pages) <= 2 * PER_SHARD
        entry = json.loads((folder / "pagefind-entry.json").read_text())
        assert entry["languages"]["en"]["page_count"] == len(pages)
        counts.append(len(pages))
        urls += [page["url"] for page in pages]
    listed = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert [shard["pages"] for shard in listed] == counts
    slugs = [f"/the-{animal}-method/" for animal in ANIMALS]
    assert sorted(urls) == sorted(slugs)  # every article once, in one shard
    # Only the first shard carries Pagefind's scripts and WebAssembly.
    assert (bundle / "pagefind.js").is_file()
    assert list(bundle.glob("wasm.*"))
    for name in folders:
        assert sorted(path.suffix for path in (done.output / name).glob("*")) == [
            "", "", ".json", ".pf_meta"]  # fmt: skip
    assert f"({len(folders) + 1} shards, 0 of them from the cache)" in done.log
    # The page names only Pagefind's script: the shards come with the index itself.
    form = done.page("search/").find("form", role="search")
    assert form["data-search-index"] == f"{PUBLISH_SITEURL}/pagefind/pagefind.js"
    assert "shard" not in str(form)


def test_an_unchanged_shard_is_not_indexed_again(
    tmp_path: Path, pagefind_counting: tuple[str, Path]
) -> None:
    pagefind, counter = pagefind_counting
    content, cache = tmp_path / "content", tmp_path / "cache"
    write_animal_articles(content)
    first = build(content, tmp_path / "first", cache, pagefind)
    shards = len(shard_folders(first)) + 1
    assert shards > 1
    assert runs(counter) == shards
    again = build(content, tmp_path / "again", cache, pagefind)
    assert runs(counter) == shards  # no run at all
    assert f"({shards} shards, {shards} of them from the cache)" in again.log
    assert differences(first.output / "pagefind", again.output / "pagefind") == []

    edited = content / "emu.md"
    edited.write_text(edited.read_text() + "\nThe emu also mentions a quetzal.\n")
    for kept in (cache / "search-index").iterdir():  # as if made an hour ago
        os.utime(kept, (time.time() - 3600, time.time() - 3600))
    after_edit = build(content, tmp_path / "after-edit", cache, pagefind)
    assert runs(counter) == shards + 1  # the edited article's shard only
    assert f"({shards} shards, {shards - 1} of them from the cache)" in after_edit.log
    # The same index as a build that kept nothing.
    clean = build(content, tmp_path / "clean", tmp_path / "empty-cache", pagefind)
    assert differences(after_edit.output / "pagefind", clean.output / "pagefind") == []
    quetzal = [
        page["url"]
        for folder in after_edit.output.joinpath("pagefind").rglob("fragment")
        for page in fragments(folder.parent)
        if "quetzal" in page["content"]
    ]
    assert quetzal == ["/the-emu-method/"]
    # What the edit replaced is gone from the cache; what the build used is kept.
    assert len(list((cache / "search-index").iterdir())) == shards


def test_a_failed_shard_fails_the_index(tmp_path: Path) -> None:
    """The second Pagefind run fails: no index is published, not even the first shard."""
    content = tmp_path / "content"
    write_animal_articles(content)
    script = tmp_path / "pagefind-failing-twice"
    count = tmp_path / "count"
    script.write_text(
        f'#!/bin/sh\necho x >> "{count}"\n'
        f'[ "$(wc -l < "{count}")" -eq 2 ] && {{ echo "disk full" >&2; exit 3; }}\n'
        f'exec "{get_executable()}" "$@"\n'
    )
    script.chmod(0o755)
    done = run_pelican(
        content,
        tmp_path / "out",
        "publishconf.py",
        extra={"SEARCH_SHARD_PAGES": str(PER_SHARD), "CACHE_PATH": json.dumps(str(tmp_path))},
        env={"PAGEFIND_BINARY_PATH": str(script)},
    )
    assert done.returncode != 0
    assert "search: Pagefind could not index" in done.log
    assert "exit code 3 (disk full)" in done.log
    assert not (done.output / "pagefind").exists()


def test_a_failed_index_leaves_the_previous_one_whole(
    tmp_path: Path, pagefind_counting: tuple[str, Path]
) -> None:
    """A development build keeps its output: when indexing fails, the search page must
    still find the previous index with the shards it lists."""
    pagefind, _ = pagefind_counting
    content, output, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_animal_articles(content)
    settings = {"SEARCH_SHARD_PAGES": str(PER_SHARD), "CACHE_PATH": json.dumps(str(cache))}
    first = run_pelican(content, output, extra=settings, env={"PAGEFIND_BINARY_PATH": pagefind})
    assert first.returncode == 0, first.log
    before = tmp_path / "before"
    shutil.copytree(output / "pagefind", before)
    write_article(content, "jackal.md", "The jackal says apply early.", title="Jackal",
                  date="2024-02-01 10:00", category="Advice")  # fmt: skip
    failed = run_pelican(
        content, output, extra=settings, env={"PAGEFIND_BINARY_PATH": "/bin/false"}
    )
    assert failed.returncode != 0
    assert "search: Pagefind could not index" in failed.log
    assert differences(before, output / "pagefind") == []
    listed = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    for shard in listed["shards"]:
        assert (output / "pagefind" / shard["folder"] / "pagefind-entry.json").is_file(), shard
