"""Search: the Pagefind index of the published columns, built in shards, and only where it changed.

- ``shards``: the columns cut into shards of ``SEARCH_SHARD_SIZE`` (by
  default 64 to 512, as suits the archive), and each shard's digest (what
  Pagefind reads of its pages);
- ``manifest``: the digests indexed by the last build, in the content cache;
- ``pagefind``: one Pagefind run on one shard, into ``pagefind/<n>/``;
- ``index``: the build step, at the end of every build (`make html`, `make
  publish`, the devserver): changed shards re-indexed in parallel (on a
  rebuild, each as soon as the writer has its pages on disk, while the other
  pages are rendered), the others kept, bundles of shards that are gone
  removed.

The search page gets the bundles' folders as ``search_bundles``: it loads the
first and merges the others into it (``theme/static/js/search.js``).
"""

import contextlib
import functools

from pelican import signals

from . import index, shards

#: The shard plan of each build in progress, by the id of its settings dict. Emptied when a build ends.
_plans = {}


def plan(generator):
    """``article_generator_finalized``: cut the published columns into shards, tell the search page."""
    size = generator.settings["SEARCH_SHARD_SIZE"]
    if size is not None and (not isinstance(size, int) or size < 1):
        raise ValueError("SEARCH_SHARD_SIZE must be None (a size that suits the archive) or a whole "
                         f"number of columns, at least 1, not {size!r}")
    planned = shards.cut(generator.articles, size)
    generator.context["search_bundles"] = [shard.bundle for shard in planned]
    _plans[id(generator.settings)] = planned


@contextlib.contextmanager
def indexing(pelican):
    """``finalized`` (before the build's summary, so a failure is counted), around the rendering
    of the queued pages: on a rebuild, each shard is checked, and indexed if it changed, as soon
    as the writer has its pages on disk; on leaving, the rest is done and the summary logged.

    A first build indexes every shard once the pages are all written: Pagefind writing its
    bundles while the pages are written slows both down (the files are created on the same
    disk), and every core is busy rendering.
    """
    planned = _plans.pop(id(pelican.settings), None)
    if planned is None or not pelican.settings.get("SEARCH_INDEX"):
        yield
        return
    update = index.Update(pelican.settings, planned)
    writer = getattr(pelican, "advice_column_writer", None)
    if writer is not None and update.rebuild:
        for shard in planned:
            writer.when_complete(shard.pages, functools.partial(update.start, shard))
    try:
        yield
    except BaseException:
        update.abandon()
        raise
    update.finish()


def register():
    """Connect the shard plan; the plugin's ``finish_build`` calls :func:`indexing`."""
    signals.article_generator_finalized.connect(plan)
