"""The "like our business page" card: static links, plus an opt-in Facebook Page Plugin.

No SDK and no tracking: the card is plain links. The Page Plugin iframe
(the Like button itself was discontinued on 2026-02-10) is only offered
behind a click, when the site turns it on.
"""

from dataclasses import dataclass
from urllib.parse import quote

from kit.csp import Policy
from kit.settings import SettingsError, http_url

LINK_LABELS = {
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "newsletter": "Newsletter",
}
DEFAULT_HEADING = "Like our business page"
FACEBOOK = "https://www.facebook.com"
PAGE_PLUGIN = f"{FACEBOOK}/plugins/page.php"
WIDGET_SIZE = (340, 130)


@dataclass(frozen=True)
class CtaLink:
    id: str
    label: str
    url: str


@dataclass(frozen=True)
class Cta:
    """Template data for `partials/cta.html`."""

    heading: str
    business_name: str
    text: str
    links: tuple[CtaLink, ...]
    widget_src: str = ""
    widget_width: int = WIDGET_SIZE[0]
    widget_height: int = WIDGET_SIZE[1]

    @property
    def facebook_url(self) -> str:
        return next((link.url for link in self.links if link.id == "facebook"), "")


def page_plugin_src(page_url: str) -> str:
    """The Facebook Page Plugin iframe address for a page, every value encoded."""
    width, height = WIDGET_SIZE
    return (
        f"{PAGE_PLUGIN}?href={quote(page_url, safe='')}&tabs=&width={width}&height={height}"
        "&small_header=true&adapt_container_width=true&hide_cover=true&show_facepile=false"
    )


def load_cta(value: dict | None) -> Cta | None:
    """Validate ENGAGE_CTA into the site-wide card (None: no card)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SettingsError("ENGAGE_CTA must be a dict (or None to turn the card off)")
    name = value.get("business_name")
    if not isinstance(name, str) or not name.strip():
        raise SettingsError("ENGAGE_CTA['business_name'] is required")
    links = value.get("links") or {}
    unknown = sorted(set(links) - set(LINK_LABELS))
    if unknown:
        raise SettingsError(
            f"ENGAGE_CTA['links']: unknown link {unknown[0]!r}; known: {', '.join(LINK_LABELS)}"
        )
    cta_links = tuple(
        CtaLink(key, LINK_LABELS[key], http_url(links[key], f"ENGAGE_CTA['links'][{key!r}]"))
        for key in LINK_LABELS
        if links.get(key)
    )
    widget = ""
    if value.get("facebook_page_plugin"):
        if not links.get("facebook"):
            raise SettingsError(
                "ENGAGE_CTA['facebook_page_plugin'] needs ENGAGE_CTA['links']['facebook']"
            )
        widget = page_plugin_src(links["facebook"])
    return Cta(
        str(value.get("heading") or DEFAULT_HEADING),
        name.strip(),
        str(value.get("text") or ""),
        cta_links,
        widget,
    )


def widget_sources(cta: Cta | None) -> Policy:
    """What the Page Plugin needs in the Content-Security-Policy: its iframe's host."""
    return {"frame-src": (FACEBOOK,)} if cta is not None and cta.widget_src else {}
