"""``make check`` for topics: the vocabulary, and every column's ``Topics:`` line against it.

The same problems the build reports (``attach_topics``), found without building:
the vocabulary's own, each unknown topic (with the closest slugs), and a
column without topics (with the classifier's suggestions).
"""

from types import SimpleNamespace

from . import assign, vocabulary
from .classifier import Classifier


def as_article(source):
    """The parts of a column source that ``assign`` reads from an Article."""
    return SimpleNamespace(
        source_path=source.path, title=source.meta.title or "", content="",
        topic_names=source.meta.topic_names, metadata_lines=source.meta.lines,
        exchanges=[SimpleNamespace(letter_text=e.letter.text) for e in source.parsed.exchanges])


def topic_problems(content):
    """Problems of the vocabulary and of each column's topics (``columns.check.CHECKS``)."""
    found, problems = vocabulary.read(content.settings)
    yield from problems
    if found is None:
        return
    classifier = Classifier(found)
    for source in content.columns:
        article = as_article(source)
        yield from assign.resolve(article, found, content.settings["PATH"])[1]
        # Drafts too: `make check` tells an editor before the column is published (the build
        # warns only for columns it publishes).
        if not source.has_errors and not assign.topic_names(article):
            yield assign.missing_topics(article, classifier, content.settings["PATH"])
