"""What the deploy hook adds to a release before it goes live (deploy/hook.py, releases.py):
a .gz next to each text file, and the earlier releases' fingerprinted theme files."""

import gzip
import hashlib
from pathlib import Path

from deploy.hook import precompress
from deploy.releases import (
    RELEASES,
    fingerprinted_files,
    keep_old_assets,
    own_assets,
    prune,
    record_own_assets,
    switch,
)

PAGE = "<!DOCTYPE html><title>t</title>" + "<p>Networking matters.</p>" * 40


def _stylesheet(site: Path, text: str) -> str:
    """Write a theme stylesheet named by its content, as the assets plugin does."""
    data = text.encode()
    name = f"theme/css/style.{hashlib.sha256(data).hexdigest()[:10]}.css"
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)
    (site / "theme/css/style.css").write_bytes(data)
    return name


def _site(folder: Path, marker: int) -> tuple[Path, str]:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(PAGE)
    return folder, _stylesheet(folder, f":root{{--release:{marker}}}" + "a{color:red}" * 30)


def test_text_files_get_a_gz_that_is_the_same_on_every_build(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "feeds").mkdir(parents=True)
    (site / "index.html").write_text(PAGE)
    (site / "feeds" / "all.atom.xml").write_text("<feed>" + "<entry/>" * 50 + "</feed>")
    (site / "tiny.txt").write_text("x")  # gzip would make it bigger: left alone
    (site / "photo.png").write_bytes(b"\x89PNG" + bytes(500))  # not text
    assert precompress(site) == 2
    first = (site / "index.html.gz").read_bytes()
    assert gzip.decompress(first) == PAGE.encode()
    assert gzip.decompress((site / "feeds" / "all.atom.xml.gz").read_bytes()).startswith(b"<feed>")
    assert not (site / "tiny.txt.gz").exists()
    assert not (site / "photo.png.gz").exists()
    assert precompress(site) == 2  # no .gz.gz
    assert not list(site.rglob("*.gz.gz"))
    assert (site / "index.html.gz").read_bytes() == first  # no time or name inside


def test_a_release_carries_the_fingerprinted_files_the_kept_releases_built(tmp_path: Path) -> None:
    """With keep=2, each release holds its own stylesheet and those the two releases on
    disk built (with their .gz), not every version ever built."""
    webroot, names = tmp_path / "www", []
    for number in range(4):
        site, stylesheet = _site(tmp_path / f"build-{number}", number)
        precompress(site)
        own, carried = keep_old_assets(webroot, site)
        assert own == [stylesheet]
        assert carried == 2 * min(number, 2)  # each file and its .gz
        release = webroot / RELEASES / f"2024010{number}T000000000000Z-{number:012d}"
        release.parent.mkdir(parents=True, exist_ok=True)
        site.rename(release)
        record_own_assets(release, own)
        switch(webroot, release)
        names.append(stylesheet)
        kept = names[max(0, number - 2) :]
        assert fingerprinted_files(release) == sorted(kept)
        for name in kept:  # the same bytes as built, compressed too
            assert (
                gzip.decompress((release / f"{name}.gz").read_bytes())
                == (release / name).read_bytes()
            )
        assert own_assets(release) == [stylesheet]  # only its own are carried on
        prune(webroot, keep=2)
    releases = sorted(p.name for p in (webroot / RELEASES).iterdir())
    assert len(releases) == 2  # releases/ holds releases only...
    assert sorted(p.name for p in (webroot / ".assets").iterdir()) == releases  # lists pruned
    live = webroot / "current"
    assert (live / names[1]).is_file()  # carried by the live release
    next_site, stylesheet = _site(tmp_path / "build-4", 4)
    keep_old_assets(webroot, next_site)
    assert fingerprinted_files(next_site) == sorted([names[2], names[3], stylesheet])
