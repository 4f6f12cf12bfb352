"""Pelican's writer, rendering a page only when what it shows changed, on every core, and writing
a file only when its bytes did.

- With the content cache on (`make html`, the devserver), each page's digest
  (:mod:`.digest`) and the digest of the bytes written are kept in
  ``CACHE_PATH/advice-column.pages``. The next build renders a column page or a
  page of a list again only when its digest changed or its file is no longer
  the one written; any other page is rendered every time. Without the cache
  (`make publish`) every page is rendered.
- The pages are collected while Pelican's generators write, then completed
  (digest, comparison, rendering, writing) when they are done, at
  ``finalized``, before any other part of the plugin sees the output, by
  ``RENDER_PROCESSES`` forked processes, one per core by default: templates
  only read what the build holds, so the pages come out the same in any
  process and any order. With ``RELATIVE_URLS`` (each page's links depend on
  the page written before) they are completed one by one, in Pelican's order.
- A file whose new bytes are the ones already on disk is not rewritten (its
  modification time stays, for rsync and for the search index).
- Whoever needs some pages finished before the rest can ask to be told
  (:meth:`Writer.when_complete`): the search index starts on a shard while
  the other pages are still being rendered.
"""

import collections
import hashlib
import io
import logging
import os
import pickle
from dataclasses import dataclass

from pelican.contents import Content
from pelican.paginator import Page
from pelican.writers import FileOverwriteFailedError
from pelican.writers import Writer as PelicanWriter

from . import deferred, forked
from .digest import Digests

logger = logging.getLogger(__name__)

MANIFEST = "advice-column.pages"
#: Pelican's keyword arguments for the lists it paginates, and what it adds for each page.
PAGINATED = ("articles", "dates")
PAGE_KEYS = ("{}_paginator", "{}_page", "{}_previous_page", "{}_next_page")
#: The context's lists of columns and pages (each page's digest names some of them).
CONTENTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")
#: Below this many pages to render, starting processes costs more than it saves.
MIN_PARALLEL = 64


@dataclass
class Job:
    """A page to render: Pelican's template, its context as the build's context and what this
    page's differs in (thousands of full copies would hold hundreds of megabytes), and which
    context values are the page's own."""

    template: object
    context: dict
    changes: dict
    names: list
    name: str  # the output file, relative to the output folder
    encoding: str = "utf-8"

    @property
    def localcontext(self):
        return {**self.context, **self.changes}

    def values(self, names):
        """The page's values of the context entries ``names`` (those it has)."""
        merged = collections.ChainMap(self.changes, self.context)
        return {name: merged[name] for name in names if name in merged}


@dataclass
class Awaited:
    """A callback waiting for ``remaining`` more pages (:meth:`Writer.when_complete`)."""

    remaining: int
    callback: object


