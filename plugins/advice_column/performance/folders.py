"""The folders of the column pages, made in a thread while the build goes on.

Pelican's writer makes each page's folder just before it writes the page, one
system call at a time in the build's only busy process: over a second for the
10,000 folders of a cold 10,000-column build. The thread makes them while the
other generators read their content; its system calls leave the interpreter to
the build. The writer still makes any folder itself: this only gets there first.
A build after one that wrote its pages (the writer's records in the content
cache) finds its folders there, and starts no thread.
"""

import os
import threading
from itertools import chain

from .writer import MANIFEST

#: The thread of each build in progress, by the id of its settings dict.
_threads = {}


def make_folders(folders):
    for folder in folders:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return  # the writer meets the same problem and reports it


def start(generator):
    """``article_generator_finalized``: start making the folders of every column page."""
    settings = generator.settings
    if settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE") and os.path.exists(
            os.path.join(settings["CACHE_PATH"], MANIFEST)):
        return
    output = generator.output_path
    columns = chain(generator.articles, generator.translations, generator.hidden_articles,
                    generator.hidden_translations, generator.drafts, generator.drafts_translations)
    pages = (column.save_as for column in columns)  # Pelican formats it anew on every use
    folders = dict.fromkeys(os.path.dirname(os.path.join(output, page)) for page in pages if page)
    thread = threading.Thread(target=make_folders, args=(list(folders),), name="advice-column folders")
    thread.start()
    _threads[id(generator.settings)] = thread


def wait(generators):
    """``all_generators_finalized``: the folders are made before any page is written."""
    for generator in generators:
        thread = _threads.pop(id(generator.settings), None)
        if thread is not None:
            thread.join()
