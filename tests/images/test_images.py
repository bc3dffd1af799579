"""The images plugin on the files it writes: a site of phone photos, a screenshot, an
animated GIF and an SVG (tests/real_content.py), built strictly with the publish settings.

Every assertion walks every page and every image of the output: nothing here names an
article, so it holds for whatever content the site gets.
"""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageOps

from photos import HOSTILE_SVGS, SAFE_SVG, write_phone_photo
from real_content import write_real_site
from sitebuild import PUBLISH_SITEURL, ROOT, Build, run_pelican, write_article

RASTER = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)$", re.IGNORECASE)
# What a camera writes into a file, as bytes: none may be in anything published.
CAMERA_TRACES = (b"Exif\x00\x00", b"PhoneMaker", b"Pocket Camera", b"http://ns.adobe.com/xap")


def build(content: Path, output: Path, cache: Path, strict: bool = True) -> Build:
    extra = {"CACHE_PATH": json.dumps(str(cache))}
    return run_pelican(content, output, "publishconf.py", strict=strict, extra=extra)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    folder = tmp_path_factory.mktemp("images")
    write_real_site(folder / "content")
    done = build(folder / "content", folder / "out", folder / "cache")
    assert done.returncode == 0, done.log
    return done


def local(site: Build, url: str) -> Path:
    path = urlsplit(url).path
    assert url.startswith(PUBLISH_SITEURL + "/") or not urlsplit(url).netloc, url
    return site.output / path.lstrip("/")


def candidates(srcset: str) -> list[tuple[str, int]]:
    found = []
    for part in srcset.split(","):
        url, width = part.split()
        found.append((url, int(width.removesuffix("w"))))
    return found


def images_of(site: Build) -> list[tuple[Path, BeautifulSoup]]:
    return [
        (path, img)
        for path in site.html_files()
        for img in site.page(path.relative_to(site.output).as_posix()).find_all("img")
    ]


def test_no_published_file_carries_the_cameras_data(site: Build) -> None:
    files = [path for path in site.output.rglob("*") if path.is_file()]
    rasters = [path for path in files if RASTER.search(path.name)]
    assert len(rasters) >= 20  # variants in three formats of four images
    for path in files:
        data = path.read_bytes()
        for trace in CAMERA_TRACES:
            assert trace not in data, f"{path.relative_to(site.output)} contains {trace!r}"
    for path in rasters:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(image.info), path


def test_every_img_has_its_size_and_every_candidate_exists_at_its_width(site: Build) -> None:
    checked = 0
    for page, img in images_of(site):
        where = f"{page.relative_to(site.output)}: {img}"
        assert img.get("width"), where
        assert img.get("height"), where
        assert img.get("alt") is not None, where
        sets = [img.get("srcset", "")]
        if img.parent.name == "picture":
            sets += [source["srcset"] for source in img.parent.find_all("source")]
        ratio = int(img["width"]) / int(img["height"])
        for srcset in filter(None, sets):
            for url, width in candidates(srcset):
                with Image.open(local(site, url)) as file:
                    assert file.width == width, f"{url} is {file.width} px, says {width}w"
                    assert abs(file.width / file.height - ratio) < 0.01, url
                checked += 1
    assert checked >= 30


def test_pictures_offer_avif_then_webp_before_the_fallback(site: Build) -> None:
    pictures = [img.parent for _, img in images_of(site) if img.parent.name == "picture"]
    assert pictures
    for picture in pictures:
        types = [source["type"] for source in picture.find_all("source")]
        assert types == ["image/avif", "image/webp"], picture
        assert all(source.get("sizes") for source in picture.find_all("source"))
        assert RASTER.search(picture.img["src"]), picture


def test_variants_are_never_wider_than_their_source(site: Build) -> None:
    content = site.output.parent / "content"
    for _, img in images_of(site):
        if not img.get("srcset"):
            continue
        stem = re.sub(r"-\d+w-[0-9a-f]{8}$", "", Path(urlsplit(img["src"]).path).stem)
        [source] = [p for p in (content / "images").iterdir() if p.stem == stem]
        with Image.open(source) as original:
            widest = max(original.size)  # upright, the photo's width may be its height
        assert max(width for _, width in candidates(img["srcset"])) <= widest


