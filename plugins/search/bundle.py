"""Where Pagefind's bundle lives and what its worker needs (the search plugin's public API).

Pagefind's search runs in a web worker, and a worker obeys the Content-Security-Policy
sent with its own script, not its page's: only the worker script may compile
WebAssembly (`'wasm-unsafe-eval'`), so no page, not even /search/, may. The headers
plugin gives the worker file its own rule from `worker_rule`.
"""

from kit.csp import WASM, Policy

from .settings import SPEC

BUNDLE = "pagefind"  # OUTPUT_PATH/pagefind/pagefind.js is what the search page loads
WORKER_PATH = f"/{BUNDLE}/pagefind-worker.js"
# In the bundle: {"shards": [{"folder": "", "pages": 498}, {"folder": "shard-1/", ...}]},
# every shard's folder (shards.py) and page count; theme/static/js/search.js merges the
# others ("folder" not empty) into the first.
SHARDS_FILE = "shards.json"


def indexing(settings: dict) -> bool:
    """Whether this site's builds write a search index."""
    return SPEC.of(settings)["SEARCH_INDEX"]


def worker_rule(base: Policy) -> tuple[str, Policy]:
    """(URL path of the worker script, its policy: `base` that may compile WebAssembly)."""
    return WORKER_PATH, {**base, "script-src": (*base["script-src"], WASM)}
