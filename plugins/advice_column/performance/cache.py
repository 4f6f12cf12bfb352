"""Pelican's content cache, kept only while it is still true.

`make html` and the devserver turn on Pelican's reader-level cache
(``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``, in ``$(OUTPUTDIR).cache``): a
column whose file has not changed is not read again. The reader layer, not the
generator layer, because Pelican decides a column's status (published or
scheduled) when it makes the Article, which the reader layer does on every
build: with ``WITH_FUTURE_DATES = False`` a scheduled column is published by
the first build after its date.

Pelican checks only each file's modification time. What else the cached HTML
depends on, the settings and the code that read it, is fingerprinted here;
when the fingerprint changes the cache files are deleted before Pelican loads
them. And a column with a problem is always read again, so that every build
reports it (a cached column would be silent).
"""

import dataclasses
import hashlib
import logging
import os
from importlib import metadata
from pathlib import Path

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "advice-column.fingerprint"
#: Libraries whose version changes what a column reads as.
LIBRARIES = ("pelican", "markdown", "jinja2", "markupsafe", "beautifulsoup4", "nh3", "pygments")
PLUGIN = Path(__file__).resolve().parent.parent


def code_fingerprint():
    """Digest of the plugin's files and the libraries' versions, as imported (the running code)."""
    digest = hashlib.sha256()
    for path in sorted(PLUGIN.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PLUGIN).as_posix().encode())
            digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    return digest.hexdigest()


#: Computed once, when the plugin is imported: an edit of the plugin during a
#: devserver session changes the files, not the code that is running.
CODE = code_fingerprint()


def stable(value):
    """A representation of a settings value that is the same in every process.

    >>> stable({"b": [1, 2.5], "a": None})
    "{'a':None,'b':[1,2.5]}"
    >>> stable(len)
    'builtins.len'
    """
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{stable(k)}:{stable(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(stable(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(stable(v) for v in value)) + "}"
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"


def fingerprint(settings):
    """What the cached content depends on besides each file: the settings and the code."""
    return hashlib.sha256(f"{CODE}\n{stable(dict(settings))}".encode()).hexdigest()


def cache_files(cache_path):
    """The files Pelican's generators keep in ``cache_path`` (named after the generator classes)."""
    if not os.path.isdir(cache_path):
        return []
    return [os.path.join(cache_path, name) for name in os.listdir(cache_path)
            if name.endswith(("Generator", "Generator-Readers"))]


def remember_fingerprint(pelican):
    """``initialized``: fingerprint the settings as they are before any build.

    Pelican's ``MarkdownReader`` adds keys to ``MARKDOWN`` during a build, so a
    devserver's second build would see other settings than a fresh process does.
    """
    pelican.advice_column_fingerprint = fingerprint(pelican.settings)


def drop_if_stale(pelican):
    """``get_generators`` (every build, before the caches load): delete a cache made otherwise."""
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    cache_path = settings["CACHE_PATH"]
    marker = os.path.join(cache_path, FINGERPRINT_FILE)
    current = getattr(pelican, "advice_column_fingerprint", None) or fingerprint(settings)
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
    """Forget the cached reading of each column that has a problem, so this build reports it."""
    for path, source in sources.items():
        if source.issues:
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


def pickle_strings_apart(generator):
    """``article_generator_pretaxonomy`` (every column read, the reader cache not yet saved):
    the cache's strings are pickled through :class:`Utf8`, so the columns keep no UTF-8 copy."""
    settings = generator.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "reader"):
        return
    readers, wrapped = generator.readers, {}
    readers._cache = {path: apart(entry, wrapped) for path, entry in readers._cache.items()}


def release_saved_cache(generator):
    """``article_generator_finalized``: the reader cache is saved and this build reads it no more."""
    if generator.settings.get("CACHE_CONTENT") and generator.settings.get("CONTENT_CACHING_LAYER") == "reader":
        generator.readers._cache = {}
