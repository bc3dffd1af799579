"""Security headers: what the build writes to `_headers`, the committed nginx snippet, and
pages served with exactly those headers in Chromium, with zero CSP violations.

`_headers` is parsed here with our own reader (not the plugin's code), and a local server
sends, for each request, the headers of the rules matching its path, as Cloudflare Pages
combines them (every matching rule in order, `! Name` drops an inherited header). Every
third-party request is answered locally by a fake that does what the real loader does to
the page (the stylesheet it links, the frame it adds, the API it calls...), so a directive
that is missing shows up as a violation without touching the internet.
"""

import contextlib
import functools
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import ROOT, SEED_SLUG, TOOT_API, Build, content_with_toot, run_pelican

with contextlib.suppress(ImportError):  # the chromium fixture skips (or fails, in CI)
    from playwright.sync_api import Page, expect

ARTICLE = f"{SEED_SLUG}/"
WORKER = "/pagefind/pagefind-worker.js"
REQUIRED = {
    "Content-Security-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
}
KEYWORDS = re.compile(r"^'[a-z-]+'$|^[a-z-]+:$")  # 'self', 'none', data: ...

# Provider -> (its ENGAGE_COMMENTS options, the hosts its loader needs, per directive).
PROVIDERS: dict[str, tuple[dict, dict[str, set[str]]]] = {
    "giscus": (
        {"repo": "owner/repo", "repo_id": "R_x", "category": "Comments", "category_id": "DIC_x"},
        {d: {"https://giscus.app"} for d in ("script-src", "style-src", "frame-src")},
    ),
    "utterances": (
        {"repo": "owner/repo"},
        {d: {"https://utteranc.es"} for d in ("script-src", "frame-src")},
    ),
    "disqus": (
        {"shortname": "careerblog"},
        {
            "script-src": {"https://careerblog.disqus.com", "https://c.disquscdn.com"},
            "style-src": {"https://c.disquscdn.com"},
            "img-src": {"https://c.disquscdn.com"},
            "frame-src": {"https://disqus.com"},
        },
    ),
    "isso": (
        {"url": "https://comments.example.org/"},
        {d: {"https://comments.example.org"} for d in ("script-src", "style-src", "connect-src")},
    ),
    "remark42": (
        {"host": "https://remark.example.org", "site_id": "blog"},
        {d: {"https://remark.example.org"} for d in ("script-src", "frame-src")},
    ),
    "cusdis": (
        {"app_id": "abc"},
        {d: {"https://cusdis.com"} for d in ("script-src", "style-src", "connect-src")},
    ),
    "mastodon": ({}, {"connect-src": {"https://mastodon.social"}}),
}
FACEBOOK = {"frame-src": {"https://www.facebook.com"}}
CTA_LINKS = {"facebook": "https://www.facebook.com/careerconnections"}


def cta(widget: bool) -> dict:
    return {
        "business_name": "Career Connections",
        "links": CTA_LINKS,
        "facebook_page_plugin": widget,
    }


def comments(provider: str | None) -> dict[str, object]:
    if provider is None:
        return {"ENGAGE_COMMENTS_PROVIDER": None}
    return {"ENGAGE_COMMENTS_PROVIDER": provider, "ENGAGE_COMMENTS": PROVIDERS[provider][0]}


# --- Reading `_headers` and the policy ---------------------------------------------------------


@dataclass
class Rule:
    path: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    detach: list[str] = field(default_factory=list)

    def matches(self, path: str) -> bool:
        pattern = "".join(
            ".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", self.path)
        )
        return re.fullmatch(pattern, path) is not None


def parse_headers(text: str) -> list[Rule]:
    """Netlify / Cloudflare `_headers`: a path line, then indented `Name: value` or `! Name`."""
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not raw[0].isspace():
            assert line.startswith("/"), f"line {number}: a path must start with /: {raw!r}"
            rules.append(Rule(line))
            continue
        assert rules, f"line {number}: a header before any path"
        if line.startswith("!"):
            rules[-1].detach.append(line[1:].strip())
        else:
            name, sep, value = line.partition(":")
            assert sep, f"line {number}: no colon: {raw!r}"
            assert name.strip(), f"line {number}: no name: {raw!r}"
            assert value.strip(), f"line {number}: no value: {raw!r}"
            rules[-1].headers.append((name.strip(), value.strip()))
    return rules


