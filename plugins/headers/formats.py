"""The header rules as files: Netlify / Cloudflare Pages `_headers`, and nginx directives."""

from assets.fingerprints import version_pattern

from .rules import HeaderRule

HEADERS_FILE = "_headers"


def headers_file(rules: list[HeaderRule]) -> str:
    """Netlify / Cloudflare Pages `_headers`: a path line, then indented `Name: value` lines.

    A detach line (`! Name`) makes Cloudflare drop what a broader rule set before the rule
    sets its own value (it would join both, and two policies both apply); Netlify ignores a
    line without a colon and lets the later, narrower rule win.
    """
    lines = [
        "# Security headers for Netlify / Cloudflare Pages, written by the build",
        "# from the site's settings (README: Security, HTTP headers).",
    ]
    for rule in rules:
        lines.append("")
        if rule.comment:
            lines.append(f"# {rule.comment}")
        lines.append(rule.path)
        lines += [f"  ! {name}" for name in rule.detach]
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> list[HeaderRule]:
    """The rules of a `_headers` file written by `headers_file` (its inverse)."""
    return [rule for block in text.split("\n\n") if (rule := _parse_rule(block)) is not None]


def _parse_rule(block: str) -> HeaderRule | None:
    """One blank-line separated block: comments, the path, then `! Name` and `Name: value`."""
    lines = block.splitlines()
    paths = [line for line in lines if line and not line.startswith(("#", " "))]
    if not paths:
        return None  # the file's own heading
    comments = [line[2:] for line in lines if line.startswith("# ")]
    detach = tuple(line[4:] for line in lines if line.startswith("  ! "))
    headers = tuple(
        tuple(line.strip().partition(": ")[::2])
        for line in lines
        if line.startswith("  ") and not line.startswith("  ! ")
    )
    return HeaderRule(paths[0], headers, detach, comments[-1] if comments else "")


def nginx_snippet(rules: list[HeaderRule], source: str = "publishconf.py") -> str:
    """The same rules as nginx directives, for `include` inside a `server` block.

    nginx drops the server's `add_header` lines in a location that has its own, so each
    location repeats every header with its own values. The rules of fingerprinted theme
    files become one location matching every version of those files
    (`assets.fingerprints`), so the snippet stays right when the stylesheet changes.
    """
    site, *others = rules
    lines = [
        f"# Security headers, generated from {source} by `./inv headers`",
        "# (plugins/headers). Do not edit: tests/headers/test_headers.py",
        "# fails when this file differs from what the plugin computes.",
        *_add_headers(site.headers, ""),
    ]
    for location, rule in _locations(others):
        merged = dict(site.headers) | dict(rule.headers)
        lines += ["", *([f"# {rule.comment}"] if rule.comment else []), f"location {location} {{"]
        lines += [*_add_headers(tuple(merged.items()), "    "), "}"]
    return "\n".join(lines) + "\n"


def _locations(rules: list[HeaderRule]) -> list[tuple[str, HeaderRule]]:
    """(nginx location, rule): `= /path`, or one `~ "regex"` for the fingerprinted files
    that share their headers (every version of each), where the first of them was."""
    found: list[tuple[str | list[str], HeaderRule]] = []
    patterns: dict[tuple, list[str]] = {}  # headers -> the versions' patterns, in order
    for rule in rules:
        pattern = version_pattern(rule.path)
        if pattern is None:
            found.append((f"= {rule.path}", rule))
            continue
        key = (rule.headers, rule.detach, rule.comment)
        if key not in patterns:
            patterns[key] = []
            found.append((patterns[key], rule))  # the list, filled by the next rules too
        if pattern not in patterns[key]:
            patterns[key].append(pattern)
    return [(where if isinstance(where, str) else _any_of(where), rule) for where, rule in found]


def _any_of(patterns: list[str]) -> str:
    """One quoted nginx regex for several anchored ones (`^...$`)."""
    if len(patterns) == 1:
        return f'~ "{patterns[0]}"'
    return '~ "^(?:' + "|".join(pattern[1:-1] for pattern in patterns) + ')$"'


def _add_headers(headers: tuple[tuple[str, str], ...], indent: str) -> list[str]:
    return [f'{indent}add_header {name} "{value}" always;' for name, value in headers]
