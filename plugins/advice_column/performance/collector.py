"""The build's long-lived objects kept out of the garbage collector's passes.

A build holds every column, its parts and the reader cache for its whole run;
each full collection walks all of them again, and the interpreter's exit runs
one more (together about a second of a 10,000-column build, on the build's
busiest core). So the objects alive at a few points (the reader cache loaded,
every column read, every generator done, the build over) are frozen
(``gc.freeze``): later collections skip them, and so do the collections of
the processes forked from the build, which then leave those objects' memory
shared. Frozen objects are still freed when nothing refers to them any more;
only cycles among them wait for the next build in the same process (`make
regenerate` and the devserver rebuild in one), which unfreezes and collects
them, with Pelican's memos of the last build's contents, before it reads.
"""

import contextlib
import gc

from pelican.contents import Content
from pelican.generators import ArticlesGenerator


def freeze(*_, **__):
    """``article_generator_pretaxonomy``, ``all_generators_finalized`` and ``finalized``; and
    once the last build's readings are loaded (``read_columns``, at ``article_generator_init``)."""
    gc.freeze()


@contextlib.contextmanager
def paused():
    """No automatic collection while the build loads what the last one kept (the readings, the
    columns index): each full pass would walk every object loaded so far, and find nothing to free.
    Processes forked meanwhile collect as usual (``parallel.forked``)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def forget_memos():
    """Empty Pelican's memos of contents and summaries (``pelican.utils.memoized``, one dict per
    method, keyed by object): they hold every column of every build for the life of the
    process (about 25 MiB a build at 1,000 columns), and a column changed in place would keep
    its old text there."""
    for method in (Content.get_content, Content.get_summary):
        method.cache.clear()


def start(generator):
    """``generator_init`` of a build's first generator (Pelican's articles): in a process that
    built before, what the last build froze is let go of, and collected, before this one reads."""
    if isinstance(generator, ArticlesGenerator) and gc.get_freeze_count():
        forget_memos()
        gc.unfreeze()
        gc.collect()
