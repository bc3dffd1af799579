"""Old addresses, read and checked: `Aliases` metadata and the redirects file.

An old address is a path on the site (`/2013/07/15/slug/`), optionally with a query
(`/?p=123`: only servers can answer those, so no page is written for it). It is kept as
the browser sends it: percent-encoded, so `/κάλη/` and `/%CE%BA.../` are the same
address. A full URL (with a host), a `..` segment or a fragment is an error naming the
file and the field.
"""

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit


class AddressError(ValueError):
    """An old address that cannot be redirected; the message says why."""


@dataclass(frozen=True)
class Redirect:
    old: str  # "/path/" or "/path?query", percent-encoded
    new: str  # the site path it moves to: "/slug/"
    origin: str  # where it was declared, for messages: "content/x.md: Aliases"

    @property
    def path(self) -> str:
        return urlsplit(self.old).path

    @property
    def query(self) -> str:
        return urlsplit(self.old).query


def split_aliases(value: object) -> list[str]:
    """`Aliases` metadata: addresses separated by commas or new lines (a list is kept)."""
    items = value if isinstance(value, list | tuple) else str(value).replace("\n", ",").split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def normalise(address: str) -> str:
    """The old address as a site path, percent-encoded; AddressError when it is not one."""
    parts = urlsplit(address.strip())
    if parts.scheme or parts.netloc:
        raise AddressError(f"{address!r}: write the path on this site only (/old-address/)")
    if parts.fragment:
        raise AddressError(f"{address!r}: a #fragment never reaches the server")
    path = unquote(parts.path)
    if not path.startswith("/"):
        raise AddressError(f"{address!r} must start with / (a path on this site)")
    if any(segment in {".", ".."} for segment in path.split("/")):
        raise AddressError(f"{address!r} has a . or .. segment")
    encoded = quote(path, safe="/!$&'()*+,;=:@~")
    return f"{encoded}?{parts.query}" if parts.query else encoded


def read_redirects_file(text: str, name: str) -> tuple[list[Redirect], list[str]]:
    """Lines `OLD NEW` of the redirects file: the redirects, and one problem per bad line."""
    found, problems = [], []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        where = f"{name}:{number}"
        if len(words) != 2:
            problems.append(f"{where}: write OLD-ADDRESS NEW-ADDRESS, not {line.strip()!r}")
            continue
        try:
            found.append(Redirect(normalise(words[0]), normalise(words[1]), where))
        except AddressError as error:
            problems.append(f"{where}: {error}")
    return found, problems
