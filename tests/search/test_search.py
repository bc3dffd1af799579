"""Search: the Pagefind index every build writes, the search page, and searching in Chromium.

What is in the index is checked through Pagefind's own JavaScript API in a real browser
(its index files are compressed and versioned): a word found only in an article's body is
found, words found only in the share bar, the business card, the navigation, a draft, a
future-dated or a hidden article are not. The browser tests serve the site on 127.0.0.1
and fake every other host (tests/browser.py), so they never touch the internet.
"""

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import (
    BrowserSession,
    ServedSite,
    build_and_serve,
    close_session,
    new_session,
    problems,
)
from checks.links import is_redirect_page, parse_html
from sitebuild import (
    ANIMALS,
    PUBLISH_SITEURL,
    ROOT,
    SEED_SLUG,
    Build,
    run_pelican,
    write_animal_articles,
    write_article,
)

with contextlib.suppress(ImportError):  # the browser fixture skips (or fails, in CI)
    from playwright.sync_api import Page, expect

SEED_TITLE = "Networking, An Opportunity Lost"
DUCKDUCKGO = "https://duckduckgo.com/"

# The synthetic site: each word appears in exactly one place.
BODY_WORD = "quokka"  # the body of "Interview habits"
BUSINESS = "Quillfeather Careers"  # the business card's name
CTA = {
    "business_name": BUSINESS,
    "text": "Weekly tips.",
    "links": {"linkedin": "https://www.linkedin.com/company/quillfeather"},
}
# word -> the page it is on, and where there: none of them may be found. (Pagefind also
# matches an indexed word that starts a query word: "Archives" finds an article with "a" in
# it; the bodies above have no such short words.) The last three are on pages only a
# development build writes (a publish build writes no draft, future or hidden article).
NOT_INDEXED = {
    "Quillfeather": ("interview-habits/", "the business card"),
    "LinkedIn": ("interview-habits/", "the share bar and the card's link"),
    "Archives": ("interview-habits/", "the navigation"),
    "trackers": ("interview-habits/", "the footer"),
    "wombatish": ("drafts/draft/", "a draft"),
    "platypusian": ("drafts/later/", "a future-dated article"),
    "echidnaish": ("hid/", "a hidden article"),
}
UNPUBLISHED = {"wombatish", "platypusian", "echidnaish"}
HOSTILE_CODE = "<img src=x onerror=alert(1)>"


def write_search_site(content: Path) -> None:
    """Two published articles, a draft, a future-dated and a hidden article, and a page."""
    common = {"category": "Interviews", "date": "2024-01-10 10:00"}
    write_article(
        content,
        "habits.md",
        f"The {BODY_WORD} method: smile, listen, then answer. Never paste `{HOSTILE_CODE}` "
        "or `<b>bold</b> & more` into cover letters.",
        title="Interview habits",
        slug="interview-habits",
        tags="habits",
        **common,
    )
    write_article(content, "salary.md", "Ask for the range first.", title="Salary talks", **common)
    write_article(content, "draft.md", "A wombatish idea.", title="Draft", status="draft", **common)
    write_article(
        content, "later.md", "Platypusian plans.", title="Later", date="2999-01-01", category="X"
    )
    write_article(content, "hid.md", "Echidnaish.", title="Hid", status="hidden", **common)
    write_article(content / "pages", "about.md", "About this site.", title="About", slug="about")


def entry(output: Path) -> dict:
    return json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def indexed_pages(output: Path) -> int:
    return sum(language["page_count"] for language in entry(output)["languages"].values())


# --- The index and the page, as built -----------------------------------------------------


def test_real_site_has_a_search_index(published_site: Build) -> None:
    bundle = published_site.output / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("wasm.*.pagefind"))
    assert list((bundle / "index").glob("*.pf_index"))
    assert list((bundle / "fragment").glob("*.pf_fragment"))
    assert "en" in entry(published_site.output)["languages"]
    assert indexed_pages(published_site.output) >= 1
    assert not (bundle / "playground").exists()


def test_search_page_works_without_javascript(published_site: Build) -> None:
    page = published_site.page("search/")
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == ["Search"]
    form = page.find("form", role="search")
    assert form["action"] == DUCKDUCKGO
    assert form.get("method") == "get"
    fields = {field["name"]: field for field in form.find_all("input")}
    assert fields["sites"]["type"] == "hidden"
    assert fields["sites"]["value"] == urlsplit(PUBLISH_SITEURL).hostname
    query = fields["q"]
    assert page.find("label", attrs={"for": query["id"]}).get_text(strip=True)
    assert "DuckDuckGo" in form.find(attrs={"data-search-note": True}).get_text()
    assert page.find(role="status") is not None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # With JavaScript: our script, loaded by site.js once the reader searches, and our
    # own index.
    assert form["data-search-index"] == f"{PUBLISH_SITEURL}/pagefind/pagefind.js"
    script = f"{PUBLISH_SITEURL}/{published_site.theme_file('js/search.js')}"
    assert form["data-search-script"] == script
    assert page.find("script", src=script) is None
    assert page.find("a", attrs={"aria-current": "page"}, string="Search") is not None


