"""advice-column: a Pelican plugin for Q&A advice columns.

Each concern lives in its own package and connects its own signals:

- ``settings``: every setting's default, installed before anything reads it;
- ``diagnostics``: problems reported as ``path:line: error: what; what to do``.
"""

from . import columns, diagnostics, feeds, performance, settings, topics


def register():
    """Connect every part of the plugin to Pelican's signals."""
    settings.register()
    # performance renders the pages at ``finalized``: before the build summary counts problems
    performance.register()
    diagnostics.register()
    columns.register()
    topics.register()
    feeds.register()
