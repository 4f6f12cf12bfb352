"""Words of a letter as the classifier and related columns compare them.

Both sides of every comparison (a keyword and a letter, two columns) go
through :func:`terms`, so a crude stemmer is enough: it only has to map the
forms of one word to the same key, never to produce a real word.

An archive has many words but a small vocabulary, so :func:`stem` remembers
each word it has seen (and every column then shares one string per stem).
"""

import functools
import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

#: Common English words that say nothing about a letter's subject.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing done down during each even ever every few for
from further get gets getting got had has have having he her here hers herself him himself his how i
if in into is it its itself just know like made make many may me might mine more most much must my
myself never no nor not now of off often on once one only or other our ours ourselves out over own
really said same say says see she should so some still such than that the their theirs them
themselves then there these they thing things think this those though through to too under until up
upon us very want was way we well were what when where which while who whom why will with would yet
you your yours yourself yourselves
""".split())

#: Suffixes stripped by :func:`stem`, longest first, each with its replacement.
SUFFIXES = (
    ("ations", "at"), ("ation", "at"), ("ings", ""), ("ing", ""), ("ions", ""), ("ion", ""),
    ("ies", "y"), ("ed", ""), ("es", ""), ("s", ""), ("e", ""),
)


class _Accents(dict):
    """A :meth:`str.translate` table that deletes combining characters (accents), filled as met."""

    def __missing__(self, code):
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_ACCENTS = _Accents()


def fold(text):
    """Lower case without accents: ``fold("Résumé")`` is ``'resume'``."""
    folded = text.casefold()
    if folded.isascii():  # nothing to decompose
        return folded
    return unicodedata.normalize("NFKD", folded).translate(_ACCENTS)


@functools.cache
def stem(word):
    """A key shared by the forms of one word (at least three letters are always kept).

    >>> [stem(w) for w in ("negotiate", "negotiating", "negotiation", "boss", "bosses")]
    ['negotiat', 'negotiat', 'negotiat', 'boss', 'boss']
    """
    word = word.replace("’", "'").split("'")[0]
    if word.endswith("ss"):  # "boss", "business": not a plural
        return word
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def words(text):
    """Every word of ``text``, folded, in order (stop words included)."""
    return WORD.findall(fold(text))


def terms(text):
    """The stemmed words of ``text`` that are not stop words, in order.

    >>> terms("My boss never answers my e-mails!")
    ['boss', 'answer', 'mail']
    """
    return [stem(word) for word in words(text) if word not in STOPWORDS and len(word) > 1]