def test_the_first_image_of_a_page_is_eager_and_the_others_lazy(site: Build) -> None:
    seen_eager = 0
    for page in site.html_files():
        images = site.page(page.relative_to(site.output).as_posix()).find_all("img")
        for index, img in enumerate(images):
            where = f"{page.relative_to(site.output)} image {index}"
            if index == 0 and img.get("fetchpriority") == "high":
                assert img.get("loading") != "lazy", where
                seen_eager += 1
            else:
                assert img.get("loading") == "lazy", where
                assert img.get("fetchpriority") is None, where
            assert img.get("decoding") == "async", where
    assert seen_eager >= 2  # the cover of one article, the first image of another


def test_each_original_is_published_upright_capped_and_stripped(site: Build) -> None:
    sources = site.output.parent / "content" / "images"
    rasters = [path for path in sources.iterdir() if RASTER.search(path.name)]
    assert rasters
    for source in rasters:
        with Image.open(source) as original:
            upright = ImageOps.exif_transpose(original).size
        with Image.open(site.output / "images" / source.name) as published:
            assert max(published.size) <= 2400, source.name
            assert published.size[0] <= upright[0], source.name  # never upscaled
            ratio = published.width / published.height
            assert abs(ratio - upright[0] / upright[1]) < 0.01, f"{source.name} not upright"
            assert not published.getexif(), source.name
    # The phone photo, 4000 x 3000 taken sideways, is published 1800 x 2400.
    with Image.open(site.output / "images" / "team-photo.jpg") as published:
        assert published.size == (1800, 2400)


def test_an_animated_gif_keeps_its_frames(site: Build) -> None:
    gifs = [path for path in site.output.rglob("*.gif")]
    assert gifs
    for path in gifs:
        with Image.open(path) as gif:
            assert gif.n_frames == 4, path


def test_a_raster_cover_is_the_share_image(site: Build) -> None:
    pages = [site.page(p.relative_to(site.output).as_posix()) for p in site.html_files()]
    covered = [page for page in pages if page.select_one("figure.cover picture")]
    assert covered
    for page in covered:
        image = page.find("meta", property="og:image")["content"]
        width = int(page.find("meta", property="og:image:width")["content"])
        with Image.open(local(site, image)) as shared:
            assert shared.format == "JPEG"
            assert shared.width == width <= 1200
        assert (
            page.find("meta", property="og:image:alt")["content"]
            == page.select_one("figure.cover img")["alt"]
        )


def test_a_warm_build_encodes_nothing_and_writes_the_same_files(
    site: Build, tmp_path: Path
) -> None:
    cache = site.output.parent / "cache" / "images"
    before = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    again = build(site.output.parent / "content", tmp_path / "out", cache.parent)
    assert again.returncode == 0, again.log
    after = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert after == before  # no file encoded, none rewritten (the index is unchanged too)
    for path in site.output.rglob("*"):
        if RASTER.search(path.name):
            twin = tmp_path / "out" / path.relative_to(site.output)
            assert twin.read_bytes() == path.read_bytes(), path


