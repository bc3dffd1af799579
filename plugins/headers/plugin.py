"""Signal wiring of the headers plugin."""

import logging
from pathlib import Path

from pelican import signals

from kit.contents import all_contents
from kit.fast_path import unaffected_by_body
from kit.run_state import state_of

from .formats import HEADERS_FILE, headers_file
from .rules import meta_policy, page_policy, rules_for_site
from .settings import SPEC

logger = logging.getLogger(__name__)
_CONTENTS = "headers:contents"


@unaffected_by_body("embeds come from metadata; a body edit that changes videos is a full rebuild")
def remember_contents(generators: list) -> None:
    """`all_generators_finalized` receiver: the pages whose embeds `write_headers` reads,
    and the policy every page also carries as a <meta> tag (`CSP_META`), for hosts that
    send no headers (GitHub Pages)."""
    if not generators:
        return
    settings, contents = generators[0].settings, all_contents(generators)
    state_of(settings).put(_CONTENTS, contents)
    generators[0].context["CSP_META"] = meta_policy(page_policy(settings, contents))


def write_headers(pelican) -> None:
    """`finalized` receiver: write `OUTPUT_PATH/_headers` for this build's settings and pages."""
    output = Path(pelican.output_path)
    contents = state_of(pelican.settings).get(_CONTENTS, [])
    rules = rules_for_site(pelican.settings, contents)
    (output / HEADERS_FILE).write_text(headers_file(rules), encoding="utf-8")
    logger.info("security headers: wrote %s", output / HEADERS_FILE)


def register() -> None:
    """Connect the headers plugin's receivers to Pelican's signals."""
    signals.initialized.connect(SPEC.check)
    signals.all_generators_finalized.connect(remember_contents)
    signals.finalized.connect(write_headers)
