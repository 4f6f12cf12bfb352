"""The folders of the column pages, made in a forked process while the build goes on.

The writer makes each page's folder just before it writes the page, one system
call at a time: over a second for the 10,000 folders of a cold 10,000-column
build. From :data:`MIN_FOLDERS` columns a forked process makes them (their
paths worked out there too) while the other generators read their content; the
writer, finding a folder there, moves on.
It still makes any folder itself: this only gets there first. A build after
one that wrote its pages (the writer's records in the content cache) finds its
folders there, and forks nothing.
"""

import os
from itertools import chain

from ..build import Build
from ..parallel import forked
from .writer import MANIFEST

#: Below this many columns, forking costs more than the folders.
MIN_FOLDERS = 1000


def make_folders(output, columns):
    """Make the folder of each of ``columns``' pages under ``output`` (in the forked process)."""
    done = set()
    for column in columns:
        page = column.save_as  # Pelican formats it anew on every use
        folder = os.path.dirname(os.path.join(output, page)) if page else None
        if folder and folder not in done:
            done.add(folder)
            try:
                os.makedirs(folder, exist_ok=True)
            except OSError:
                return  # the writer meets the same problem and reports it


def start(generator):
    """``article_generator_finalized``: make the folders of every column page, beside the build,
    done before the first page is rendered (``Build.defer``)."""
    settings = generator.settings
    if settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE") and os.path.exists(
            os.path.join(settings["CACHE_PATH"], MANIFEST)):
        return
    columns = list(chain(generator.articles, generator.translations, generator.hidden_articles,
                         generator.hidden_translations, generator.drafts, generator.drafts_translations))
    if len(columns) >= MIN_FOLDERS:
        output = generator.output_path
        Build.of(generator).defer(forked.Background(lambda: make_folders(output, columns)).result)