def test_an_image_edited_since_is_encoded_again_and_its_old_files_go(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_phone_photo(content / "images" / "photo.jpg", 1200, 900)
    write_article(
        content, "a.md", "![A photo]({static}/images/photo.jpg)", title="A", date="2024-01-01"
    )
    first = build(content, tmp_path / "out", tmp_path / "cache")
    assert first.returncode == 0, first.log
    old = {p.name for p in (tmp_path / "out" / "images").iterdir()}
    write_phone_photo(content / "images" / "photo.jpg", 1000, 700, seed=5)
    second = build(content, tmp_path / "out", tmp_path / "cache")
    assert second.returncode == 0, second.log
    new = {p.name for p in (tmp_path / "out" / "images").iterdir()}
    assert old & new == {"photo.jpg"}
    page = second.page("a/")
    assert page.img["width"] == "700"  # 1000 x 700 taken sideways: 700 wide upright


def test_a_missing_alt_text_stops_a_strict_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_phone_photo(content / "images" / "photo.jpg", 600, 400)
    body = '![]({static}/images/photo.jpg)\n\n<img src="{static}/images/photo.jpg">'
    write_article(content, "no-alt.md", body, title="No alt", date="2024-01-01")
    done = build(content, tmp_path / "out", tmp_path / "cache")
    assert done.returncode != 0
    [problem] = done.problems()  # Pelican's own check sees the empty one first
    assert "no-alt.md" in problem
    assert "photo.jpg" in problem
    # Without the empty alt: ours sees the <img> that has none at all.
    (content / "no-alt.md").write_text(
        f"Title: No alt\nDate: 2024-01-01\nSummary: S.\n\n{body.split(chr(10))[-1]}\n"
    )
    done = build(content, tmp_path / "out", tmp_path / "cache")
    assert done.returncode != 0
    [problem] = done.problems()
    assert "no-alt.md: image '{static}/images/photo.jpg' has no alt text" in problem


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_a_hostile_svg_is_refused_and_never_published(tmp_path: Path, name: str) -> None:
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "drawing.svg").write_text(HOSTILE_SVGS[name], encoding="utf-8")
    (content / "images" / "safe.svg").write_text(SAFE_SVG, encoding="utf-8")
    write_article(
        content,
        "drawing.md",
        "![A drawing]({static}/images/drawing.svg)\n\n![A safe one]({static}/images/safe.svg)",
        title="Drawing",
        date="2024-01-01",
        cover="{static}/images/drawing.svg",
        cover_alt="A drawing",
    )
    strict = build(content, tmp_path / "strict", tmp_path / "cache")
    assert strict.returncode != 0
    assert any("drawing.md" in line and "drawing.svg" in line for line in strict.problems())
    lax = build(content, tmp_path / "out", tmp_path / "cache", strict=False)
    assert lax.returncode == 0, lax.log
    assert not list(lax.output.rglob("drawing.svg"))
    assert (lax.output / "images" / "safe.svg").is_file()
    for path in lax.html_files():
        assert "drawing.svg" not in path.read_text(encoding="utf-8"), path
    page = lax.page("drawing/")
    safe = page.find("img", src=re.compile(r"safe\.svg$"))
    assert (safe["width"], safe["height"]) == ("400", "200")


def test_a_screenshot_stays_png_and_a_photo_becomes_jpeg(site: Build) -> None:
    fallbacks = {Path(urlsplit(img["src"]).path).suffix for _, img in images_of(site)}
    assert {".png", ".jpg"} <= fallbacks
    for _, img in images_of(site):
        if img.get("srcset"):
            suffixes = {Path(url).suffix for url, _ in candidates(img["srcset"])}
            assert len(suffixes) == 1, img


def test_bad_image_settings_are_named(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "a.md", title="A", date="2024-01-01")
    done = run_pelican(
        content, tmp_path / "out", extra={"IMAGES_FORMATS": '["jxl"]', "IMAGES_WIDTHS": "[]"}
    )
    assert done.returncode != 0
    assert "IMAGES_FORMATS" in done.log or "IMAGES_WIDTHS" in done.log, done.log


RUN_TWICE = """
import sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings
content, output, cache = sys.argv[1:4]
settings = read_settings(
    "publishconf.py", override={"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache}
)
pelican = Pelican(settings)
pelican.run()
Path(content, "images", "gone.jpg").unlink()
Path(content, "gone.md").unlink()
pelican.run()
"""


def test_a_second_run_in_one_process_forgets_what_the_first_noted(tmp_path: Path) -> None:
    """`pelican --autoreload` runs the same Pelican object again: a photo deleted in
    between is neither looked for nor kept."""
    content = tmp_path / "content"
    for name in ("kept", "gone"):
        write_phone_photo(content / "images" / f"{name}.jpg", 600, 400)
        body = f"![A {name} photo]({{static}}/images/{name}.jpg)"
        write_article(content, f"{name}.md", body, title=name.title(), date="2024-01-01")
    done = subprocess.run(
        [sys.executable, "-c", RUN_TWICE, str(content), str(tmp_path / "out"), str(tmp_path / "c")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"SITEURL": PUBLISH_SITEURL, "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "cannot be read" not in done.stdout + done.stderr
    names = [path.name for path in (tmp_path / "out" / "images").iterdir()]
    assert any(name.startswith("kept-") for name in names)
    assert not any(name.startswith("gone") for name in names), names
