"""The columns already written: which submissions they answer and what they say.

Columns are read with the columns package's own parser and metadata checks
(``columns.index.read_source``), dates through Pelican's reader, so ``Status``,
``Date``, ``Slug`` and ``Submission`` mean what they mean in the build. A column
with errors is not published by the build, so it neither answers nor resembles
a letter here; ``make check`` and the build report it.
"""

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from pelican.readers import MarkdownReader

from ..columns.index import column_files, read_source
from ..comments.files import column_id

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    slug: str
    title: str
    text: str
    #: Queue ids listed in ``Submission:``.
    submissions: tuple
    #: The ``Topics:`` values as vocabulary slugs (unknown ones left out).
    topics: tuple
    #: ``published`` (listed), ``hidden`` (live at its URL, unlisted) or ``draft`` (drafts and
    #: columns scheduled for a later date).
    status: str
    #: The folder of its comments (``comments.files.column_id``); None without a date.
    column_id: str | None = None


def read_columns(content_path, settings, topic_slug=lambda value: None, now=None):
    """Every readable column under ``ARTICLE_PATHS`` of ``content_path``, sorted by slug;
    ``topic_slug`` turns a ``Topics:`` value into a vocabulary slug (or None)."""
    settings = {**settings, "PATH": str(content_path)}
    process = MarkdownReader(settings).process_metadata
    columns = []
    for path in column_files(settings)[0]:
        try:
            source = read_source(path, settings, process)
        except (OSError, UnicodeDecodeError) as error:
            logger.warning("%s: skipped while matching submissions (%s)", path, error)
            continue
        if not source.has_errors:
            columns.append(column_from(source, now or datetime.now(), topic_slug))
    return sorted(columns, key=lambda column: column.slug)


def column_from(source, now, topic_slug):
    meta, parsed = source.meta, source.parsed
    status = meta.status
    date = meta.pelican.get("date")
    if status != "draft" and isinstance(date, datetime) and date.replace(tzinfo=None) > now:
        status = "draft"
    text = "\n".join([meta.title or "", parsed.intro] + [
        part.text for exchange in parsed.exchanges for part in (exchange.letter, exchange.answer)])
    topics = tuple(filter(None, map(topic_slug, meta.topic_names)))
    return Column(slug=meta.slug, title=meta.title or "", text=text, submissions=tuple(meta.submissions),
                  topics=topics, status=status,
                  column_id=column_id(date, meta.slug, meta.aliases) if isinstance(date, datetime) else None)


def answering(columns):
    """``{submission id: slug}`` over published and hidden columns (never drafts)."""
    answers = {}
    for column in columns:
        if column.status != "draft":
            for submission_id in column.submissions:
                answers.setdefault(submission_id, column.slug)
    return answers


_STOPWORDS = frozenset("""
a about after again all also am an and any are as at be because been before being but by can
could did do does doing don down during each even every few for from get got had has have having
he her here hers him his how i if in into is it its just know like me more most my no not now of
off on once one only or other our out over own really same she should so some still such than
that the their them then there these they this those through to too under until up us very was
we were what when where which while who whom why will with would you your yours dear thanks
thank question help please
""".split())


def terms(text):
    """Content words of ``text``: lower case, 3+ letters, common words dropped, crudely stemmed.

    >>> terms("The interviews: I interviewed twice, interviewing is hard")
    ['interview', 'interview', 'twice', 'interview', 'hard']
    """
    return [stem(word) for word in re.findall(r"[a-z][a-z'-]{2,}", text.lower()) if word not in _STOPWORDS]


def stem(word):
    """``word`` without a possessive or a plural/-ing/-ed ending, when a 4-letter stem remains."""
    word = word.removesuffix("'s")
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


class SimilarColumns:
    """Published columns like a letter: its words (TF-IDF) and its suggested topics.

    A letter's score against a column is the cosine of their TF-IDF vectors
    (the letter's whole length counted; words no column uses at the highest
    idf) plus half the share of the letter's suggested topics that the column
    has. Only the columns that share one of the letter's 25 most distinctive
    words or one of its topics are scored (an inverted index), so the cost per
    letter depends on those posting lists, not on the archive's size. Columns
    scoring under ``MIN_SCORE`` are not similar: a letter needs strongly shared
    words, or shared topics and some shared words.
    """

    TOP_TERMS = 25
    MIN_SCORE = 0.3
    TOPIC_WEIGHT = 0.5

    def __init__(self, columns, limit=3):
        self.limit = limit
        published = [column for column in columns if column.status == "published"]
        counts = {column.slug: Counter(terms(column.text)) for column in published}
        frequency = Counter(term for tally in counts.values() for term in tally)
        self.total = total = len(counts)
        self.idf = {term: math.log((1 + total) / (1 + df)) + 1 for term, df in frequency.items()}
        self.postings = {}
        for slug, tally in counts.items():
            weights = {term: (1 + math.log(n)) * self.idf[term] for term, n in tally.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                self.postings.setdefault(term, []).append((slug, weight / norm))
        self.by_topic = {}
        for column in published:
            for topic in set(column.topics):
                self.by_topic.setdefault(topic, []).append(column.slug)

    def similar(self, text, topics=()):
        """Slugs of the most similar published columns, best first (ties by slug)."""
        scores = Counter()
        tally = Counter(terms(text))
        if tally:
            unseen = math.log(1 + self.total) + 1
            weights = {term: (1 + math.log(n)) * self.idf.get(term, unseen) for term, n in tally.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            known = [(term, weight) for term, weight in weights.items() if term in self.postings]
            for term, weight in sorted(known, key=lambda item: (-item[1], item[0]))[:self.TOP_TERMS]:
                for slug, column_weight in self.postings[term]:
                    scores[slug] += weight / norm * column_weight
        topics = set(topics)
        for topic in topics:
            for slug in self.by_topic.get(topic, ()):
                scores[slug] += self.TOPIC_WEIGHT / len(topics)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [slug for slug, score in ranked if score >= self.MIN_SCORE][:self.limit]
