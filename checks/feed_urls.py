"""The URLs a feed refers to, for the links gate (links.py): Atom, RSS and JSON Feed.

Apart from links.py, which reads HTML, so that each module stays small; the gate passes
its HTML reader in (`html_urls`), so this module imports nothing of it.
"""

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

ATOM_NS = "http://www.w3.org/2005/Atom"
HtmlUrls = Callable[[str], list[str]]  # every URL an HTML fragment refers to
JSON_FEED_KEYS = ("home_page_url", "feed_url", "icon", "favicon")
JSON_ITEM_KEYS = ("url", "external_url", "image", "banner_image")


def feed_urls(path: Path, html_urls: HtmlUrls) -> list[str]:
    """The <link>s of a feed (Atom href, RSS text), its images (Media RSS, enclosures) and
    the links inside its entries; for a JSON Feed, its URLs and those in `content_html`.

    Raises ET.ParseError for XML that is not well-formed, ValueError for a file that is not
    JSON, AttributeError or TypeError for JSON that is no feed."""
    if path.suffix == ".json":
        return json_feed_urls(json.loads(path.read_bytes()), html_urls)
    urls = []
    for element in ET.parse(path).getroot().iter():
        namespace, _, local = element.tag.rpartition("}")
        namespace = namespace.lstrip("{")
        if local == "link" and namespace == ATOM_NS and element.get("href"):
            urls.append(element.get("href").strip())
        elif local == "link" and not namespace and element.text:
            urls.append(element.text.strip())
        elif local in {"content", "enclosure"} and element.get("url"):
            urls.append(element.get("url").strip())  # media:content, RSS enclosure
        elif local in {"content", "summary", "description"} and namespace in {"", ATOM_NS}:
            urls += html_urls(element.text or "")  # (media:description is text, not HTML)
    return urls


def json_feed_urls(document: dict, html_urls: HtmlUrls) -> list[str]:
    """The URLs of a JSON Feed: the feed's, each item's, and those in its `content_html`."""
    urls = [document[key] for key in JSON_FEED_KEYS if isinstance(document.get(key), str)]
    for item in document.get("items") or []:
        urls += [item[key] for key in JSON_ITEM_KEYS if isinstance(item.get(key), str)]
        if isinstance(item.get("content_html"), str):
            urls += html_urls(item["content_html"])
    return [url.strip() for url in urls if url.strip()]
