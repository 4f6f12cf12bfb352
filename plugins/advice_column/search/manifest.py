"""The digests of the shards indexed by earlier builds, kept in the content cache folder.

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
    """Shard name -> digest as the last build left them (empty without a cache or a manifest)."""
    where = path(settings)
    if where is None or not settings.get("LOAD_CONTENT_CACHE"):
        return {}
    try:
        with open(where, encoding="utf-8") as file:
            shards = json.load(file).get("shards", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return shards if isinstance(shards, dict) else {}


def save(settings, shards):
    """Record ``shards`` (name -> digest of the bundle now in the output), atomically."""
    where = path(settings)
    if where is None:
        return
    os.makedirs(os.path.dirname(where), exist_ok=True)
    with open(where + ".tmp", "w", encoding="utf-8") as file:
        json.dump({"shards": shards}, file, indent=1, sort_keys=True)
    os.replace(where + ".tmp", where)
