"""What a build made, kept in the content cache for the next build: of single files
(:class:`FileResults`), or of the whole archive (:func:`kept_file`, :func:`load`, :func:`save`)."""

import logging
import os
import pickle

logger = logging.getLogger(__name__)


def kept_file(settings, name):
    """The path of ``name`` in the content cache; None when the cache is off. Deleted with the rest of
    the cache when the settings or the code change."""
    if settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"):
        return os.path.join(settings["CACHE_PATH"], f"advice-column.{name}")
    return None


def load(path, default=None, unpickler=pickle.Unpickler):
    """What :func:`save` kept in ``path`` (read by ``unpickler``); ``default`` if there is none or it
    cannot be read."""
    try:
        with open(path, "rb") as file:
            return unpickler(file).load()
    except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError):
        return default


def save(path, value, pickler=pickle.Pickler):
    """Keep ``value`` in ``path`` (written by ``pickler``), replaced whole (never half-written); a
    warning if it cannot be."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".tmp", "wb") as file:
            pickler(file, pickle.HIGHEST_PROTOCOL).dump(value)
        os.replace(path + ".tmp", path)
    except OSError as error:
        logger.warning("Could not keep %s in the content cache (the next build works it out again): %s",
                       path, error)


class FileResults:
    """What a build made of single files, kept in the content cache for the next build: a file
    whose size and modification time did not change is not read again (Pelican's content cache
    trusts the modification time alone). Only with the content cache on; deleted with the rest of
    the cache when the settings or the code change."""

    def __init__(self, settings, name):
        self.path = kept_file(settings, name)
        self.previous = load(self.path, {}) if self.path else {}
        self.current, self.stats = {}, {}

    def get(self, path):
        """The result kept for ``path`` if the file is unchanged, else None (then :meth:`put` it)."""
        try:
            stat = os.stat(path)
        except OSError:
            return None
        self.stats[path] = state = (stat.st_size, stat.st_mtime_ns)
        kept = self.previous.get(path)
        if kept is None or kept[0] != state:
            return None
        self.current[path] = kept
        return pickle.loads(kept[1])

    def put(self, path, result):
        """Keep ``result`` for ``path``, as the file was when :meth:`get` looked at it."""
        if self.path and path in self.stats:
            self.current[path] = (self.stats[path], pickle.dumps(result))

    def save(self):
        if self.path:
            save(self.path, self.current)
