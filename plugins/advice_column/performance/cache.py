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

Pelican saves its whole reader cache again after every build, on the build's
path: at 10,000 columns, 139 MB pickled (over a second) for one edited column.
So the columns' readings are saved apart (``READINGS``), by a forked process
while the build goes on, and Pelican's cache keeps for each column only the
token of the file that holds its reading, with the column file's stamp; the
next build gives Pelican's cache back each reading whose token and stamp still
hold. A build stopped on the way leaves the last build's file and tokens as
they were.
"""

import contextlib
import functools
import logging
import os
import pickle
import secrets
from itertools import chain

from ..build import Build
from ..columns import results
from ..fingerprint import fingerprint
from ..parallel import forked

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "advice-column.fingerprint"
#: The columns' readings (HTML and metadata), saved apart from Pelican's reader cache: the
#: file's name is this and the token Pelican's cache keeps for each of its columns.
READINGS = "advice-column.readings."


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
        content, metadata = readers.get_cached_data(path, (None, None))
        if content is not None and (source.issues or metadata.get("unlinked", ()) != source.unlinked):
            readers.cache_data(path, (None, None))


def columns_read(generator):
    """The source paths of every column ``generator`` read (the reader cache's entries)."""
    lists = (generator.articles, generator.translations, generator.hidden_articles,
             generator.hidden_translations, generator.drafts, generator.drafts_translations)
    return [column.source_path for column in chain.from_iterable(lists)]


def reader_cache_on(settings):
    return bool(settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "reader")


class ReadingsPickler(pickle.Pickler):
    """Pickles each non-ASCII string of the readings as its UTF-8 bytes (a persistent id).

    Pickling a non-ASCII string leaves its UTF-8 encoding inside the string for as
    long as the string lives (CPython caches it there): the process that saves the
    readings, which shares the build's memory, would grow by a copy of every
    column's HTML and letters (about 130 MB at 10,000 columns). Encoded here, the
    string itself is left as it is.
    """

    def persistent_id(self, obj):
        if type(obj) is str and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


class ReadingsUnpickler(pickle.Unpickler):
    """Reads what :class:`ReadingsPickler` wrote (and any plain pickle)."""

    def persistent_load(self, pid):
        return pid.decode("utf-8", "surrogatepass")


def save_readings(path, readings):
    """Pickle ``readings`` (by source path) into ``path``, written whole or not at all; at the
    lowest priority, on a core the build leaves idle (its result is taken only at the end)."""
    os.nice(19)
    results.save(path, readings, ReadingsPickler)


def readings_files(cache_path):
    """The readings files in ``cache_path``, the newest first: ``(token, path)``."""
    try:
        names = [name for name in os.listdir(cache_path)
                 if name.startswith(READINGS) and not name.endswith(".tmp")]
    except OSError:
        return []
    files = [(name[len(READINGS):], os.path.join(cache_path, name)) for name in names]
    return sorted(files, key=lambda file: os.path.getmtime(file[1]), reverse=True)


def keep_readings(generator):
    """``article_generator_pretaxonomy`` (every column read, the reader cache not yet saved): the
    columns' readings are saved by a forked process, beside the build, in a readings file of this
    build's token, and Pelican's cache keeps only that token for each column. Once the site is
    written (Pelican's cache, with the tokens, saved), the other readings files are deleted."""
    settings = generator.settings
    if not reader_cache_on(settings):
        return
    readers, token, readings = generator.readers, secrets.token_hex(16), {}
    for path in columns_read(generator):
        reading = readers.get_cached_data(path)  # None if the file changed since it was read
        if reading is not None and reading[0] is not None:
            readings[path] = reading
        readers.cache_data(path, (None, token if path in readings else None))
    cache_path = settings["CACHE_PATH"]
    os.makedirs(cache_path, exist_ok=True)
    # the forked process has the readings; the build keeps no reference to this dict
    saving = forked.Background(functools.partial(save_readings, os.path.join(cache_path, READINGS + token),
                                                 readings))

    def saved():
        saving.result()
        for name in os.listdir(cache_path):  # older readings files, and any left half-written
            if name.startswith(READINGS) and name != READINGS + token:
                with contextlib.suppress(OSError):
                    os.remove(os.path.join(cache_path, name))

    Build.of(generator).before_end(saved)


def restore_readings(generator):
    """``article_generator_init``: give Pelican's reader cache back the readings a build saved, of
    each column whose file Pelican finds unchanged since (the file's token in Pelican's cache)."""
    settings = generator.settings
    if not (reader_cache_on(settings) and settings.get("LOAD_CONTENT_CACHE")):
        return
    readers = generator.readers
    for token, file_path in readings_files(settings["CACHE_PATH"]):
        readings = results.load(file_path, {}, ReadingsUnpickler)
        kept = [path for path in readings if readers.get_cached_data(path) == (None, token)]
        for path in kept:
            readers.cache_data(path, readings[path])
        if kept:  # an older file (a failed build's) holds no reading of this one's tokens
            return
