"""Plain Pelican for the benchmark's B side: default theme (notmyidea), no plugins.

Same content, URLs, pagination and feeds as pelicanconf.py, nothing else of ours.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pelicanconf as ours

AUTHOR = ours.AUTHOR
SITENAME = ours.SITENAME
SITEURL = ""
TIMEZONE = ours.TIMEZONE
DEFAULT_LANG = ours.DEFAULT_LANG
PLUGINS = []
DEFAULT_PAGINATION = ours.DEFAULT_PAGINATION
PAGINATION_PATTERNS = ours.PAGINATION_PATTERNS
FEED_DOMAIN = ours.FEED_DOMAIN
for _name in dir(ours):
    if _name.endswith(("_URL", "_SAVE_AS")) or "FEED" in _name:
        globals()[_name] = getattr(ours, _name)
RSS_FEED_SUMMARY_ONLY = ours.RSS_FEED_SUMMARY_ONLY
FEED_MAX_ITEMS = ours.FEED_MAX_ITEMS
DELETE_OUTPUT_DIRECTORY = True
