"""The headers plugin's settings (prefix HEADERS_)."""

from kit.settings import Spec

SPEC = Spec(plugin="headers", prefix="HEADERS_", settings=())
