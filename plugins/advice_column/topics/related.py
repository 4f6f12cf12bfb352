"""Related columns: shared topics and shared significant words, found through inverted indexes.

No pair of full texts is ever compared. Each published column is entered in
two indexes: under each of its topics (and their ancestors), and under its
:data:`SIGNIFICANT_TERMS` most significant words (tf-idf over the archive).
Each index entry keeps only the :data:`POSTINGS_CAP` newest columns, so
scoring one column visits at most (topics + terms) x cap others: the whole
archive costs time linear in its size.

A candidate scores :data:`TOPIC_POINTS` per topic the two columns share
(directly or through a parent: two columns on "negotiation" also share
"salary", and outrank a pair that only shares "salary") and
:data:`TERM_POINTS` per shared significant word. The best come first, ties by
slug; a candidate needs :data:`MIN_SCORE` (one shared topic, or two shared
words). A column is never related to itself, and only published columns are
ever suggested; nor is a column's rerun, or the column a rerun reruns.
"""

import heapq
import math
from collections import Counter, defaultdict
from itertools import chain

from ..columns.results import FileResults, kept_file, load, save
from ..parallel import forked
from .assign import column_text
from .text import terms

#: Points per topic two columns share (a topic's ancestors count as shared topics too).
TOPIC_POINTS = 2
#: Points per significant word two columns share.
TERM_POINTS = 1
#: How many of its words (by tf-idf) a column is indexed under.
SIGNIFICANT_TERMS = 10
#: How many columns (the newest) each index entry keeps.
POSTINGS_CAP = 200
#: Below this many columns, starting processes costs more than scoring them here.
MIN_PARALLEL = 500
#: The least score that makes a column related: one shared topic, or two shared words.
MIN_SCORE = 2


def topic_keys(article):
    """The slugs of the column's topics and of all their ancestors."""
    keys = set()
    for topic in getattr(article, "topics", ()):
        keys.add(topic.slug)
        keys.update(ancestor.slug for ancestor in topic.ancestors)
    return keys


def significant_terms(counts, document_frequency, total, own):
    """The column's :data:`SIGNIFICANT_TERMS` words of highest tf-idf (ties by word), among
    the words some other published column has (``own``: the column itself is one of them)."""
    weighted = [(-count * math.log(total / document_frequency[term]), term)
                for term, count in counts.items() if document_frequency.get(term, 0) > own]
    return {term for _, term in sorted(weighted)[:SIGNIFICANT_TERMS]}


def find_related(columns, published, count, processes=1, settings=None):
    """Set ``related`` on every column in ``columns``: up to ``count`` of ``published``.

    A large archive (:data:`MIN_PARALLEL` columns or more, ``processes`` above
    one) is ranked in the background, in a forked process that scores on
    ``processes`` cores while the build goes on: the columns get their
    ``related`` when the returned function is called. Otherwise they have it
    already, and the function does nothing. With ``settings`` and the content cache
    on, each column's words are counted once, not again while its file is unchanged.
    """
    candidates = sorted(published, key=lambda a: (a.date, a.slug), reverse=True)  # newest first

    def attach(found):
        for article, positions in zip(columns, found):
            article.related = [candidates[position] for position in positions]

    if len(columns) >= MIN_PARALLEL and processes > 1:
        ranking = forked.Background(lambda: rank(columns, candidates, count, processes, settings))
        return lambda: attach(ranking.result())
    attach(rank(columns, candidates, count, settings=settings))
    return lambda: None


def letter(article):
    """Which letter a column runs: the slug of the column it reruns, else its own (a column is never
    related to itself, its rerun or its original)."""
    return getattr(article, "rerun_slug", None) or article.slug


def word_counts(articles, settings=None):
    """By ``id``, how many times each of its :func:`~.text.terms` each article has; kept in the
    content cache (``settings``, if it is on) for the next build, by the article's source file."""
    kept = FileResults(settings, "word-counts") if settings is not None else None
    counts = {}
    for article in articles:
        found = kept.get(article.source_path) if kept is not None else None
        if found is None:
            found = dict(Counter(terms(column_text(article))))
            if kept is not None:
                kept.put(article.source_path, found)
        counts[id(article)] = found
    if kept is not None:
        kept.save()
    return counts