def cloudflare_headers(rules: list[Rule], path: str) -> dict[str, str]:
    """Every matching rule in order; a header set again is joined with a comma; `!` drops."""
    headers: dict[str, str] = {}
    for rule in (rule for rule in rules if rule.matches(path)):
        for name in rule.detach:
            headers.pop(name.lower(), None)
        for name, value in rule.headers:
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def netlify_headers(rules: list[Rule], path: str) -> dict[str, str]:
    """Netlify: matching rules in order, a later rule's value replacing an earlier one."""
    headers: dict[str, str] = {}
    for rule in (rule for rule in rules if rule.matches(path)):
        headers.update({name.lower(): value for name, value in rule.headers})
    return headers


def parse_csp(value: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {value}"
        directives[name] = sources
    return directives


def hosts(policy: dict[str, list[str]]) -> dict[str, set[str]]:
    """The third-party hosts per directive (form-action's DuckDuckGo is the site's own form)."""
    found = {
        directive: {s for s in sources if not KEYWORDS.match(s)}
        for directive, sources in policy.items()
        if directive != "form-action"
    }
    return {directive: sources for directive, sources in found.items() if sources}


def read_rules(build: Build) -> list[Rule]:
    return parse_headers((build.output / "_headers").read_text(encoding="utf-8"))


def site_policy(build: Build) -> dict[str, list[str]]:
    headers = cloudflare_headers(read_rules(build), "/")
    return parse_csp(headers["content-security-policy"])


# --- The headers every build writes ------------------------------------------------------------


def build(tmp: Path, settings: dict[str, object], content: Path | None = None) -> Build:
    done = run_pelican(
        content or ROOT / "content",
        tmp / "out",
        "publishconf.py",
        extra={key: json.dumps(value) for key, value in settings.items()},
    )
    assert done.returncode == 0, done.log
    return done


CASES = [(provider, False) for provider in [None, *PROVIDERS]] + [(None, True), ("giscus", True)]


@pytest.mark.parametrize(("provider", "widget"), CASES)
def test_only_enabled_third_parties_are_allowed(tmp_path: Path, provider, widget: bool) -> None:
    content = content_with_toot(tmp_path) if provider == "mastodon" else None
    site = build(tmp_path, {**comments(provider), "ENGAGE_CTA": cta(widget)}, content)
    expected: dict[str, set[str]] = {}
    for needs in ([PROVIDERS[provider][1]] if provider else []) + ([FACEBOOK] if widget else []):
        for directive, sources in needs.items():
            expected.setdefault(directive, set()).update(sources)
    assert hosts(site_policy(site)) == expected


def test_every_header_is_set_and_scripts_stay_strict(published_site: Build) -> None:
    rules = read_rules(published_site)
    assert rules[0].path == "/*"
    for path in ("/", f"/{ARTICLE}", "/search/", "/404.html", "/theme/js/site.js", WORKER):
        for combine in (cloudflare_headers, netlify_headers):
            headers = combine(rules, path)
            assert {name.lower() for name in REQUIRED} <= set(headers), (path, headers)
            policy = parse_csp(headers["content-security-policy"])
            script = policy["script-src"]
            assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "data:"} & set(script)
            # WebAssembly only for Pagefind's worker, never in a page.
            assert ("'wasm-unsafe-eval'" in script) == (path == WORKER), (path, script)
            assert policy["default-src"] == ["'self'"]
            assert policy["object-src"] == ["'none'"]
            assert policy["base-uri"] == ["'self'"]
            assert policy["frame-ancestors"] == ["'none'"]
            # The search form's DuckDuckGo, and in pages the newsletter signup's provider
            # (publishconf.py: Buttondown); the worker's own rule is the base policy's.
            signup = [] if path == WORKER else ["https://buttondown.com"]
            assert policy["form-action"] == ["'self'", "https://duckduckgo.com", *signup]
            assert headers["x-frame-options"] == "DENY"
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
            assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= set(
                headers["permissions-policy"].split(", ")
            )
            assert "browsing-topics=()" in headers["permissions-policy"]


