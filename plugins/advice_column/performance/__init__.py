"""Fast rebuilds: an unchanged column is not read again, an unchanged page not rendered again,
and the columns that must be read are read on every core.

- ``cache``: Pelican's reader-level content cache, dropped when the settings or
  the code change, and never trusted for a column with a problem;
- ``prefetch``: the columns a build must read, read in parallel processes;
- ``digest`` and ``writer``: each page's inputs as a digest; a page whose
  digest did not change is not rendered, the others are rendered in parallel
  processes (``forked``), a file whose bytes did not change is not rewritten;
- ``templates``: the theme's templates compiled once, kept in the content cache;
- ``urls``: each column's and page's URL and output path worked out once;
- ``unwritten``: no lists made for category, author or tag pages that are
  switched off;
- ``folders``: the column pages' folders made in a forked process, beside the build;
- ``collector``: the build's long-lived objects kept out of the garbage
  collector's passes;
- ``deferred``: work started in the background, finished just before the
  first page is rendered.

The caches act only when the content cache is on, as `make html` and the
devserver turn it on (see the Makefile): `make publish` reads, renders and
writes everything, rendering on every core too. ``finish_writing`` is called by
the plugin's own ``finalized`` handler, inside the search step (which starts shards as
their pages are written) and before the summary.
"""

from pelican import signals

from . import cache, collector, deferred, folders, prefetch, templates, unwritten, urls, writer
from .collector import freeze as freeze_collector  # noqa: F401 (the plugin's finish_build calls both)
from .writer import finish_writing  # noqa: F401


def register():
    signals.initialized.connect(collector.unfreeze)
    signals.initialized.connect(deferred.forget_unsettled)
    signals.initialized.connect(cache.remember_fingerprint)
    signals.get_generators.connect(cache.drop_if_stale)
    signals.article_generator_init.connect(collector.freeze)
    signals.article_generator_init.connect(prefetch.read_ahead)
    signals.article_generator_pretaxonomy.connect(collector.freeze)
    signals.all_generators_finalized.connect(collector.freeze)
    signals.article_generator_pretaxonomy.connect(cache.pickle_strings_apart)
    signals.article_generator_finalized.connect(cache.release_saved_cache)
    signals.all_generators_finalized.connect(unwritten.skip_unwritten_lists)
    signals.all_generators_finalized.connect(urls.fix_urls)
    signals.article_generator_finalized.connect(folders.start)
    signals.generator_init.connect(templates.keep_compiled)
    signals.get_writer.connect(writer.writer_for)

