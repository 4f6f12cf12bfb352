"""What a build made of single files, kept in the content cache for the next build."""

import os
import pickle


class FileResults:
    """What a build made of single files, kept in the content cache for the next build: a file
    whose size and modification time did not change is not read again (Pelican's content cache
    trusts the modification time alone). Only with the content cache on; deleted with the rest of
    the cache when the settings or the code change."""

    def __init__(self, settings, name):
        on = settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")
        self.path = os.path.join(settings["CACHE_PATH"], f"advice-column.{name}") if on else None
        self.previous, self.current, self.stats = {}, {}, {}
        if self.path:
            try:
                with open(self.path, "rb") as file:
                    self.previous = pickle.load(file)
            except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError):
                self.previous = {}

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
        if not self.path:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path + ".tmp", "wb") as file:
            pickle.dump(self.current, file)
        os.replace(self.path + ".tmp", self.path)
