"""WebSub publishing: tell the hub which feeds changed, so subscribers get them in seconds.

The feeds name the hub (FEEDS_WEBSUB_HUB: `<link rel="hub">`, `hubs` in JSON Feed); after a
deploy, the publisher pings it: `POST hub.mode=publish&hub.url=<feed>`, form-encoded
(the W3C WebSub note leaves publishing to each hub; this is the form that Google's
pubsubhubbub.appspot.com, Superfeedr and WebSubHub accept). One request per feed URL:
some hubs read only the first `hub.url` of a request. A hub that fails is a warning,
never an error: the site is already live, and readers still poll.

Run after a build (plugins/ on sys.path):

    python -m feeds.websub --output DIR [--previous DIR] [--hub URL] [--siteurl URL]
    python plugins/feeds/websub.py --output DIR      (standard library only)

It pings every feed of DIR, or with --previous (the release before) only the feeds
whose bytes changed, prints one line per ping and per warning, and exits 0.
"""

import argparse
import filecmp
import http.client
import json
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlencode

ATOM_FEED = "{http://www.w3.org/2005/Atom}feed"
ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
USER_AGENT = "career-connections-websub/1"


def ping(hub: str, feed_urls: list[str], timeout: float = 10) -> list[str]:
    """POST a publish notification for each of `feed_urls` to `hub`; one warning per failure.

    A hub answers 2xx when it takes the notification (204 is usual). Never raises: a hub
    address urllib cannot use, an unreachable hub, a timeout or an error status is a
    warning naming the feed. (FEEDS_WEBSUB_HUB must be https; this takes http too.)
    """
    warnings = []
    for url in feed_urls:
        warning = _publish(hub, url, timeout)
        if warning:
            warnings.append(warning)
    return warnings


def _publish(hub: str, url: str, timeout: float) -> str | None:
    """One notification: None when the hub took it, else the warning."""
    body = urlencode({"hub.mode": "publish", "hub.url": url}).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT}
    try:
        request = urllib.request.Request(hub, data=body, method="POST", headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
    except (OSError, ValueError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", None) or error
        return f"websub: {hub} not reached for {url}: {reason}"
    if not 200 <= status < 300:
        return f"websub: {hub} answered HTTP {status} for {url}"
    return None


def is_feed(path: Path) -> bool:
    """Whether `path` is an Atom, RSS or JSON Feed document (by its content, not its name)."""
    try:
        if path.suffix == ".json":
            document = json.loads(path.read_bytes())
            version = document.get("version", "") if isinstance(document, dict) else ""
            return isinstance(version, str) and version.startswith(JSON_FEED_VERSION)
        if path.suffix == ".xml":
            return ET.parse(path).getroot().tag in {ATOM_FEED, "rss"}
    except (OSError, ValueError, ET.ParseError):
        return False
    return False


def _feed_files(output: Path) -> list[str]:
    """The output-relative paths of every feed in `output`, sorted."""
    output = Path(output)
    found = [path for pattern in ("*.xml", "*.json") for path in output.rglob(pattern)]
    return sorted(path.relative_to(output).as_posix() for path in found if is_feed(path))


def _url(siteurl: str, relative: str) -> str:
    return f"{siteurl.rstrip('/')}/{quote(relative)}"


def feed_urls(output: Path, siteurl: str) -> list[str]:
    """The absolute URL of every feed file (Atom, RSS, JSON Feed) of a built site."""
    return [_url(siteurl, relative) for relative in _feed_files(output)]


def changed_feeds(old_output: Path, new_output: Path, siteurl: str) -> list[str]:
    """The URLs of the feeds of `new_output` that are new or whose bytes differ from
    `old_output`'s (the release before): only those need a ping."""
    changed = []
    for relative in _feed_files(new_output):
        old = Path(old_output) / relative
        if not (old.is_file() and filecmp.cmp(old, Path(new_output) / relative, shallow=False)):
            changed.append(_url(siteurl, relative))
    return changed


def advertised(output: Path) -> tuple[str | None, str | None]:
    """(hub, site address) as the build's own feeds name them: the first Atom feed's
    `rel="hub"` link, and its `rel="self"` link less the feed's path. (None, None) when
    the build advertises no hub: deploys call this, so the feeds decide, not the caller."""
    output = Path(output)
    for relative in _feed_files(output):
        if not relative.endswith(".xml"):
            continue
        root = ET.parse(output / relative).getroot()
        if root.tag != ATOM_FEED:
            continue
        links = {link.get("rel"): link.get("href") for link in root.iter(ATOM_LINK)}
        own = links.get("self") or ""
        if links.get("hub") and own.endswith("/" + quote(relative)):
            return links["hub"], own[: -len(quote(relative)) - 1]
    return None, None


def targets(output: Path, previous: Path | None = None) -> tuple[str | None, list[str]]:
    """The hub to ping and the feeds to name: those changed since `previous` (the
    release before), or all of them; (None, []) when the build advertises no hub."""
    hub, siteurl = advertised(output)
    if hub is None or siteurl is None:
        return None, []
    if previous is not None and Path(previous).is_dir():
        return hub, changed_feeds(previous, output, siteurl)
    return hub, feed_urls(output, siteurl)


def main(argv: list[str] | None = None) -> int:
    """The command line: ping the hub for the feeds of a build; 0 even when a ping fails."""
    parser = argparse.ArgumentParser(prog="python -m feeds.websub", description=__doc__)
    parser.add_argument("--hub", help="the WebSub hub's URL (default: the one the feeds name)")
    parser.add_argument("--output", required=True, type=Path, help="the built site")
    parser.add_argument("--siteurl", help="the site's address (default: from the feeds)")
    parser.add_argument("--previous", type=Path, help="the previous build: ping changes only")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per request")
    args = parser.parse_args(argv)
    hub, siteurl = advertised(args.output)
    args.hub, args.siteurl = args.hub or hub, args.siteurl or siteurl
    if not (args.hub and args.siteurl):
        print("websub: the feeds name no hub (FEEDS_WEBSUB_HUB): nothing to ping")
        return 0
    if args.previous is not None:
        urls = changed_feeds(args.previous, args.output, args.siteurl)
    else:
        urls = feed_urls(args.output, args.siteurl)
    failed = 0
    for url in urls:
        warnings = ping(args.hub, [url], args.timeout)
        failed += bool(warnings)
        for line in warnings or [f"websub: pinged {args.hub}: {url}"]:
            print(line)
    print(f"websub: {len(urls)} feed(s) to ping, {len(urls) - failed} taken, {failed} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
