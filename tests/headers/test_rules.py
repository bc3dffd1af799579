"""The header rules for a site's settings (plugins/headers/rules.py, formats.py), in process."""

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
