"""The performance layer: fast rebuilds and every core, beside the features, never under them.

- ``cache``: Pelican's reader-level content cache, dropped when the settings or
  the code change, never trusted for a column with a problem, the columns'
  readings saved apart in a forked process;
- ``prefetch``: the columns a build must read, read in parallel processes;
- ``digest`` and ``writer``: each page's inputs as a digest; a page whose
  digest did not change is not rendered, the others are rendered in parallel
  processes, a file whose bytes did not change is not rewritten;
- ``templates``: the theme's templates compiled once, kept in the content cache;
- ``urls``: each column's and page's URL and output path worked out once;
- ``unwritten``: no lists made for category, author or tag pages that are
  switched off;
- ``folders``: the column pages' folders made in a forked process, beside the build;
- ``collector``: the build's long-lived objects kept out of the garbage
  collector's passes;
- ``prose``: plain prose spared Python-Markdown's tries of every block and
  inline syntax it knows.

``PERFORMANCE = False`` switches the whole layer off: the build then reads
every column, renders and writes every page in one process with Pelican's own
writer, and writes the same site. The caches act only when the content cache
is on, as `make html` and the devserver turn it on (see the Makefile).
"""

import functools

from pelican import signals

from . import cache, collector, folders, prefetch, prose, templates, unwritten, urls, writer


def settings_of(sender):
    """The settings a signal's sender carries: a Pelican, a generator or the list of generators."""
    return (sender[0] if isinstance(sender, list) else sender).settings


def when_on(handler):
    """``handler``, acting only in a build with ``PERFORMANCE`` on."""
    @functools.wraps(handler)
    def handle(sender, **kwargs):
        if settings_of(sender).get("PERFORMANCE", True):
            return handler(sender, **kwargs)
        return None
    return handle


def switch_off_caches(pelican):
    """``initialized``: without the layer no cache is read, as in a build without it."""
    if not pelican.settings.get("PERFORMANCE", True):
        pelican.settings["CACHE_CONTENT"] = pelican.settings["LOAD_CONTENT_CACHE"] = False


def read_columns(generator):
    """``article_generator_init``: the readings the last build kept, then the columns to read; what
    they load is kept out of the garbage collector's passes."""
    with collector.paused():
        cache.restore_readings(generator)
        prefetch.read_ahead(generator)
        collector.freeze()  # before the collector resumes: its next pass would walk them all once more


#: Made once: Pelican calls ``register`` for every Pelican it makes (connecting again is a no-op).
CONNECTIONS = tuple((signal, when_on(handler)) for signal, handler in (
    (signals.initialized, prose.add_to_markdown),
    (signals.initialized, cache.drop_if_stale),
    (signals.generator_init, templates.keep_compiled),
    (signals.generator_init, collector.start),
    (signals.article_generator_init, read_columns),  # frozen at its end
    (signals.article_generator_pretaxonomy, collector.freeze),
    (signals.article_generator_pretaxonomy, cache.keep_readings),
    (signals.article_generator_finalized, folders.start),
    (signals.all_generators_finalized, writer.render_late),
    (signals.all_generators_finalized, unwritten.skip_unwritten_lists),
    (signals.all_generators_finalized, urls.fix_urls),
    (signals.all_generators_finalized, collector.freeze),
    (signals.get_writer, writer.writer_for),
    (signals.finalized, collector.freeze),
))


def register():
    signals.initialized.connect(switch_off_caches)
    for signal, handler in CONNECTIONS:
        signal.connect(handler, weak=False)
