"""Feeds: the whole column and every topic in Atom 1.0, RSS 2.0 and JSON Feed 1.1.

- ``formats``: the feed classes (feedgenerator subclasses and a JSON Feed writer);
- ``items``: one column as a feed item (stable ``tag:`` id, absolute and sanitised content);
- ``opml``: the OPML list of every feed;
- ``generator``: the Pelican generator that writes them all and ``/subscribe/``.
"""

from pelican import signals

from .generator import FeedsGenerator


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
