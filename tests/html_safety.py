"""What in a piece of HTML could run script or fetch from another host as a page loads."""

import re

from bs4 import BeautifulSoup

# Elements that run script or load from elsewhere as the page loads.
LOADING = frozenset(
    {
        "script", "style", "iframe", "frame", "object", "embed", "link", "meta", "base",
        "form", "input", "button", "svg", "math", "video", "audio", "source", "template",
    }
)  # fmt: skip
URL_ATTRIBUTES = ("href", "src", "cite", "action", "formaction", "srcset", "poster", "data")
_SCRIPT_URL = re.compile(r"\s*(javascript|vbscript|data:text)", re.IGNORECASE)
_REMOTE = re.compile(r"\s*(https?:)?//")


def unsafe_parts(fragment: str, own: str = "") -> list[str]:
    """Everything in `fragment` that could run script or fetch from another host than
    `own` (the site's origin: feeds link images absolutely)."""
    found = []
    for element in BeautifulSoup(fragment, "html.parser").find_all(True):
        if element.name in LOADING:
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on") or name.lower() == "style":
                found.append(f"{name} on <{element.name}>")
            if name in URL_ATTRIBUTES and _SCRIPT_URL.match(value):
                found.append(f"{name}={value!r}")
        src = element.get("src", "") if element.name == "img" else ""
        if _REMOTE.match(src) and not (own and src.startswith(own + "/")):
            found.append(f"remote image {src}")
    return found
