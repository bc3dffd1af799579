"""The Content-Security-Policy and the other headers every response carries.

Scripts are never allowed inline or through eval; the base policy allows our own
origin only, and a plugin's sources are added per directive ('none' gives way).
"""

from kit.csp import NONE, SELF, Policy

SEARCH_FORM_TARGET = "https://duckduckgo.com"  # theme/templates/search.html, without JavaScript

BASE_POLICY: Policy = {
    "default-src": (SELF,),
    "script-src": (SELF,),
    "style-src": (SELF,),
    "img-src": (SELF,),  # no data: URL anywhere in the theme
    "connect-src": (SELF,),
    "frame-src": (NONE,),
    "worker-src": (SELF,),  # Pagefind's worker
    "object-src": (NONE,),
    "base-uri": (SELF,),
    "form-action": (SELF, SEARCH_FORM_TARGET),
    "frame-ancestors": (NONE,),
}
DIRECTIVE_ORDER = (*list(BASE_POLICY)[:3], "style-src-attr", *list(BASE_POLICY)[3:])
# Features the site never uses, denied to the page and to every frame in it. Only names
# Chromium knows: DevTools reports an unknown one (such as FLoC's retired interest-cohort,
# which browsing-topics replaced) as an error. The clipboard ("Copy link") and Web Share
# ("More options…") are used, so they are not listed.
DENIED_FEATURES = (
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
)
# Every response revalidates (HTML above all: a new release shows at once); a theme file
# named by its content's hash (the assets plugin) never changes, so it is kept a year.
REVALIDATE = ("Cache-Control", "no-cache")
IMMUTABLE = ("Cache-Control", "public, max-age=31536000, immutable")
FIXED_HEADERS = (
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors 'none', for browsers without CSP 2
)


def with_sources(base: Policy, added: Policy) -> Policy:
    """`base` plus `added`, directive by directive ('none' gives way to a real source)."""
    policy = dict(base)
    for directive, sources in added.items():
        kept = tuple(s for s in policy.get(directive, ()) if s != NONE)
        policy[directive] = kept + tuple(s for s in sources if s not in kept)
    return policy


def serialize(policy: Policy) -> str:
    """`directive source ...; ...`, in DIRECTIVE_ORDER."""
    ordered = sorted(policy.items(), key=lambda item: DIRECTIVE_ORDER.index(item[0]))
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in ordered)


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


def security_headers(policy: Policy) -> tuple[tuple[str, str], ...]:
    """Every header for a response under `policy`, in a stable order."""
    return (
        ("Content-Security-Policy", serialize(policy)),
        ("Permissions-Policy", permissions_policy()),
        *FIXED_HEADERS,
    )
