"""The feeds plugin's settings (prefix FEEDS_; Pelican's own feed settings are FEED_*)."""

from kit.settings import Spec

SPEC = Spec(plugin="feeds", prefix="FEEDS_", settings=())
