"""Python-Markdown extensions used by the site's MARKDOWN setting (pelicanconf.py)."""
