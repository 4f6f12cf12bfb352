"""Pelican's content cache, kept only while it is still true.

`make html` and the devserver turn on Pelican's reader-level cache
(``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``, in ``$(OUTPUTDIR).cache``): a
column whose file has not changed is not read again. The reader layer, not the
generator layer, because Pelican decides a column's status (published or
scheduled) when it makes the Article, which the reader layer does on every
build: with ``WITH_FUTURE_DATES = False`` a scheduled column is published by
the first build after its date.

Pelican checks only each file's modification time. What else the cached HTML
depends on, the settings and the code that read it, is fingerprinted
(``..fingerprint``); when the fingerprint changes the cache files are deleted
before Pelican loads them. And a column with a problem is always read again, so that every build
reports it (a cached column would be silent).
"""

import dataclasses
import logging
import os
from itertools import chain

from ..fingerprint import fingerprint

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "advice-column.fingerprint"


def cache_files(cache_path):
    """The files kept in ``cache_path`` that the settings and code make: Pelican's generators'
    (named after the generator classes) and the plugin's (``advice-column.*``)."""
    if not os.path.isdir(cache_path):
        return []
    return [os.path.join(cache_path, name) for name in os.listdir(cache_path)
            if name.endswith(("Generator", "Generator-Readers"))
            or (name.startswith("advice-column.") and name != FINGERPRINT_FILE)]


def drop_if_stale(pelican):
    """``initialized`` (before any generator loads a cache): delete a cache made otherwise.

    Once per Pelican: its later builds (the devserver's) run the same code with the same settings.
    """
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    cache_path = settings["CACHE_PATH"]
    marker = os.path.join(cache_path, FINGERPRINT_FILE)
    current = fingerprint(settings)
    try:
        with open(marker, encoding="utf-8") as file:
            previous = file.read().strip()
    except OSError:
        previous = None
    if previous == current:
        return
    stale = cache_files(cache_path)
    if stale:
        logger.info("Settings or code changed since the content cache was made: reading every file again")
    for path in stale:
        os.remove(path)
    os.makedirs(cache_path, exist_ok=True)
    with open(marker, "w", encoding="utf-8") as file:
        file.write(current + "\n")


def reread_columns_with_problems(readers, sources):
    """Forget the cached reading of each column that has a problem, so this build reports it, and
    of each column whose reading took from other columns what they no longer say (links to a
    column withdrawn since, or no longer withdrawn: ``unlinked``)."""
    for path, source in sources.items():
        _, metadata = readers.get_cached_data(path, (None, None))
        if source.issues or (metadata or {}).get("unlinked", ()) != source.unlinked:
            readers.cache_data(path, (None, None))


class Utf8:
    """A string of the reader cache, pickled as its UTF-8 bytes (and unpickled as a plain ``str``).

    Pickling a non-ASCII string leaves its UTF-8 encoding inside the string for as
    long as the string lives (CPython caches it there). The columns' HTML and
    letters, which the build keeps, would carry that copy once the cache is saved;
    pickled through this, the copy is a ``bytes`` freed when the cache is written.
    """

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __reduce__(self):
        return str, (self.text.encode("utf-8", "surrogatepass"), "utf-8", "surrogatepass")


def apart(value, wrapped):
    """``value`` with each non-ASCII string in it (in tuples, lists, dicts and dataclasses) a
    :class:`Utf8`, in new containers: ``value`` itself is not changed. ``wrapped``: by id, the
    wrappers made so far (a string met twice is pickled once, as before)."""
    kind = type(value)
    if kind is str:
        return value if value.isascii() else wrapped.setdefault(id(value), Utf8(value))
    if kind in (tuple, list):
        return kind(apart(item, wrapped) for item in value)
    if kind is dict:
        return {key: apart(item, wrapped) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{field.name: apart(getattr(value, field.name), wrapped)
                                            for field in dataclasses.fields(value) if field.init})
    return value


def columns_read(generator):
    """The source paths of every column ``generator`` read (the reader cache's entries)."""
    lists = (generator.articles, generator.translations, generator.hidden_articles,
             generator.hidden_translations, generator.drafts, generator.drafts_translations)
    return [column.source_path for column in chain.from_iterable(lists)]


def reader_cache_on(settings):
    return bool(settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "reader")


def pickle_strings_apart(generator):
    """``article_generator_pretaxonomy`` (every column read, the reader cache not yet saved):
    the cache's strings are pickled through :class:`Utf8`, so the columns keep no UTF-8 copy."""
    if not reader_cache_on(generator.settings):
        return
    readers, wrapped = generator.readers, {}
    for path in columns_read(generator):
        entry = readers.get_cached_data(path)
        if entry is not None:
            readers.cache_data(path, apart(entry, wrapped))


def release_saved_cache(generator):
    """``article_generator_finalized``: the reader cache is saved and this build reads it no more."""
    if reader_cache_on(generator.settings):
        for path in columns_read(generator):
            generator.readers.cache_data(path, None)