def test_every_page_links_to_search_and_only_the_search_page_loads_it(
    published_site: Build,
) -> None:
    for path in published_site.html_files():
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(published_site.output)
        if is_redirect_page(parse_html(html)):  # an old address: it leaves at once
            continue
        assert f'href="{PUBLISH_SITEURL}/search/"' in html, where
        if where != Path("search/index.html"):
            # The theme's search script, by name (a feed such as job-search.json is no script).
            assert not re.search(r"/js/search\.(?:[0-9a-f]+\.)?js\b", html), where
            assert "pagefind.js" not in html, where


def test_only_published_articles_and_pages_are_indexed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_search_site(content)
    build = run_pelican(content, tmp_path / "out")  # it writes drafts, for the preview
    assert build.returncode == 0, build.log
    published = ["interview-habits", "salary-talks", "about"]
    # Draft, future-dated and hidden articles are in the output too, marked for indexing.
    for unpublished in ("drafts/draft", "drafts/later", "hid"):
        assert "data-pagefind-body" in build.page(f"{unpublished}/").decode(), unpublished
    marked = [slug for slug in published if "data-pagefind-body" in build.page(f"{slug}/").decode()]
    assert len(marked) >= 2  # the articles; pages too once page.html marks its body
    assert indexed_pages(build.output) == len(marked)


def test_a_rebuild_replaces_the_index(tmp_path: Path) -> None:
    """Development builds keep output/: the index must not keep what is gone from content/."""
    content, output = tmp_path / "content", tmp_path / "out"
    write_article(content, "one.md", title="One", date="2024-01-01", category="A")
    write_article(content, "two.md", title="Two", date="2024-01-02", category="A")
    assert run_pelican(content, output).returncode == 0
    assert indexed_pages(output) == 2
    (content / "two.md").unlink()
    build = run_pelican(content, output)
    assert build.returncode == 0, build.log
    assert (output / "two" / "index.html").is_file()  # stale, and not indexed
    assert indexed_pages(output) == 1
    assert len(list((output / "pagefind" / "fragment").iterdir())) == 1


def test_search_can_be_turned_off(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "one.md", title="One", date="2024-01-01", category="A")
    build = run_pelican(
        content, tmp_path / "out", "publishconf.py", extra={"SEARCH_INDEX": "false"}
    )
    assert build.returncode == 0, build.log
    assert not (build.output / "pagefind").exists()
    page = build.page("search/")
    form = page.find("form", role="search")
    assert form["action"] == DUCKDUCKGO
    assert not form.has_attr("data-search")
    assert page.find("script", src=re.compile("search")) is None


@pytest.mark.parametrize("strict", [True, False])
def test_a_pagefind_failure_is_an_error(tmp_path: Path, strict: bool) -> None:
    content = tmp_path / "content"
    write_article(content, "one.md", title="One", date="2024-01-01", category="A")
    build = run_pelican(
        content,
        tmp_path / "out",
        "publishconf.py",
        strict=strict,
        env={"PAGEFIND_BINARY_PATH": "/bin/false"},
    )
    assert "search: Pagefind could not index" in build.log
    assert "exit code 1" in build.log
    assert (build.returncode != 0) is strict, build.log
    assert not (build.output / "pagefind").exists()


# --- In the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_site(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    site = build_and_serve(ROOT / "content", tmp_path_factory.mktemp("search-real"))
    yield site
    site.close()


