"""The build's long-lived objects kept out of the garbage collector's passes.

A build holds every column, its parts and the reader cache for its whole run;
each full collection walks all of them again, and the interpreter's exit runs
one more (together about a second of a 10,000-column build, on the build's
busiest core). So the objects alive at a few points (the reader cache loaded,
every column read, every generator done, the build over) are frozen
(``gc.freeze``): later collections skip them, and so do the collections of
the processes forked from the build, which then leave those objects' memory
shared. Frozen objects are still freed when nothing refers to them any more;
only cycles among them wait for the next build in the same process (the
devserver rebuilds in one), which unfreezes everything first.
"""

import gc


def freeze(*_, **__):
    """``article_generator_init``, ``article_generator_pretaxonomy``,
    ``all_generators_finalized`` and ``finalized``."""
    gc.freeze()


def unfreeze(*_, **__):
    """``initialized``: a new build starts."""
    gc.unfreeze()
