"""Readers' comments: approved comments, kept as files in the content, published with their column.

- ``files``: one comment's file (``content/comments/<column-id>/<id>.md``), read and written;
- ``render``: a comment's Markdown subset as sanitised HTML;
- ``thread``: a column's comments in reading order, replies nested one level, in pages;
- ``publish``: each published column's comments, attached when the columns are read;
- ``pages``: the pages of comments after the first;
- ``pending``, ``moderate``: the comments the receiver stored, listed in the queue and decided
  with ``make approve``/``make reject`` (editorial tools, never part of a build).
"""

from pelican import signals

from .pages import CommentPagesGenerator
from .publish import attach


def get_generators(pelican):
    return CommentPagesGenerator


def register():
    signals.article_generator_finalized.connect(attach)
    signals.get_generators.connect(get_generators)
