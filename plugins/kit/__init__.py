"""The shared kit of our Pelican plugins: helpers used by more than one plugin.

Not a plugin (no `register()`), and it imports no plugin: iterating content objects
(`contents`), naming source files (`sources`), slugs, URLs and text, one way to read
and check settings (`settings`), the state of one Pelican run (`run_state`), what the
livereload fast path may replay (`fast_path`), work on the written site that may run
in the background (`site_jobs`) or on a reader's behalf (`prefetch`), and the one
fenced module that touches Pelican's internals (`pelican_internals`).
"""