class Writer(PelicanWriter):
    """Renders pages through :class:`PageTemplate` and writes through :class:`Output`.

    :func:`writer_for` makes the class of one build, with its Pelican and the
    fingerprint taken when that Pelican started (``code_and_settings``).
    """

    pelican = None
    code_and_settings = None

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.cached = bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))
        self.processes = 1 if settings.get("RELATIVE_URLS") else forked.processes(
            settings, "RENDER_PROCESSES")
        self.manifest = os.path.join(settings["CACHE_PATH"], MANIFEST)
        self.previous = self.load() if self.cached else {}
        self.records = {}  # output file (relative) -> (page digest, bytes digest, size, mtime)
        self.digests = Digests(settings, self.code_and_settings)
        self.site = None
        self.jobs = {}  # path -> Job, in Pelican's order (a page written twice: the last one)
        self.counts = {"kept": 0, "rendered": 0, "written": 0}
        self.awaited = collections.defaultdict(list)  # queued page -> the Awaited that need it
        if self.pelican is not None:
            self.pelican.advice_column_writer = self

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican's ``write_file``, its template wrapped in a :class:`PageTemplate`."""
        if name:
            lists = paginated if paginated is not None else {
                key: value for key, value in kwargs.items() if key in PAGINATED}
            names = {*kwargs, *(pattern.format(key) for key in lists for pattern in PAGE_KEYS)}
            template = PageTemplate(template, sorted(names), context)
        super().write_file(name, template, context, relative_urls, paginated, template_name,
                           override_output, url, **kwargs)

    def page_digest(self, job):
        """The digest of the page ``job`` renders, or None for a page always rendered."""
        values = job.values(job.names)
        if not any(isinstance(value, (Content, Page)) for value in values.values()):
            return None
        if self.site is None:
            self.site = self.digests.site(job.localcontext)
        urls = job.values(("SITEURL", "localsiteurl"))
        parts = [self.site, job.template.name or "", job.name, str(urls.get("SITEURL")),
                 str(urls.get("localsiteurl"))]
        parts += [f"{name}={self.digests.page_value(value)}" for name, value in values.items()]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def complete(self, job):
        """Render and store one page, unless its file already shows it: ``(name, record, outcome)``."""
        digest = self.page_digest(job) if self.cached else None
        if digest is not None and self.on_disk(job.name, digest):
            return job.name, self.previous[job.name], "kept"
        data = job.template.render(job.localcontext).encode(job.encoding)
        record, written = self.store(job.name, data, digest)
        return job.name, record, "written" if written else "rendered"

    def on_disk(self, name, digest):
        """Whether ``name`` was written for ``digest`` by the last build and is still that file."""
        record = self.previous.get(name)
        return record is not None and record[0] == digest and self.same_file(name, record)

    def same_file(self, name, record):
        try:
            stat = os.stat(os.path.join(self.output_path, name))
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == record[2:]

    def _open_w(self, filename, encoding, override=False):
        """Pelican's checks against writing a file twice, then an :class:`Output` for it."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', filename)
            return Output(None, filename, encoding)
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it '
                    "previously (set `override=True` if intended)")
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return Output(self, filename, encoding)

    def close(self, path, value, encoding):
        """What Pelican wrote to ``path``: a page (queued, or completed now) or bytes to store."""
        self.jobs.pop(path, None)
        if isinstance(value, Job):
            value.encoding = encoding
            if self.processes > 1:
                self.jobs[path] = value
            else:
                deferred.settle(self.settings)
                self.count(*self.complete(value))
        else:
            name = os.path.relpath(path, self.output_path)
            self.count(name, *self.store(name, value.encode(encoding), None))

    def when_complete(self, names, callback):
        """Call ``callback()`` once every page of ``names`` still queued is on disk (at once if
        none is), from the thread that renders."""
        queued = {job.name for job in self.jobs.values()}.intersection(names)
        awaited = Awaited(len(queued), callback)
        for name in queued:
            self.awaited[name].append(awaited)
        if not queued:
            callback()

    def count(self, name, record, outcome):
        self.records[name] = record
        self.counts[outcome] += 1
        if outcome == "written":
            self.counts["rendered"] += 1
        for awaited in self.awaited.pop(name, ()):
            awaited.remaining -= 1
            if not awaited.remaining:
                awaited.callback()

    def store(self, name, data, digest):
        """Write ``data`` to ``name`` unless it already holds them: ``(record, written)``."""
        path = os.path.join(self.output_path, name)
        digest_of_bytes = hashlib.sha1(data).hexdigest()
        previous = self.previous.get(name)
        if previous is not None and previous[1] == digest_of_bytes and self.same_file(name, previous):
            return (digest, *previous[1:]), False
        with open(path, "wb") as file:
            file.write(data)
        stat = os.stat(path)
        return (digest, digest_of_bytes, stat.st_size, stat.st_mtime_ns), True

    def render_jobs(self):
        """Complete the queued pages, in forked processes when there are enough of them."""
        deferred.settle(self.settings)
        jobs = list(self.jobs.values())
        self.jobs = {}
        if len(jobs) < MIN_PARALLEL:
            results = map(self.complete, jobs)
        else:
            if self.cached:  # what every page's digest needs, once, before the fork
                if self.site is None:
                    self.site = self.digests.site(jobs[0].localcontext)
                contents = [content for name in CONTENTS for content in jobs[0].context.get(name, ())]
                self.digests.compute_own(contents, self.processes)
            logger.info("Rendering %d pages in %d processes", len(jobs), self.processes)
            results = forked.run(lambda index: self.complete(jobs[index]), len(jobs),
                                 self.processes)
        for result in results:
            self.count(*result)

    def load(self):
        try:
            with open(self.manifest, "rb") as file:
                output_path, records = pickle.load(file)
        except (OSError, EOFError, pickle.PickleError, ValueError, TypeError):
            return {}
        return records if output_path == os.path.abspath(self.output_path) else {}

    def finish(self):
        """Render what is queued, then keep this build's records for the next one."""
        self.render_jobs()
        logger.info("Pages: %(kept)d unchanged and not rendered, %(rendered)d rendered, %(written)d "
                    "written (the others had the same bytes as before)", self.counts)
        if not self.cached:
            return
        os.makedirs(os.path.dirname(self.manifest), exist_ok=True)
        with open(self.manifest + ".tmp", "wb") as file:
            pickle.dump((os.path.abspath(self.output_path), self.records), file)
        os.replace(self.manifest + ".tmp", self.manifest)


class PageTemplate:
    """A page's template as Pelican's writer calls it: ``render(localcontext)`` gives the
    :class:`Job` that renders it."""

    def __init__(self, template, names, context):
        self.template, self.names, self.context = template, names, context

    def render(self, localcontext):
        context = self.context
        changes = {key: value for key, value in localcontext.items()
                   if key not in context or context[key] is not value}
        return Job(self.template, context, changes, self.names,
                   os.path.normpath(localcontext["output_file"]))


class Output(io.StringIO):
    """The file Pelican writes to: kept in memory, handed to :meth:`Writer.close` (to nobody
    for a file Pelican skips)."""

    def __init__(self, writer, path, encoding):
        super().__init__()
        self.writer, self.path, self.codec, self.value = writer, path, encoding, None

    def write(self, text):
        if isinstance(text, Job):
            self.value = text
            return 0
        return super().write(text)

    def __exit__(self, *exc):
        if exc[0] is None and self.writer is not None:
            value = self.value if self.value is not None else self.getvalue()
            self.writer.close(self.path, value, self.codec)
        return super().__exit__(*exc)


def writer_for(pelican):
    """``get_writer``: the writer class of this Pelican's build."""
    return type("Writer", (Writer,), {
        "pelican": pelican,
        "code_and_settings": getattr(pelican, "advice_column_fingerprint", None)})


def finish_writing(pelican):
    """At ``finalized`` (from the plugin's ``finish_build``): the pages queued by this build's
    writer rendered, its records kept; what waits for a first page settled even if none came."""
    deferred.settle(pelican.settings)
    writer = getattr(pelican, "advice_column_writer", None)
    if writer is not None:
        pelican.advice_column_writer = None
        writer.finish()
