"""Search: the Pagefind index of the published columns, built in shards, and only where it changed.

- ``shards``: the columns cut into shards of ``SEARCH_SHARD_SIZE``, and each
  shard's digest (what Pagefind reads of its pages);
- ``manifest``: the digests indexed by the last build, in the content cache;
- ``pagefind``: one Pagefind run on one shard, into ``pagefind/<n>/``;
- ``index``: the build step, at the end of every build (`make html`, `make
  publish`, the devserver): changed shards re-indexed in parallel, the others
  kept, bundles of shards that are gone removed.

The search page gets the bundles' folders as ``search_bundles``: it loads the
first and merges the others into it (``theme/static/js/search.js``).
"""

from pelican import signals

from . import index, shards

#: The shard plan of each build in progress, by the id of its settings dict. Emptied when a build ends.
_plans = {}


def plan(generator):
    """``article_generator_finalized``: cut the published columns into shards, tell the search page."""
    size = generator.settings["SEARCH_SHARD_SIZE"]
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"SEARCH_SHARD_SIZE must be a whole number of columns, at least 1, not {size!r}")
    planned = shards.cut(generator.articles, size)
    generator.context["search_bundles"] = [shard.bundle for shard in planned]
    _plans[id(generator.settings)] = planned


def build_index(pelican):
    """``finalized`` (before the build's summary, so a failure is counted): update the index."""
    planned = _plans.pop(id(pelican.settings), None)
    if planned is not None and pelican.settings.get("SEARCH_INDEX"):
        index.update(pelican.settings, planned)


def register():
    """Connect the shard plan; the plugin's ``finish_build`` calls :func:`build_index`."""
    signals.article_generator_finalized.connect(plan)
