"""advice-column: a Pelican plugin for Q&A advice columns.

Each concern lives in its own package and connects its own signals:

- ``settings``: every setting's default, installed before anything reads it;
- ``diagnostics``: problems reported as ``path:line: error: what; what to do``.

At the end of a build the pages queued by the writer are rendered, and the
search index is brought up to date shard by shard as their pages are written;
then the build's summary is printed, so that a problem in either is counted in
it; last, the build's objects are kept out of the collector's pass at exit.
"""

from pelican import signals

from . import columns, diagnostics, feeds, performance, search, settings, topics


def finish_build(pelican):
    """``finalized``: the pages, the search index, the summary, then the collector (one
    handler: Pelican's signals are unordered)."""
    with search.indexing(pelican):
        performance.finish_writing(pelican)
    diagnostics.finish_report(pelican)
    performance.freeze_collector()


def register():
    """Connect every part of the plugin to Pelican's signals."""
    settings.register()
    diagnostics.register()
    columns.register()
    topics.register()
    feeds.register()
    performance.register()
    search.register()
    signals.finalized.connect(finish_build)