def test_the_search_form_posts_only_where_form_action_allows(published_site: Build) -> None:
    form = published_site.page("search/").select_one("form.search-form")
    assert urlsplit(form["action"]).netloc == "duckduckgo.com"
    assert (
        f"https://{urlsplit(form['action']).netloc}" in site_policy(published_site)["form-action"]
    )


def test_no_template_needs_inline_styles_or_scripts(published_site: Build) -> None:
    for path in published_site.html_files():
        html = path.read_text(encoding="utf-8")
        soup = published_site.page(str(path.relative_to(published_site.output)))
        assert not soup.select("[style], style"), path
        for script in soup.select("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (path, script)
        assert not re.search(r"\son[a-z]+=", html), path


def test_without_search_there_is_no_worker_rule(tmp_path: Path) -> None:
    site = build(tmp_path, {"SEARCH_INDEX": False})
    paths = [rule.path for rule in read_rules(site)]
    assert paths[0] == "/*"
    assert WORKER not in paths


def test_files_named_by_their_content_are_kept_a_year_and_the_rest_revalidates(
    published_site: Build,
) -> None:
    rules = read_rules(published_site)
    named = {f"/{published_site.theme_file(name)}" for name in ("css/style.css", "js/site.js")}
    for path in ("/", f"/{ARTICLE}", "/404.html", "/theme/css/style.css", WORKER, *named):
        for combine in (cloudflare_headers, netlify_headers):
            directives = {d.strip() for d in combine(rules, path)["cache-control"].split(",")}
            if path in named:
                assert "immutable" in directives, (path, directives)
                assert "max-age=31536000" in directives, (path, directives)
                assert "no-cache" not in directives, (path, directives)
            else:
                assert directives == {"no-cache"}, (path, directives)


def test_mastodon_servers_come_from_the_articles(tmp_path: Path) -> None:
    """The toot is per-article metadata: each server a page fetches replies from is allowed."""
    content = content_with_toot(tmp_path)
    about = content / "pages" / "about.md"
    title, rest = about.read_text(encoding="utf-8").split("\n", 1)
    about.write_text(f"{title}\nMastodon_toot: https://fosstodon.org/@us/42\n{rest}", "utf-8")
    site = build(
        tmp_path,
        {"ENGAGE_COMMENTS_PROVIDER": "mastodon", "ENGAGE_COMMENTS_ON_PAGES": True},
        content,
    )
    assert set(site_policy(site)["connect-src"]) == {
        "'self'",
        "https://mastodon.social",
        "https://fosstodon.org",
    }


# --- nginx: the committed snippet is what the plugin computes ----------------------------------


def test_nginx_snippet_matches_the_publish_settings() -> None:
    from pelican.settings import read_settings

    from headers.formats import nginx_snippet
    from headers.rules import rules_for_site

    expected = nginx_snippet(rules_for_site(read_settings(str(ROOT / "publishconf.py"))))
    committed = (ROOT / "deploy" / "security-headers.conf").read_text(encoding="utf-8")
    assert committed == expected, "deploy/security-headers.conf is stale: run ./inv headers"


def nginx_locations(snippet: str) -> dict[str, dict[str, str]]:
    """The snippet's `add_header` lines: "" for the server's, else per location."""
    found: dict[str, dict[str, str]] = {}
    where = ""
    for line in snippet.splitlines():
        if opened := re.match(r"^location (.+) \{$", line):
            where = opened[1]
        elif line == "}":
            where = ""
        elif header := re.match(r'^\s*add_header (\S+) "([^"]*)" always;$', line):
            found.setdefault(where, {})[header[1].lower()] = header[2]
    return found


def test_nginx_snippet_has_the_same_headers_as_the_build(published_site: Build) -> None:
    snippet = (ROOT / "deploy" / "security-headers.conf").read_text(encoding="utf-8")
    locations = nginx_locations(snippet)
    rules = read_rules(published_site)
    named = [f"/{published_site.theme_file(n)}" for n in ("css/style.css", "js/search.js")]
    paths = ["/", WORKER, *named]
    for path in paths:
        where = next(
            (loc for loc in locations if loc == f"= {path}" or _regex_matches(loc, path)), ""
        )
        assert locations[where] == cloudflare_headers(rules, path), (path, where)
    assert len(locations) == 3  # the server's, the worker's and the theme files'
    assert _regex_matches(next(loc for loc in locations if loc.startswith("~")), named[0])
    assert not _regex_matches(
        next(loc for loc in locations if loc.startswith("~")), "/theme/css/style.css"
    )
    nginx_conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"^\s*include \S*security-headers\.conf;", nginx_conf, re.MULTILINE)
    assert not re.search(r"^\s*add_header", nginx_conf, re.MULTILINE)  # all in the snippet


