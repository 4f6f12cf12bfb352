"""Search: the Pagefind index of the published columns, built in shards, and only where it changed.

- ``shards``: the columns cut into shards of ``SEARCH_SHARD_SIZE`` (by
  default 64 to 512, as suits the archive), and each shard's digest (what
  Pagefind reads of its pages);
- ``manifest``: the digests indexed by the last build, in the content cache;
- ``pagefind``: one Pagefind run on one shard, into ``pagefind/<n>/``;
- ``index``: the build step, in the plugin's last generator (`make html`,
  `make publish`, the devserver): changed shards re-indexed in parallel (on a
  rebuild with a writer that queues pages, each as soon as its pages are on
  disk, while the other pages are rendered), the others kept, bundles of
  shards that are gone removed.

The search page gets the bundles' folders as ``search_bundles``: it loads the
first and merges the others into it (``theme/static/js/search.js``).
"""

import contextlib
import functools

from pelican import signals
from pelican.generators import ArticlesGenerator

from ..build import Build
from . import index, shards


def plan(generators):
    """``all_generators_finalized`` (every column's URL final): cut the published columns into shards,
    tell the search page. The performance layer, connected first, has fixed the URLs by then, so
    they are not worked out again."""
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            planned = shards.cut(generator.articles, generator.settings["SEARCH_SHARD_SIZE"])
            generator.context["search_bundles"] = [shard.bundle for shard in planned]
            build = Build.of(generator)
            if build is not None:
                build.search_plan = planned


@contextlib.contextmanager
def indexing(build, writer):
    """Around the last output of the build (the pages ``writer`` queued, if it queues them): on a
    rebuild, each shard is checked, and indexed if it changed, as soon as the writer has its pages
    on disk (``writer.when_complete``); on leaving, the rest is done and the summary logged.

    A first build indexes every shard once the pages are all written: Pagefind writing its
    bundles while the pages are written slows both down (the files are created on the same
    disk), and every core is busy rendering.
    """
    planned, build.search_plan = build.search_plan, None
    if planned is None or not build.settings.get("SEARCH_INDEX"):
        yield
        return
    update = index.Update(build.settings, planned)
    if hasattr(writer, "when_complete") and update.rebuild:
        for shard in planned:
            writer.when_complete(shard.pages, functools.partial(update.start, shard))
    try:
        yield
    except BaseException:
        update.abandon()
        raise
    update.finish()


def register():
    """Connect the shard plan; the build's last generator calls :func:`indexing`."""
    signals.all_generators_finalized.connect(plan)