def rank(columns, candidates, count, processes=1, settings=None):
    """For each column, the positions in ``candidates`` (published, newest first) of its related
    columns, best first; scored in ``processes`` forked processes (words counted as
    :func:`word_counts` counts them). With ``settings`` and the content cache on, a column whose
    ranking cannot have changed since the last build keeps it (:meth:`Ranking.unchanged`)."""
    published_ids = {id(article) for article in candidates}
    everyone = [*candidates, *(article for article in columns if id(article) not in published_ids)]
    counts = word_counts(everyone, settings)
    document_frequency = Counter()
    for article in candidates:
        document_frequency.update(counts[id(article)].keys())

    keys = {}  # id(column) -> [((kind, key), points)]: each column's index entries, computed once
    for article in everyone:
        words = significant_terms(counts.pop(id(article)), document_frequency, len(candidates),
                                  own=int(id(article) in published_ids))  # each Counter freed once used
        keys[id(article)] = [(("topic", key), TOPIC_POINTS) for key in sorted(topic_keys(article))] + [
            (("term", word), TERM_POINTS) for word in sorted(words)]

    letters = [letter(article) for article in candidates]
    index = defaultdict(list)  # (kind, key) -> [position], newest first
    for position, article in enumerate(candidates):
        for key, _ in keys[id(article)]:
            postings = index[key]
            if len(postings) < POSTINGS_CAP:
                postings.append(position)

    def best(number):
        """The positions of the related columns of ``columns[number]``."""
        article = columns[number]
        # A key worth p points counts each of its columns p times (Counter counts in C).
        scores = Counter(chain.from_iterable(index.get(key, ()) for key, points in keys[id(article)]
                                             for _ in range(points)))
        # The count-th best other column scores at least the (count+1)-th best score of all:
        # only the columns at or above it need ranking by score and slug.
        least = max([MIN_SCORE, *heapq.nlargest(count + 1, scores.values())[count:]])
        ranked = sorted((-score, candidates[position].slug, position)
                        for position, score in scores.items()
                        if score >= least and letters[position] != letter(article))
        return [position for _, _, position in ranked[:count]]

    kept = kept_file(settings, "related") if settings is not None else None
    ranking = Ranking(candidates, letters, count, dict(index), {
        article.source_path: (letter(article), keys[id(article)]) for article in columns})
    found = ranking.unchanged(load(kept) if kept else None)
    todo = [number for number, article in enumerate(columns) if article.source_path not in found]
    if processes > 1 and len(todo) >= MIN_PARALLEL:
        ranked = forked.run(lambda i: best(todo[i]), len(todo), processes, chunksize=256)
    else:
        ranked = map(best, todo)
    for number, positions in zip(todo, ranked):
        found[columns[number].source_path] = positions
    if kept:
        ranking.results = found
        save(kept, ranking)
    return [found[article.source_path] for article in columns]


class Ranking:
    """What one build's ranking depended on, and what it found: a later build reuses the related
    columns of each column whose entries, and the columns under them, are the same."""

    def __init__(self, candidates, letters, count, index, entries):
        self.candidates = [(article.source_path, article.slug, runs) for article, runs in zip(candidates, letters)]
        self.count = count
        self.index = index  # (kind, key) -> positions in candidates
        self.entries = entries  # source path -> (letter, [(key, points)])
        self.results = {}  # source path -> positions in candidates

    def unchanged(self, previous):
        """The results of ``previous`` (a Ranking, or None) that this ranking would find again: a
        column's, when the candidates (order, slugs, letters) and ``count`` are the same, and so are
        its letter, its index entries and the positions under each."""
        if not isinstance(previous, Ranking) or (previous.candidates, previous.count) != (
                self.candidates, self.count):
            return {}
        changed = {key for key in self.index.keys() | previous.index.keys()
                   if self.index.get(key) != previous.index.get(key)}
        return {path: previous.results[path] for path, entry in self.entries.items()
                if path in previous.results and previous.entries.get(path) == entry
                and not any(key in changed for key, _ in entry[1])}
