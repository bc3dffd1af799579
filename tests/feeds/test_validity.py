"""Every Atom and RSS feed held to the W3C Feed Validator's rules that matter for this site.

The rules, as the validator states them (validator.w3.org/feed/docs/):

- RSS `guid`: a guid that is not an absolute URL says `isPermaLink="false"`
  ("guid must be a full URL, unless isPermaLink attribute is false"); ids unique in a feed;
- absolute URLs: feed and entry links, every href/src/srcset/poster in entry HTML
  ("description should not contain relative URL references"), image and enclosure URLs;
- a self link (`atom:link rel="self"`, in RSS too) naming the feed's own address;
- dates: RFC 3339 in Atom, RFC 822 in RSS with the right day of the week;
- Atom: feed-level `updated`, an author for every entry (or the feed), ids unique;
- images: `media:content` with an absolute URL of a file the site serves, `medium="image"`,
  the file's own type and, when given, its own pixel size; an enclosure with a length.

Three builds: the real content/ (publish and development settings) and the covers site of
conftest.py (a raster and an SVG cover, relative links, a draft and a hidden article).
"""

import email.utils
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from sitebuild import PUBLISH_SITEURL, SEED_SLUG, Build

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
DEV_FEED_DOMAIN = "http://127.0.0.1:8000"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(
    r"^(?P<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
    r"Nov|Dec) \d{4} \d\d:\d\d:\d\d ([+-]\d{4}|GMT)$"
)
BUILDS = [("published_site", PUBLISH_SITEURL), ("dev_site", DEV_FEED_DOMAIN)]
BUILDS += [("covers_site", PUBLISH_SITEURL)]