@pytest.fixture(scope="module")
def synthetic_site(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    content = tmp_path_factory.mktemp("search-content")
    write_search_site(content)
    site = build_and_serve(
        content, tmp_path_factory.mktemp("search-synthetic"), {"ENGAGE_CTA": CTA}
    )
    yield site
    site.close()


@pytest.fixture(scope="module")
def sharded_site(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The animal blog in shards (SEARCH_SHARD_PAGES, plugins/search/shards.py)."""
    content = tmp_path_factory.mktemp("search-sharded-content")
    write_animal_articles(content)
    output = tmp_path_factory.mktemp("search-sharded")
    site = build_and_serve(content, output, {"SEARCH_SHARD_PAGES": 3})
    yield site
    site.close()


@pytest.fixture
def open_session(chromium, request: pytest.FixtureRequest):
    """open_session(site, **context_options) -> a BrowserSession; at teardown a screenshot
    if the test failed, and a failure if a page showed a dialog or threw an error."""
    sessions: list[BrowserSession] = []
    failed_before = request.session.testsfailed

    def factory(site: ServedSite, **context_options) -> BrowserSession:
        session = new_session(chromium, site, **context_options)
        sessions.append(session)
        return session

    yield factory
    failed = request.session.testsfailed > failed_before
    for number, session in enumerate(sessions):
        close_session(session, request.node.name + (f"-{number}" if number else ""), failed)
    found = [problem for session in sessions for problem in problems(session)]
    if found:
        pytest.fail("\n".join(found), pytrace=False)


PAGE_SIZE = 10  # search.js shows ten results, then a "More results" button


def wait_for_results(page: "Page", query: str) -> list[dict]:
    """The results shown for `query`, once the live region has announced them and the
    first of them are on the page (search.js announces the count, then renders)."""
    status = page.locator("[data-search-status]")
    pattern = rf"(\d+) results? for “{re.escape(query)}”|No results for “{re.escape(query)}”"
    expect(status).to_have_text(re.compile(pattern))
    found = re.search(r"^\d+", status.text_content() or "")
    items = page.locator("[data-search-results] li")
    expect(items).to_have_count(min(int(found.group()), PAGE_SIZE) if found else 0)
    return page.locator("[data-search-results] li").evaluate_all(
        """(items) => items.map((li) => {
            const a = li.querySelector("h2 a");
            return {title: a.textContent, href: a.href, excerpt: li.querySelector("p").textContent,
                    marks: [...li.querySelectorAll("p mark")].map((m) => m.textContent)};
        })"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("query", ["LinkedIn", "networking"])
def test_a_query_in_the_address_finds_the_seed_article(
    open_session, real_site: ServedSite, query: str
) -> None:
    session = open_session(real_site)
    page = session.open(f"search/?q={query}")
    results = wait_for_results(page, query)
    seed = [r for r in results if r["title"] == SEED_TITLE]
    assert seed, results
    assert seed[0]["href"] == real_site.url(f"{SEED_SLUG}/")
    assert any(mark.lower() == query.lower() for mark in seed[0]["marks"]), seed
    expect(page.get_by_label("Search the articles")).to_have_value(query)
    expect(page.locator("[data-search-note]")).to_be_hidden()
    assert session.recorder.external() == []


@pytest.mark.browser
def test_submitting_the_form_searches_in_place(open_session, real_site: ServedSite) -> None:
    session = open_session(real_site)
    page = session.open("search/")
    page.evaluate("() => { window.stillHere = true; }")
    field = page.get_by_label("Search the articles")
    for query in ("networking", "LinkedIn"):
        field.fill(query)
        field.press("Enter")
        results = wait_for_results(page, query)
        assert SEED_TITLE in [r["title"] for r in results]
        assert parse_qs(urlsplit(page.url).query) == {"q": [query]}
    assert page.evaluate("() => window.stillHere") is True  # no page load
    field.fill("xyzzyplugh")
    page.get_by_role("button", name="Search", exact=True).click()
    assert wait_for_results(page, "xyzzyplugh") == []
    page.go_back()  # the previous query, from the address
    expect(field).to_have_value("LinkedIn")
    assert SEED_TITLE in [r["title"] for r in wait_for_results(page, "LinkedIn")]
    assert page.evaluate("() => window.stillHere") is True
    assert session.recorder.external() == []


@pytest.mark.browser
def test_only_article_bodies_are_found(open_session, synthetic_site: ServedSite) -> None:
    session = open_session(synthetic_site)
    page = session.open(f"search/?q={BODY_WORD}")
    results = wait_for_results(page, BODY_WORD)
    assert [r["title"] for r in results] == ["Interview habits"]
    assert results[0]["href"] == synthetic_site.url("interview-habits/")
    field = page.get_by_label("Search the articles")
    output = synthetic_site.build.output
    for word, (on_page, where) in NOT_INDEXED.items():
        # On the built page, so that not finding it means something; or, for what a
        # publish build does not write, on no page at all.
        if word in UNPUBLISHED:
            assert not (output / on_page).exists(), on_page
        else:
            assert word.lower() in synthetic_site.build.page(on_page).get_text().lower(), word
        field.fill(word)
        field.press("Enter")
        assert wait_for_results(page, word) == [], f"{word!r} (only in {where}) was found"
    assert session.recorder.external() == []


@pytest.mark.browser
def test_excerpts_are_shown_as_text(open_session, synthetic_site: ServedSite) -> None:
    session = open_session(synthetic_site)
    page = session.open(f"search/?q={BODY_WORD}")
    [result] = wait_for_results(page, BODY_WORD)
    assert result["marks"] == [BODY_WORD]
    assert HOSTILE_CODE in result["excerpt"]
    assert "<b>bold</b> & more" in result["excerpt"]
    elements = page.locator("[data-search-results] *").evaluate_all(
        "(all) => all.map((element) => element.localName)"
    )
    assert set(elements) == {"li", "h2", "a", "p", "mark"}  # no <img>, no <b>
    page.evaluate("() => fetch('/').then((response) => response.status)")  # settle
    assert not [url for url in session.recorder.urls if url.endswith("/x")]


@pytest.mark.browser
def test_without_javascript_the_form_asks_duckduckgo(open_session, real_site: ServedSite) -> None:
    session = open_session(real_site, java_script_enabled=False)
    page = session.open("search/")
    expect(page.locator("[data-search-note]")).to_be_visible()
    assert session.recorder.external() == []  # nothing before the reader submits
    page.get_by_label("Search the articles").fill("networking")
    with page.expect_request(lambda request: request.url.startswith(DUCKDUCKGO)) as sent:
        page.get_by_role("button", name="Search", exact=True).click()
    assert parse_qs(urlsplit(sent.value.url).query) == {
        "sites": ["127.0.0.1"],
        "q": ["networking"],
    }


@pytest.mark.browser
@pytest.mark.parametrize(
    ("site", "missing", "query"),
    [
        ("real_site", "pagefind.js", "networking"),  # the index itself
        ("sharded_site", "shard-1/pagefind-entry.json*", "kestrel"),  # one of its shards
        ("sharded_site", "shards.json", "kestrel"),  # the list of its shards
    ],
)
def test_without_the_index_the_form_falls_back_to_duckduckgo(
    open_session, request: pytest.FixtureRequest, site: str, missing: str, query: str
) -> None:
    session = open_session(request.getfixturevalue(site))
    session.page.route(f"**/pagefind/{missing}", lambda route: route.fulfill(status=404))
    page = session.open(f"search/?q={query}")
    expect(page.locator("[data-search-status]")).to_contain_text("could not be loaded")
    expect(page.locator("[data-search-note]")).to_be_visible()
    assert session.recorder.external() == []
    with page.expect_request(lambda request: request.url.startswith(DUCKDUCKGO)) as sent:
        page.get_by_role("button", name="Search", exact=True).click()
    assert parse_qs(urlsplit(sent.value.url).query)["q"] == [query]


@pytest.mark.browser
def test_the_search_script_loads_only_once_the_reader_searches(
    open_session, real_site: ServedSite
) -> None:
    session = open_session(real_site)
    page = session.open("search/")
    script = real_site.url(real_site.build.theme_file("js/search.js"))
    assert session.recorder.matching(script) == []  # one script before any interaction
    assert [url for url in session.recorder.since() if "pagefind" in url] == []
    expect(page.locator("[data-search-note]")).to_be_hidden()  # site.js: searches here
    with page.expect_request(script):
        page.get_by_label("Search the articles").focus()
    expect(page.locator("form[data-search-ready]")).to_have_count(1)
    assert session.recorder.external() == []


@pytest.mark.browser
def test_a_site_in_shards_is_searched_whole(open_session, sharded_site: ServedSite) -> None:
    bundle = sharded_site.build.output / "pagefind"
    listed = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(listed) >= 3  # so that results from merged shards are what is checked
    shards = [sharded_site.url(f"pagefind/{shard['folder']}") for shard in listed[1:]]
    session = open_session(sharded_site)
    page = session.open("search/?q=kestrel")
    everyone = [f"The {animal.capitalize()} Method" for animal in ANIMALS]
    assert sorted(r["title"] for r in wait_for_results(page, "kestrel")) == sorted(everyone)
    field = page.get_by_label("Search the articles")
    for animal in ANIMALS:
        field.fill(animal)
        field.press("Enter")
        results = wait_for_results(page, animal)
        assert [r["href"] for r in results] == [sharded_site.url(f"the-{animal}-method/")]
    requested = session.recorder.since()
    for shard in shards:  # each shard's index was fetched, and none of Pagefind's scripts
        assert any(url.startswith(shard) for url in requested), shard
        assert not [url for url in requested if url.startswith(shard) and url.endswith(".js")]
    assert session.recorder.external() == []
