"""Tools for the author's machine, used by tasks.py (not by builds)."""
