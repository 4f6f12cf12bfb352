"""``make check``: the topic vocabulary, and every column's ``Topics:`` line, without building.

Registered in :data:`advice_column.columns.check.CHECKS`; sees the same
problems the build reports (``assign`` words them), from the columns' sources.
"""

from . import assign, vocabulary
from .classifier import Classifier


def topic_problems(content):
    """Problems of the vocabulary, unknown topics, and columns without topics."""
    found, problems = vocabulary.read(content.settings)
    yield from problems
    if found is None:
        return
    classifier = Classifier(found)
    for source in content.columns:
        meta = source.meta
        if meta.status == "withdrawn":
            continue  # never listed: its topics do not matter
        named = [("topics", meta.topic_names), *(("letter-topics", own) for own in meta.letter_topic_names)]
        for key, names in named:
            _, unknown = assign.resolve_names(names, found)
            for name in unknown:
                yield assign.unknown_topic(name, found, source.display, meta.lines.get(key),
                                           content.settings["PATH"])
        # Drafts too: `make check` tells an editor before the column is published
        # (the build warns only about the columns it publishes).
        if not meta.topic_names and not any(meta.letter_topic_names) and not source.has_errors:
            letters = "\n".join(exchange.letter.text for exchange in source.parsed.exchanges)
            yield assign.missing_topics(f"{meta.title or ''}\n{letters}", classifier, source.display,
                                        meta.lines.get("title"))
