"""advice-column: a Pelican plugin for Q&A advice columns.

Each concern lives in its own package and connects its own signals:

- ``settings``: every setting's default and check, installed when Pelican starts;
- ``diagnostics``: problems reported as ``path:line: error: what; what to do``;
- ``build``: one build's state, and the generator that finishes it;
- ``columns``, ``topics``, ``feeds``, ``search``, ``comments``: the features;
- ``parallel``: work on every core, for any part;
- ``performance``: the optional layer that makes rebuilds fast (``PERFORMANCE``).

``submissions`` (the editorial queue and drafts) and ``receiver`` (the ask
form's web service) are not part of a build: the command line
(``python -m advice_column``) runs them.
"""

from . import build, columns, comments, feeds, performance, search, settings, topics


def register():
    """Connect every part of the plugin to Pelican's signals (the build's last: its generator
    is the last of the plugin's)."""
    settings.register()
    columns.register()
    topics.register()
    feeds.register()
    comments.register()
    performance.register()
    search.register()  # after the performance layer, which fixes the URLs the search plan reads
    build.register()