def _regex_matches(location: str, path: str) -> bool:
    regex = re.fullmatch(r'~ "(.+)"', location)
    return regex is not None and re.search(regex[1], path) is not None


# --- Chromium: the pages under those headers ---------------------------------------------------


class HeadersHandler(SimpleHTTPRequestHandler):
    """Static files, with exactly the headers `_headers` gives the request's path (the
    server's `rules`, set once the site is built)."""

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        for name, value in cloudflare_headers(self.server.rules, path).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args) -> None:
        pass


@dataclass
class Site:
    build: Build
    base_url: str
    server: ThreadingHTTPServer

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"


def build_and_serve(tmp: Path, settings: dict, content: Path | None = None) -> Site:
    """Build with publishconf.py for a local server bound first, then serve with `_headers`."""
    output = tmp / "out"
    output.mkdir(parents=True)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(HeadersHandler, directory=str(output))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings = {"SITEURL": base, "FEED_DOMAIN": base, **settings}
    done = run_pelican(
        content or ROOT / "content",
        output,
        "publishconf.py",
        extra={key: json.dumps(value) for key, value in settings.items()},
        env={"SITEURL": base},
    )
    if done.returncode != 0:
        server.server_close()
        pytest.fail(f"Pelican failed with {settings}:\n{done.log}", pytrace=False)
    server.rules = read_rules(done)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Site(done, base, server)


def own_settings(tmp: Path) -> tuple[dict, Path | None]:
    """The repository's publish settings as they are (isso, the Facebook page widget)."""
    return {}, None


def giscus_settings(tmp: Path) -> tuple[dict, Path | None]:
    return {**comments("giscus"), "ENGAGE_CTA": cta(True)}, None


def mastodon_settings(tmp: Path) -> tuple[dict, Path | None]:
    return {**comments("mastodon"), "ENGAGE_CTA": cta(True)}, content_with_toot(tmp)


SITES: dict[str, Callable[[Path], tuple[dict, Path | None]]] = {
    "publish": own_settings,
    "giscus": giscus_settings,
    "mastodon": mastodon_settings,
}


@pytest.fixture(scope="module")
def sites(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Site]]:
    """sites(name): that configuration built and served once for the module."""
    served: dict[str, Site] = {}

    def get(name: str) -> Site:
        if name not in served:
            tmp = tmp_path_factory.mktemp(name)
            settings, content = SITES[name](tmp)
            served[name] = build_and_serve(tmp, settings, content)
        return served[name]

    yield get
    for site in served.values():
        site.server.shutdown()
        site.server.server_close()