def xml_feeds(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.xml"))


def assert_rfc3339(value: str | None, where: str) -> None:
    assert RFC3339.match(value or ""), (where, value)
    datetime.fromisoformat(value.replace("Z", "+00:00"))


def assert_rfc822(value: str | None, where: str) -> None:
    match = RFC822.match(value or "")
    assert match, (where, value)
    date = email.utils.parsedate_to_datetime(value)
    assert date.strftime("%a") == match.group("day"), (where, value)  # the right weekday


def assert_absolute(url: str | None, where: str, schemes=("http", "https")) -> None:
    parts = urlsplit(url or "")
    assert parts.scheme in schemes, (where, url)
    assert parts.scheme == "mailto" or parts.netloc, (where, url)


def assert_html_links_absolute(html: str, where: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        urls = [tag.get(name) for name in ("href", "src", "poster") if tag.get(name)]
        for srcset in filter(None, [tag.get("srcset")]):
            urls += [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]
        for url in urls:
            assert_absolute(url, f"{where} <{tag.name}>", ("http", "https", "mailto"))


def served_file(output: Path, domain: str, url: str) -> Path:
    """The output file an absolute URL of the site names (it must exist)."""
    assert url.startswith(domain + "/"), url
    path = output / unquote(urlsplit(url).path.removeprefix(urlsplit(domain).path).lstrip("/"))
    assert path.is_file(), url
    return path


def assert_image(element: ET.Element, output: Path, domain: str, where: str) -> None:
    """A `media:content` image: a file the site serves, of the stated type and size."""
    assert element.get("medium") == "image", where
    url = element.get("url")
    assert_absolute(url, where)
    path = served_file(output, domain, url)
    stated = (element.get("width"), element.get("height"))
    if path.suffix == ".svg":
        assert element.get("type") == "image/svg+xml", where
        root = ET.parse(path).getroot()
        actual = (root.get("width"), root.get("height"))
    else:
        with Image.open(path) as image:
            assert element.get("type") == Image.MIME[image.format], where
            actual = tuple(str(n) for n in image.size)
    if stated != (None, None):
        assert stated == actual, (where, stated, actual)
        assert all(n.isdigit() and int(n) > 0 for n in stated), where
    description = element.find(f"{MEDIA}description")
    if description is not None:
        assert description.get("type") in {"plain", "html"}, where


def check_atom(root: ET.Element, path: Path, output: Path, domain: str) -> None:
    where = str(path.relative_to(output))
    links = {link.get("rel", "alternate"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == f"{domain}/{path.relative_to(output).as_posix()}", where
    assert_absolute(links["alternate"], where)
    assert_rfc3339(root.findtext(f"{ATOM}updated"), where)
    assert root.findtext(f"{ATOM}id"), where
    assert root.findtext(f"{ATOM}title"), where
    feed_author = root.findtext(f"{ATOM}author/{ATOM}name")
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        ids.append(entry.findtext(f"{ATOM}id"))
        assert entry.findtext(f"{ATOM}title"), where
        assert entry.findtext(f"{ATOM}author/{ATOM}name") or feed_author, (where, ids[-1])
        assert_rfc3339(entry.findtext(f"{ATOM}updated"), where)
        if entry.find(f"{ATOM}published") is not None:
            assert_rfc3339(entry.findtext(f"{ATOM}published"), where)
        for link in entry.findall(f"{ATOM}link"):
            assert_absolute(link.get("href"), where)
        for field in ("content", "summary"):
            for element in entry.findall(f"{ATOM}{field}"):
                assert_html_links_absolute(element.text or "", f"{where} {ids[-1]}")
        for image in entry.findall(f"{MEDIA}content"):
            assert_image(image, output, domain, f"{where} {ids[-1]}")
    assert all(ids), where
    assert len(set(ids)) == len(ids), where


def check_rss(root: ET.Element, path: Path, output: Path, domain: str) -> None:
    where = str(path.relative_to(output))
    assert root.get("version") == "2.0", where
    channel = root.find("channel")
    selfs = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in selfs] == [f"{domain}/{Path(where).as_posix()}"]
    assert_absolute(channel.findtext("link"), where)
    assert channel.findtext("title"), where
    assert channel.findtext("description") is not None, where
    assert_rfc822(channel.findtext("lastBuildDate"), where)
    guids = []
    for item in channel.findall("item"):
        guid = item.find("guid")
        assert guid is not None, where
        assert guid.text, where
        guids.append(guid.text)
        if urlsplit(guid.text).scheme not in {"http", "https"}:
            assert guid.get("isPermaLink") == "false", (where, guid.text)
        if guid.get("isPermaLink", "true") == "true":
            assert_absolute(guid.text, where)
        assert_absolute(item.findtext("link"), where)
        assert_rfc822(item.findtext("pubDate"), where)
        assert_html_links_absolute(item.findtext("description") or "", f"{where} {guid.text}")
        for enclosure in item.findall("enclosure"):
            assert_absolute(enclosure.get("url"), where)
            assert (enclosure.get("length") or "").isdigit(), where
            assert enclosure.get("type"), where
        for image in item.findall(f"{MEDIA}content"):
            assert_image(image, output, domain, f"{where} {guid.text}")
    assert len(set(guids)) == len(guids), where


@pytest.mark.parametrize(("site", "domain"), BUILDS)
def test_every_atom_and_rss_feed_follows_the_validators_rules(
    site: str, domain: str, request: pytest.FixtureRequest
) -> None:
    build: Build = request.getfixturevalue(site)
    feeds = xml_feeds(build.output)
    assert len(feeds) >= 4
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        root = ET.parse(path).getroot()
        if root.tag == f"{ATOM}feed":
            check_atom(root, path, build.output, domain)
        else:
            assert root.tag == "rss", path
            check_rss(root, path, build.output, domain)


def test_rss_guids_keep_their_values_and_say_they_are_no_permalinks(
    published_site: Build,
) -> None:
    """The seed's guid as subscribers have stored it since the first feed, unchanged."""
    channel = ET.parse(published_site.output / "feeds/all.rss.xml").getroot().find("channel")
    guids = {item.findtext("link"): item.find("guid") for item in channel.findall("item")}
    seed = guids[f"{PUBLISH_SITEURL}/{SEED_SLUG}/"]
    assert seed.text == f"tag:blog.test,2013-07-15:/{SEED_SLUG}/"
    assert seed.attrib == {"isPermaLink": "false"}


def test_guids_and_atom_ids_are_the_tag_uris_of_link_and_date(
    covers_site: Build, covers_sources: list
) -> None:
    """RFC 4151 tag URIs from each article's address and its source's date, the same in
    Atom and RSS, in every feed that lists the article."""
    dates = {source.title: source.meta["date"][:10] for source in covers_sources}
    for path in xml_feeds(covers_site.output):
        for entry in feedparser.parse(path.read_bytes()).entries:
            parts = urlsplit(entry.link)
            assert entry.id == f"tag:{parts.hostname},{dates[entry.title]}:{parts.path}", path


def entry_html(entry: feedparser.FeedParserDict, feed_name: str) -> str:
    """An entry's full text as feedparser gives it: Atom's content, RSS's description (an
    RSS entry has no `content`: nothing of the Media RSS markup is taken for its text)."""
    if feed_name.endswith(".rss.xml"):
        assert "content" not in entry, entry.get("content")
        return entry.summary
    assert [c.type for c in entry.content] == ["text/html"]
    return entry.content[0].value


@pytest.mark.parametrize("name", ["all.atom.xml", "all.rss.xml"])
def test_covers_are_media_content_images_and_open_each_entry(
    covers_site: Build, covers_sources: list, name: str
) -> None:
    """What feedparser (as feed readers do) finds: the cover as `media:content`, the same
    image with the author's alt text first in the entry, nothing for an article without."""
    parsed = feedparser.parse((covers_site.output / "feeds" / name).read_bytes())
    by_title = {entry.title: entry for entry in parsed.entries}
    assert set(by_title) == {source.title for source in covers_sources}
    for source in covers_sources:
        entry = by_title[source.title]
        media = entry.get("media_content", [])
        first = BeautifulSoup(entry_html(entry, name), "html.parser").find(True)
        if "cover" not in source.meta:
            assert media == [], source.title
            assert first.name != "img", source.title
            assert not first.find("img", recursive=False), source.title
            continue
        assert [m["medium"] for m in media] == ["image"], source.title
        suffix = ".svg" if source.meta["cover"].endswith(".svg") else ".jpg"
        assert media[0]["url"].startswith(f"{PUBLISH_SITEURL}/images/")
        assert media[0]["url"].endswith(suffix)
        image = first if first.name == "img" else first.find("img", recursive=False)
        assert image["src"] == media[0]["url"], source.title
        assert image["alt"] == source.meta["cover_alt"], source.title


def test_a_raster_cover_is_its_share_jpeg_up_to_1200_px(covers_site: Build) -> None:
    root = ET.parse(covers_site.output / "feeds/all.atom.xml").getroot()
    images = [element for element in root.iter(f"{MEDIA}content")]
    raster = [image for image in images if image.get("type") == "image/jpeg"]
    assert len(raster) == 1
    path = served_file(covers_site.output, PUBLISH_SITEURL, raster[0].get("url"))
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.width <= 1200
        assert image.height > image.width  # the photo's EXIF orientation applied: upright
