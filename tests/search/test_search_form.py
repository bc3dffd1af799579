"""What the search page is given (plugins/search/index.py), in process."""

from pelican.settings import DEFAULT_CONFIG

from search.index import SearchForm, search_form


def test_the_form_searches_the_public_host_and_our_index() -> None:
    settings = {**DEFAULT_CONFIG, "SITEURL": "", "PUBLIC_SITEURL": "https://Blog.Test:8443/x"}
    assert search_form(settings) == SearchForm("blog.test", "pagefind/pagefind.js")


def test_without_an_index_or_an_address_the_form_says_so() -> None:
    settings = {**DEFAULT_CONFIG, "SITEURL": "", "SEARCH_INDEX": False}
    assert search_form(settings) == SearchForm("", None)
