"""Read the columns a build needs on every core, before Pelican asks for them one by one.

Pelican reads sources one after the other, and reading a column (Markdown,
the Q&A structure, the plain-text letters) is most of a cold build. When the
content cache is on, the columns index scans the files not in it in
``READ_PROCESSES`` forked processes (from :data:`~..columns.index.MIN_READ_AHEAD`
files), and those processes also read each column with the very reader the
build uses as they parse it; the ``(content, metadata)`` of each is handed to
the reader cache, where Pelican's own loop finds it. Columns with a problem are
left to that loop, which reports them; so is any column a process could not read.
"""

import logging

from ..parallel import forked
from .cache import reader_cache_on, reread_columns_with_problems

logger = logging.getLogger(__name__)


def read_ahead(generator):
    """``article_generator_init``: fill the reader cache with every column this build must read."""
    settings = generator.settings
    if not reader_cache_on(settings):
        return
    readers = generator.readers
    reader = readers.readers.get("md")
    if not hasattr(reader, "scan"):  # the columns' reader scans every column once per build
        return
    index = reader.scan(read_ahead=True)
    reread_columns_with_problems(readers, index.sources)
    for path, (content, metadata) in index.read_ahead.items():
        readers.cache_data(path, (content, metadata))  # a column's metadata: all kept
    if index.read_ahead:
        logger.info("Read %d columns in %d processes", len(index.read_ahead),
                    forked.processes(settings, "READ_PROCESSES"))
    index.read_ahead = {}
