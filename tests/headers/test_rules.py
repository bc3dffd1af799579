"""The header rules for a site's settings (plugins/headers/rules.py, formats.py), in process."""

import re
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG

from headers.formats import headers_file, nginx_snippet, parse_headers_file
from headers.rules import rules_for_site

ALL = ["strict", "reading", "engage", "social", "feeds", "search", "headers"]
ISSO = {"ENGAGE_COMMENTS_PROVIDER": "isso", "ENGAGE_COMMENTS": {"url": "https://c.blog.test/"}}


def _settings(plugins: list[str], **extra) -> dict:
    return {**DEFAULT_CONFIG, "PLUGINS": plugins, **extra}


def _csp(rule) -> str:
    return dict(rule.headers)["Content-Security-Policy"]


def test_the_policy_adds_only_what_the_enabled_plugins_need() -> None:
    rules = rules_for_site(_settings(ALL, **ISSO))
    assert [rule.path for rule in rules] == ["/*", "/pagefind/pagefind-worker.js"]
    assert "connect-src 'self' https://c.blog.test;" in _csp(rules[0])
    assert "'wasm-unsafe-eval'" not in _csp(rules[0])  # no page compiles WebAssembly
    assert "script-src 'self' 'wasm-unsafe-eval';" in _csp(rules[1])
    assert "c.blog.test" not in _csp(rules[1])


def test_without_engage_or_search_their_sources_go() -> None:
    rules = rules_for_site(_settings(["headers"], **ISSO))
    assert [rule.path for rule in rules] == ["/*"]
    assert "c.blog.test" not in _csp(rules[0])
    assert "frame-src 'none'" in _csp(rules[0])


def test_the_headers_file_reads_back_as_the_same_rules() -> None:
    rules = rules_for_site(_settings(ALL, **ISSO))
    assert parse_headers_file(headers_file(rules)) == rules


def test_nginx_repeats_every_header_in_the_worker_location() -> None:
    snippet = nginx_snippet(rules_for_site(_settings(ALL)))
    server, _, worker = snippet.partition("location = /pagefind/pagefind-worker.js {")
    for name in ("Content-Security-Policy", "Permissions-Policy", "Referrer-Policy"):
        assert server.count(f"add_header {name} ") == 1
        assert worker.count(f"add_header {name} ") == 1


def _theme(folder: Path) -> Path:
    """A theme with one stylesheet, one script and one image."""
    for name, text in {
        "css/style.css": "/* a comment */\na {\n  color: red;\n}\n",
        "js/site.js": "// a comment\nvar answer = 42;\n",
        "images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }.items():
        (folder / "static" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "static" / name).write_text(text)
    return folder


def test_files_named_by_their_content_are_kept_a_year(tmp_path: Path) -> None:
    settings = _settings(["assets", "headers"], THEME=str(_theme(tmp_path / "theme")))
    site, *named = rules_for_site(settings)
    assert dict(site.headers)["Cache-Control"] == "no-cache"  # pages and the rest revalidate
    assert [re.sub(r"\.[0-9a-f]{10}\.", ".HASH.", rule.path) for rule in named] == [
        "/theme/css/style.HASH.css",
        "/theme/js/site.HASH.js",
    ]
    for rule in named:
        assert rule.detach == ("Cache-Control",)
        assert rule.headers == (("Cache-Control", "public, max-age=31536000, immutable"),)
    assert parse_headers_file(headers_file([site, *named])) == [site, *named]


def test_nginx_matches_every_version_of_those_files_in_one_location(tmp_path: Path) -> None:
    settings = _settings(["assets", "headers"], THEME=str(_theme(tmp_path / "theme")))
    snippet = nginx_snippet(rules_for_site(settings))
    (location,) = re.findall(r'^location ~ "([^"]+)" \{$', snippet, re.MULTILINE)
    block = snippet.split(f'location ~ "{location}" {{')[1]
    assert block.count("add_header Content-Security-Policy ") == 1  # every header again
    assert 'add_header Cache-Control "public, max-age=31536000, immutable" always;' in block
    for path in ("/theme/css/style.0123456789.css", "/theme/js/site.abcdef0123.js"):
        assert re.search(location, path), path
    for path in ("/theme/css/style.css", "/theme/images/logo.svg", "/theme/css/x.0123456789.css"):
        assert not re.search(location, path), path
