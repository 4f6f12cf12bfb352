"""Fast rebuilds: an unchanged column is not read again, and the others are read on every core.

- ``cache``: Pelican's reader-level content cache, dropped when the settings or
  the code change, and never trusted for a column with a problem;
- ``prefetch``: the columns a build must read, read in parallel processes.

Both act only when the content cache is on, as `make html` and the devserver
turn it on (see the Makefile); `make publish` reads everything, one by one.
"""

from pelican import signals

from . import cache, prefetch


def register():
    signals.initialized.connect(cache.remember_fingerprint)
    signals.get_generators.connect(cache.drop_if_stale)
    signals.article_generator_init.connect(prefetch.read_ahead)
