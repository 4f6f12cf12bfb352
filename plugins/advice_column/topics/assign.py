"""A column's ``Topics:`` line turned into vocabulary topics, with its problems.

The column reader (package ``columns``) keeps the raw values in
``article.topic_names`` and each metadata key's line in ``article.metadata_lines``.
"""

from ..diagnostics import Problem, display_path


def topic_names(article):
    """The values of the column's ``Topics:`` line, as written, blanks dropped."""
    return [name.strip() for name in getattr(article, "topic_names", ()) if name.strip()]


def metadata_line(article, key):
    """The line of metadata ``key`` (lower case) in the column's file, or None."""
    return getattr(article, "metadata_lines", {}).get(key)


def resolve_names(names, vocabulary):
    """The topics ``names`` name (in the order written, no repeats) and the names that are no topic."""
    found, unknown = [], []
    for name in (name.strip() for name in names):
        topic = vocabulary.find(name) if name else None
        if topic is not None:
            found.append(topic)
        elif name:
            unknown.append(name)
    return list(dict.fromkeys(found)), unknown


def unknown_topic(name, vocabulary, where, line, content_path):
    """The error for a ``Topics:`` value that is not in the vocabulary, with the closest topics."""
    close = vocabulary.closest(name)
    todo = f"did you mean {' or '.join(repr(slug) for slug in close)}? " if close else ""
    todo += (f"Use a topic's slug or name from {display_path(vocabulary.path, content_path)}, "
             "or add the topic there")
    return Problem(where, line, "error", f"unknown topic '{name}'", todo)


def missing_topics(text, classifier, where, line):
    """The warning for a published column without topics, with suggestions for its ``text``."""
    suggested = [slug for slug, _ in classifier.suggest(text, n=3)]
    todo = (f"add a line such as 'Topics: {', '.join(suggested)}' (suggested from the letter)"
            if suggested else "add a 'Topics:' line with slugs from the topic vocabulary")
    return Problem(where, line, "warning", "the column has no topics, so no topic page or feed lists it",
                   todo + "; a published column needs at least one")


def letter_topic_names(article):
    """The values of the column's ``Letter-topics:`` line: one list per letter, as written."""
    return getattr(article, "letter_topic_names", None) or []


def resolve(article, vocabulary, content_path):
    """``(column's topics, each letter's topics)`` (in the order written, no repeats) and a
    :class:`Problem` per unknown value."""
    where = display_path(article.source_path, content_path)
    found, unknown = resolve_names(topic_names(article), vocabulary)
    problems = [unknown_topic(name, vocabulary, where, metadata_line(article, "topics"), content_path)
                for name in unknown]
    letters = []
    for names in letter_topic_names(article):
        own, unknown = resolve_names(names, vocabulary)
        letters.append(own)
        problems += [unknown_topic(name, vocabulary, where, metadata_line(article, "letter-topics"), content_path)
                     for name in unknown]
    return found, letters, problems


def attach(article, vocabulary, content_path):
    """Set the column's ``column_topics``, ``letter_topics`` and ``topics`` (the union) from
    ``vocabulary``: a :class:`Problem` per unknown value."""
    article.column_topics, article.letter_topics, unknown = resolve(article, vocabulary, content_path)
    article.topics = union(article.column_topics, article.letter_topics)
    return unknown


def union(column_topics, letter_topics):
    """The topics of a column as a whole: its own, then its letters', in order, no repeats."""
    return list(dict.fromkeys([*column_topics, *(topic for own in letter_topics for topic in own)]))


def with_ancestors(topics):
    """``topics`` and all their ancestors, as a set."""
    return {topic for own in topics for topic in (own, *own.ancestors)}


def column_text(article):
    """What a column is about, as plain text: its title and its readers' letters
    (the whole text when the reader kept no letters apart)."""
    exchanges = getattr(article, "exchanges", None)
    if exchanges:
        body = "\n".join(exchange.letter_text for exchange in exchanges)
    else:
        from bs4 import BeautifulSoup  # only here: importing it costs every build 60 ms

        body = BeautifulSoup(article.content, "html.parser").get_text(" ")
    return f"{article.title}\n{body}"
