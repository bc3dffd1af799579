"""Production settings: everything from pelicanconf.py, plus what publishing needs.

Set SITEURL in the environment of the build (CI, deploy hook) to the real
address of the blog; the default is a reserved placeholder domain.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *

SITEURL = PUBLIC_SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL

DELETE_OUTPUT_DIRECTORY = True
# The comment server (deploy/isso.cfg). On the self-hosted server, where nginx proxies
# /comments/ to Isso (deploy/nginx.conf), use {"url": SITEURL + "/comments/"}: the
# Content-Security-Policy then names no other host.
ENGAGE_COMMENTS = {"url": "https://comments.career-connections.example/"}
# The newsletter readers sign up to (README: engage). Placeholder username: replace it
# with the real Buttondown username; the Content-Security-Policy's form-action names
# buttondown.com because of it (run `./inv headers` after changing the provider).
ENGAGE_NEWSLETTER = {"provider": "buttondown", "username": "career-connections-example"}
# Drafts, future-dated and hidden articles are not written at all (plugins/strict).
STRICT_PUBLIC_ONLY = True
# WebSub: every feed names this hub, and each deploy tells it which feeds changed
# (plugins/feeds/websub.py), so feed readers that subscribe get new articles in seconds.
# Google's public hub; any WebSub hub works.
FEEDS_WEBSUB_HUB = "https://pubsubhubbub.appspot.com/"