# Two ordinary replies. (browser.MASTODON_CONTEXT's hostile ones are for the escaping tests:
# Chromium reports their onerror attributes, blocked, even inside site.js's inert DOMParser
# document.)
MASTODON_CONTEXT = {
    "ancestors": [],
    "descendants": [
        {
            "id": str(number),
            "url": f"https://mastodon.social/@a/{number}",
            "created_at": "2024-01-01T00:00:00.000Z",
            "account": {"display_name": "Ann", "acct": "ann@mastodon.social"},
            "content": f"<p>Reply {number},<br>with a line break</p>",
        }
        for number in (1, 2)
    ],
}

# Fakes that do to the page what the real loaders do (see security_headers.py for each).
_STYLESHEET = """function linkStyle(href) {
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  var done = new Promise(function (resolve) { link.onload = link.onerror = resolve; });
  document.head.prepend(link);
  return done;
}
function finished(name) { document.documentElement.setAttribute("data-fake-done", name); }
var me = document.currentScript, origin = new URL(me.src).origin;
"""
FAKE_GISCUS = (
    _STYLESHEET
    + """var frame = document.createElement("iframe");
frame.className = "giscus-frame";
frame.title = "Comments";
frame.style.opacity = "0";
var shown = new Promise(function (resolve) { frame.onload = resolve; });
frame.src = origin + "/en/widget?theme=" + encodeURIComponent(me.getAttribute("data-theme"));
document.querySelector(".giscus").appendChild(frame);
Promise.all([linkStyle(origin + "/default.css"), shown]).then(function () {
  frame.style.removeProperty("opacity");
  finished("giscus");
});"""
)
FAKE_ISSO = (
    _STYLESHEET
    + """var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
var square = document.createElementNS("http://www.w3.org/2000/svg", "rect");
square.setAttribute("width", "8");
square.setAttribute("height", "8");
square.setAttribute("style", "fill: #9abf88");
svg.appendChild(square);
document.getElementById("isso-thread").appendChild(svg);
var api = fetch(origin + "/config").then(function (r) { return r.text(); });
Promise.all([linkStyle(origin + "/css/isso.css"), api]).then(function () { finished("isso"); });"""
)
JS, CSS, HTML = "text/javascript", "text/css", "text/html"
FAKES = [
    (re.compile(r"https://giscus\.app/client\.js$"), FAKE_GISCUS, JS),
    (re.compile(r"https://[^/]+/js/embed\.min\.js$"), FAKE_ISSO, JS),
    (re.compile(r"https://[^/]+/.*\.css$"), "/* fake */", CSS),
    (re.compile(re.escape(TOOT_API) + "$"), json.dumps(MASTODON_CONTEXT), "application/json"),
    (re.compile(r"https://[^/]+/config$"), "{}", "application/json"),
]
FAKE_PAGE = "<!DOCTYPE html><title>fake</title><p>fake third-party page"

# Records CSP violations in every frame, through a binding the test exposes.
RECORD_VIOLATIONS = """document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation([e.effectiveDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(" "));
});"""


@dataclass
class Recorder:
    """Everything a page did wrong: CSP violations, console errors, uncaught errors."""

    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"CSP {v}" for v in self.violations] + self.errors


def answer_third_party(recorder: Recorder, local: str, route) -> None:
    url = route.request.url
    if url.startswith(local + "/"):
        route.continue_()
        return
    recorder.external.append(url)
    body, kind = FAKE_PAGE, HTML
    for pattern, fake, content_type in FAKES:
        if pattern.match(url):
            body, kind = fake, content_type
            break
    else:
        if route.request.resource_type == "script":
            body, kind = "/* fake */", JS
    route.fulfill(
        status=200, body=body, content_type=kind, headers={"Access-Control-Allow-Origin": "*"}
    )


