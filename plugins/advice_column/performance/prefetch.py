"""Read the columns a build needs on every core, before Pelican asks for them one by one.

Pelican reads sources one after the other, and reading a column (Markdown,
the Q&A structure, the plain-text letters) is most of a cold build. When the
content cache is on, the columns that are not in it are read here first, by
``READ_PROCESSES`` forked processes with the very reader the build uses, and
their ``(content, metadata)`` handed to the reader cache; Pelican's own loop
then finds them there. When the columns index scans many files in processes
(a cold build), those processes read each column as they parse it; the others
are read here. Columns with a problem are left to that loop, which reports
them; so is any column a worker could not read.
"""

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from pelican.readers import _filter_discardable_metadata

from . import forked
from .cache import reread_columns_with_problems

logger = logging.getLogger(__name__)

#: Below this many columns to read, starting processes costs more than it saves.
MIN_PARALLEL = 16

#: The reader, in a worker process (set by the pool's initializer, after the fork).
_worker_reader = None


def _start_worker(reader):
    global _worker_reader
    _worker_reader = reader


def _read(path):
    """In a worker: one column's ``(path, content, metadata)``; ``None`` when it cannot be read."""
    try:
        content, metadata = _worker_reader.read(path)
    except Exception:  # the build's own loop reads it again and reports why
        return None
    return path, content, _filter_discardable_metadata(metadata)


def read_ahead(generator):
    """``article_generator_init``: fill the reader cache with every column this build must read."""
    settings = generator.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("CONTENT_CACHING_LAYER") == "reader"):
        return
    readers = generator.readers
    reader = readers.readers.get("md")
    if not hasattr(reader, "scan"):  # the columns' reader scans every column once per build
        return
    index = reader.scan(read_ahead=True)
    reread_columns_with_problems(readers, index.sources)
    for path, (content, metadata) in index.read_ahead.items():  # read by the scan's processes
        readers.cache_data(path, (content, _filter_discardable_metadata(metadata)))
    index.read_ahead = {}
    todo = [path for path, source in sorted(index.sources.items())
            if not source.issues and readers.get_cached_data(path, (None, None))[0] is None]
    processes = min(forked.processes(settings, "READ_PROCESSES"), len(todo) // MIN_PARALLEL)
    if processes < 2:
        return
    logger.info("Reading %d columns in %d processes", len(todo), processes)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker,
                             initargs=(reader,)) as pool:
        for result in pool.map(_read, todo, chunksize=16):
            if result is not None:
                path, content, metadata = result
                readers.cache_data(path, (content, metadata))
