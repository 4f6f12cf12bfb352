"""A saved column's page, rendered at once from the last build's model, before the build ends.

The last build leaves, through Pelican's public signals, what it rendered: the
generators' shared context and the columns (``all_generators_finalized``), and
each page's own values (``content_written``). When an editor saves a column that
the model holds, and its slug, date, status, aliases and follow-up are what
they were (a word, the title, the topics changed), :func:`column_pages` reads
the file as the build reads it, puts what it read into the model's column (so
every page of the model shows the new text), and renders that column's page
with the model's template: what the open browser page shows a few milliseconds
after the save. The full build follows at once and writes every page; a page
whose bytes it changes (say its related columns moved) reloads again.
"""

import os

from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator
from pelican.readers import Readers

from ..columns.index import read_source
from ..columns.reader import ColumnReader
from ..topics import assign, vocabulary
from .memory import forget_memos

#: What must be unchanged for the column's page to be rendered before the build: the page's
#: address, its place in the lists, and what links to other columns.
SAME = ("slug", "date", "status", "lang", "template", "aliases", "follows_slug", "follows_number")
#: Set on a column by the build from the other columns (the reader sets placeholders).
ARCHIVE_WIDE = ("follows", "followed_by")


class Model:
    """What the last build rendered: the shared context, the columns by source file, each
    column page's own values (what its page adds to the shared context) by output file."""

    def __init__(self):
        self.shared = self.generator = None
        self.columns = {}
        self.pages = {}  # output file -> (column, the page's own values)

    def release(self):
        """Let go of the build: its context is emptied, so that most of its objects are freed at
        once, without waiting for the collector (every column refers to the context)."""
        if self.shared is not None:
            self.shared.clear()
        self.shared = self.generator = None
        self.columns.clear()
        self.pages.clear()

    def finalized(self, generators):
        """``all_generators_finalized``: the shared context and every column."""
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                self.generator, self.shared = generator, generator.context
                for column in (*generator.articles, *generator.hidden_articles, *generator.drafts):
                    self.columns[os.path.abspath(column.source_path)] = column

    def written(self, path, context=None):
        """``content_written``: keep a column page's own values."""
        column = (context or {}).get("article")
        if self.shared is None or not isinstance(column, Content):
            return
        own = {key: value for key, value in context.items() if self.shared.get(key) is not value}
        self.pages[os.path.abspath(path)] = (column, own)


def read(path, settings, context):
    """The column at ``path`` as the build reads it, or None when its file has a problem (the
    build reports it)."""
    readers = Readers({**settings, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False})
    reader = readers.readers.get("md")
    if not isinstance(reader, ColumnReader):
        return None
    source = read_source(path, settings, reader.process_metadata)
    if source.has_errors or any(True for _ in source.problems()):
        return None
    reader.index = {path: source}
    return readers.read_file(base_path=settings["PATH"], path=path, content_class=Article,
                             context=context)


def column_pages(model, path):
    """``{output file: bytes}``: the pages of the saved column at ``path`` rendered from the
    model, or an empty dict when the build alone can show the change."""
    column = model.columns.get(os.path.abspath(path))
    if column is None or not os.path.isfile(path):
        return {}
    settings = model.generator.settings
    fresh = read(path, settings, model.shared)
    if fresh is None or any(getattr(fresh, key, None) != getattr(column, key, None) for key in SAME):
        return {}
    found, problems = vocabulary.read(settings)
    if found is None or problems or assign.attach(fresh, found, settings["PATH"]):
        return {}
    if column in model.shared.get("articles", ()) and not fresh.topics:
        return {}
    by_slug = {topic.slug: topic for topic in model.shared.get("topics", ())}

    def same(topics):  # the model's topic objects, which know their columns
        return [by_slug.get(topic.slug, topic) for topic in topics]

    fresh.column_topics, fresh.topics = same(fresh.column_topics), same(fresh.topics)
    fresh.letter_topics = [same(own) for own in fresh.letter_topics]
    vars(column).update({key: value for key, value in vars(fresh).items() if key not in ARCHIVE_WIDE})
    forget_memos()
    return {output: model.generator.get_template(column.template).render({**model.shared, **own})
            .encode("utf-8")
            for output, (shown, own) in model.pages.items() if shown is column}