@pytest.fixture
def open_page(chromium, request: pytest.FixtureRequest):
    """open_page(site) -> (page, recorder) on a fresh context; closed at teardown."""
    contexts = []

    def factory(site: Site) -> tuple["Page", Recorder]:
        recorder = Recorder()
        context = chromium.new_context(color_scheme="light")
        context.set_default_timeout(15_000)
        contexts.append(context)
        context.route("**/*", functools.partial(answer_third_party, recorder, site.base_url))
        context.expose_binding(
            "__cspViolation", lambda source, text: recorder.violations.append(text)
        )
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.on(
            "console", lambda m: m.type == "error" and recorder.errors.append(f"console {m.text}")
        )
        page.on("pageerror", lambda error: recorder.errors.append(f"page error {error}"))
        page.on("worker", lambda worker: recorder.workers.append(worker.url))
        return page, recorder

    yield factory
    for context in contexts:
        context.close()


def settle(page: "Page") -> None:
    """Let queued violation events and console messages reach the recorder."""
    page.evaluate("() => new Promise((done) => setTimeout(() => setTimeout(done, 0), 0))")
    page.evaluate("() => 0")


def search(page: "Page", site: Site, query: str = "networking") -> None:
    page.goto(site.url("search/"), wait_until="networkidle")
    page.get_by_label("Search the articles").fill(query)
    page.get_by_label("Search the articles").press("Enter")
    expect(page.locator("[data-search-status]")).to_contain_text("result")


@pytest.mark.browser
def test_a_violation_is_recorded(sites, open_page) -> None:
    """The recorder works: an inline script and a <style> element under the site's policy."""
    site = sites("publish")
    probe = site.build.output / "csp-probe" / "index.html"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text(
        "<!DOCTYPE html><title>probe</title><style>p { color: red }</style><p>x</p>"
        "<script>document.title = 'inline ran';</script>",
        encoding="utf-8",
    )
    page, recorder = open_page(site)
    page.goto(site.url("csp-probe/"), wait_until="load")
    settle(page)
    assert page.title() == "probe"  # the inline script was blocked
    assert any(v.startswith("script-src-elem inline") for v in recorder.violations), recorder
    assert any(v.startswith("style-src-elem inline") for v in recorder.violations), recorder
    assert any(e.startswith("console ") and "inline" in e for e in recorder.errors), recorder


@pytest.mark.browser
def test_search_needs_the_worker_rule(sites, open_page) -> None:
    """Without its own rule Pagefind's worker cannot compile WebAssembly, and it shows."""
    site = sites("publish")
    page, recorder = open_page(site)
    rules = site.server.rules
    site.server.rules = [rule for rule in rules if rule.path != WORKER]
    try:
        page.goto(site.url("search/"), wait_until="networkidle")
        page.get_by_label("Search the articles").fill("networking")
        page.get_by_label("Search the articles").press("Enter")
        expect(page.locator("[data-search-status]")).to_contain_text("failed")
    finally:
        site.server.rules = rules
    settle(page)
    assert any("WebAssembly" in error for error in recorder.errors), recorder


@pytest.mark.browser
@pytest.mark.parametrize("name", list(SITES))
def test_pages_run_without_violations(sites, open_page, name: str) -> None:
    site = sites(name)
    page, recorder = open_page(site)

    page.goto(site.url(""), wait_until="networkidle")
    page.goto(site.url(ARTICLE), wait_until="networkidle")
    expect(page.get_by_role("button", name="Show comments")).to_be_visible()
    settle(page)
    assert recorder.problems() == [], "before consent"
    assert recorder.external == []

    page.get_by_role("button", name="Show comments").click()
    if name == "mastodon":
        expect(page.locator("[data-mastodon-replies] li")).to_have_count(2)
    else:
        expect(page.locator("html")).to_have_attribute("data-fake-done", re.compile("."))
    page.get_by_role("button", name=re.compile("Show our Facebook page")).click()
    widget = page.locator("[data-cta-widget] iframe").element_handle().content_frame()
    widget.wait_for_load_state("load")
    assert widget.url.startswith("https://www.facebook.com/plugins/page.php?")
    settle(page)
    assert recorder.problems() == [], "after loading the comments and the Facebook widget"

    search(page, site)
    settle(page)
    assert recorder.problems() == [], "searching"
    assert site.url(WORKER) in recorder.workers  # the search ran in Pagefind's worker
