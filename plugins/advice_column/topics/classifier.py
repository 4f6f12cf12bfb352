"""Topic suggestions for any text, from the vocabulary's keywords: explainable, offline.

    classifier = Classifier.from_settings(settings)   # or Classifier(vocabulary)
    classifier.suggest("My interviewer ghosted me after the final round", n=2)
    # [('follow-up', 4.0), ('interviews', 4.0)]
    classifier.explain("...")   # {slug: [(keyword, hits, points), ...]}

How a text is scored (docs/topics.md, "Topic suggestions"):

- Every keyword of a topic, and the topic's own slug and name, is a *pattern*:
  its words, folded and stemmed (:mod:`.text`), so "negotiating" matches the
  keyword "negotiation" and "Résumés" matches "resume".
- The text is read left to right; at each word the longest pattern that starts
  there matches and its words are consumed, so "hiring manager" counts once,
  for its topic, and not also as "manager".
- A match is worth one point per word of the pattern (phrases are more
  specific than single words), twice that for the topic's slug or name, split
  evenly between the topics that share the pattern. A pattern counts at most
  :data:`MAX_HITS` times in one text.
- A topic's score is the sum of its patterns' points; suggestions are the
  topics with a score above zero, best first, ties by slug.
"""

from collections import defaultdict

from . import vocabulary as vocabulary_module
from .text import stem, words

#: Points per word of a keyword.
KEYWORD_WEIGHT = 1.0
#: Points per word of the topic's own slug or name.
NAME_WEIGHT = 2.0
#: Times one pattern counts in one text, at most.
MAX_HITS = 3


def pattern(phrase):
    """The stemmed words of a keyword: ``pattern("Thank-you notes")`` is ``('thank', 'you', 'not')``."""
    return tuple(stem(word) for word in words(phrase))


class Classifier:
    """Suggests topics for a text from the keywords of a vocabulary's topics."""

    def __init__(self, topics):
        points = defaultdict(dict)  # pattern -> {slug: points per match}
        for topic in topics:
            weighted = [(topic.slug.replace("-", " "), NAME_WEIGHT), (topic.name, NAME_WEIGHT)]
            weighted += [(keyword, KEYWORD_WEIGHT) for keyword in topic.keywords]
            for phrase, weight in weighted:
                key = pattern(phrase)
                if key:
                    previous = points[key].get(topic.slug, 0)
                    points[key][topic.slug] = max(previous, weight * len(key))
        self.patterns = {key: {slug: value / len(owners) for slug, value in owners.items()}
                         for key, owners in points.items()}
        self.longest = max(map(len, self.patterns), default=0)

    @classmethod
    def from_settings(cls, settings):
        """A classifier over the site's vocabulary (``TOPICS_VOCABULARY`` under ``PATH``).

        It never raises: an unreadable vocabulary gives a classifier that suggests
        nothing (`make check` and the build report the vocabulary's problems).
        """
        found, _ = vocabulary_module.read(settings)
        return cls(found or ())

    def matches(self, text):
        """Each pattern found in ``text`` (longest first at each word) and how often, capped."""
        tokens = [stem(word) for word in words(text)]
        counts = defaultdict(int)
        position = 0
        while position < len(tokens):
            for size in range(min(self.longest, len(tokens) - position), 0, -1):
                key = tuple(tokens[position:position + size])
                if key in self.patterns:
                    counts[key] = min(counts[key] + 1, MAX_HITS)
                    position += size
                    break
            else:
                position += 1
        return counts

    def explain(self, text):
        """Why each topic scores what it does: ``{slug: [(pattern words, hits, points), ...]}``."""
        reasons = defaultdict(list)
        for key, hits in sorted(self.matches(text).items()):
            for slug, value in self.patterns[key].items():
                reasons[slug].append((" ".join(key), hits, round(hits * value, 3)))
        return dict(reasons)

    def scores(self, text):
        """Every topic with a score above zero: ``{slug: score}``."""
        return {slug: round(sum(points for _, _, points in found), 3)
                for slug, found in self.explain(text).items()}

    def suggest(self, text, n=3):
        """The ``n`` best topics for ``text`` as ``[(slug, score), ...]``, best first, ties by slug."""
        ranked = sorted(self.scores(text).items(), key=lambda item: (-item[1], item[0]))
        return ranked[:n]
