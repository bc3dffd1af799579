"""Feeds gate: every feed of feeds/ reads cleanly.

- `*.xml`: well-formed XML and a feed feedparser reads cleanly. A feed is rejected when the
  XML parser fails, when feedparser flags it (`bozo`, e.g. a wrong encoding or a
  character-level problem) or when feedparser cannot tell its format.
- `*.json`: JSON Feed 1.x (feedparser 6 does not read JSON Feed, so the rules that matter
  are checked here): a version, a title, items each with a unique string `id` and its
  content, absolute http(s) URLs, RFC 3339 dates, authors and tags of the right shape.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from checks.gate import GateResult

NAME = "feeds"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1"
FEED_URL_KEYS = ("home_page_url", "feed_url", "icon", "favicon")
ITEM_URL_KEYS = ("url", "external_url", "image", "banner_image")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def check_feed(path: Path, relative: str) -> tuple[int, list[str]]:
    """(entries, problems) of one feed file."""
    if path.suffix == ".json":
        return check_json_feed(path, relative)
    import feedparser  # a test requirement, installed in the project's .venv

    data = path.read_bytes()
    try:
        ET.fromstring(data)
    except ET.ParseError as error:
        return 0, [f"{relative}: not well-formed XML: {error}"]
    parsed = feedparser.parse(data)
    problems = []
    if parsed.bozo:
        problems.append(f"{relative}: feedparser: {parsed.bozo_exception}")
    if not parsed.version:
        problems.append(f"{relative}: not an Atom or RSS feed")
    return len(parsed.entries), problems


def check_json_feed(path: Path, relative: str) -> tuple[int, list[str]]:
    """(items, problems) of one JSON Feed file."""
    try:
        document = json.loads(path.read_bytes())
    except ValueError as error:  # not UTF-8, or not JSON
        return 0, [f"{relative}: not JSON: {error}"]
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return 0, [f"{relative}: not a JSON Feed (no items list)"]
    problems = [f"{relative}: {problem}" for problem in json_feed_problems(document)]
    return len(document["items"]), problems


def json_feed_problems(document: dict) -> list[str]:
    """What makes `document` no valid JSON Feed 1.x (its items are a list)."""
    problems = []
    if not str(document.get("version", "")).startswith(JSON_FEED_VERSION):
        problems.append(f"version {document.get('version')!r} is not JSON Feed 1.x")
    if not isinstance(document.get("title"), str) or not document["title"]:
        problems.append("no title")
    problems += _url_problems(document, FEED_URL_KEYS, "feed")
    seen: set[str] = set()
    for number, item in enumerate(document["items"], 1):
        where = f"item {number}"
        if not isinstance(item, dict):
            problems.append(f"{where} is not an object")
            continue
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: no string id")
        elif item["id"] in seen:
            problems.append(f"{where}: id {item['id']!r} used twice")
        seen.add(str(item.get("id")))
        problems += _item_problems(item, where)
    return problems


def _item_problems(item: dict, where: str) -> list[str]:
    problems = _url_problems(item, ITEM_URL_KEYS, where)
    if not any(isinstance(item.get(key), str) for key in ("content_html", "content_text")):
        problems.append(f"{where}: neither content_html nor content_text")
    for key in ("date_published", "date_modified"):
        if key in item and not _is_rfc3339(item[key]):
            problems.append(f"{where}: {key} {item[key]!r} is not an RFC 3339 date")
    authors = item.get("authors", [])
    if not isinstance(authors, list) or not all(
        isinstance(a, dict) and isinstance(a.get("name", ""), str) for a in authors
    ):
        problems.append(f"{where}: authors must be a list of objects with a name")
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        problems.append(f"{where}: tags must be a list of strings")
    return problems


def _url_problems(document: dict, keys: tuple[str, ...], where: str) -> list[str]:
    problems = []
    for key in keys:
        value = document.get(key)
        if value is None:
            continue
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
            problems.append(f"{where}: {key} {value!r} is not an absolute http(s) URL")
    return problems


def _is_rfc3339(value: Any) -> bool:
    if not isinstance(value, str) or not RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def run(output: Path) -> GateResult:
    """Parse every feed of the site built in `output`."""
    folder = Path(output) / "feeds"
    paths = sorted([*folder.rglob("*.xml"), *folder.rglob("*.json")]) if folder.is_dir() else []
    if not paths:
        return GateResult(NAME, False, "no feeds", [f"no feeds/**/*.xml in {output}"])
    entries, failures = 0, []
    for path in paths:
        count, problems = check_feed(path, path.relative_to(output).as_posix())
        entries += count
        failures += problems
    figure = f"{len(paths)} feeds, {entries} entries, {len(failures)} problems"
    return GateResult(NAME, not failures, figure, failures)
