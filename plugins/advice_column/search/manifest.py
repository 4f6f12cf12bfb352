"""The digests of the shards indexed by earlier builds, and of their pages, kept in the content
cache folder.

Only builds with the content cache (`make html`, the devserver) keep it;
without it every shard is indexed.
"""

import json
import os

FILE = "search-index.json"


def path(settings):
    """Where this build reads and writes the manifest, or ``None`` without the content cache."""
    return os.path.join(settings["CACHE_PATH"], FILE) if settings.get("CACHE_CONTENT") else None


def load(settings):
    """``(shards, pages)`` as the last build left them: shard name -> digest, page ->
    ``[size, mtime_ns, digest]`` (both empty without a cache or a manifest)."""
    where = path(settings)
    if where is None or not settings.get("LOAD_CONTENT_CACHE"):
        return {}, {}
    try:
        with open(where, encoding="utf-8") as file:
            found = json.load(file)
        shards, pages = found.get("shards", {}), found.get("pages", {})
    except (OSError, ValueError, AttributeError):
        return {}, {}
    if not isinstance(shards, dict) or not isinstance(pages, dict):
        return {}, {}
    return shards, pages


def save(settings, shards, pages):
    """Record ``shards`` (name -> digest of the bundle now in the output) and the digests of
    their ``pages``, atomically."""
    where = path(settings)
    if where is None:
        return
    os.makedirs(os.path.dirname(where), exist_ok=True)
    with open(where + ".tmp", "w", encoding="utf-8") as file:
        json.dump({"shards": shards, "pages": pages}, file, sort_keys=True)
    os.replace(where + ".tmp", where)
