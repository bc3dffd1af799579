"""The vocabulary of a Content-Security-Policy, shared by the plugins that add sources to it.

A `Policy` maps a directive (`script-src`) to its sources, in order. The engage plugin
says what its comment providers and page widget need, the search plugin what its
worker needs, and the headers plugin puts them together.
"""

SELF, NONE = "'self'", "'none'"
INLINE = "'unsafe-inline'"
WASM = "'wasm-unsafe-eval'"

Policy = dict[str, tuple[str, ...]]


def merge(into: dict[str, list[str]], policy: Policy) -> None:
    """Add `policy`'s sources to `into`, each directive's sources once, in order."""
    for directive, sources in policy.items():
        into.setdefault(directive, []).extend(s for s in sources if s not in into[directive])
