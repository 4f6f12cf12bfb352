"""Pelican's writer, rendering a page only when what it shows changed, on every core, and writing
a file only when its bytes did.

Its ``write_file`` is Pelican's (same arguments, same pagination, same checks
against writing a file twice), except that it queues each page instead of
rendering it. The build's last generator calls :meth:`Writer.finish`, which:

- with the content cache on (`make html`, the devserver), skips each page whose
  digest (:mod:`.digest`) is the one the last build wrote, its file untouched
  since (the digests are kept in ``CACHE_PATH/advice-column.pages``); without
  it (`make publish`) renders every page;
- renders the others in ``RENDER_PROCESSES`` forked processes, one per core by
  default (templates only read what the build holds, so pages come out the
  same in any process and any order); a rebuild checks the digests in the
  build's process first, and forks only if many pages changed;
- writes a file only if its bytes changed (its modification time stays, for
  rsync and the search index), and removes the pages the last build wrote and
  this one no longer writes;
- sends Pelican's ``content_written`` for each page once its file is on disk,
  and tells whoever asked (:meth:`Writer.when_complete`: the search index
  starts on a shard while the other pages are rendered; on a rebuild the
  pages awaited with a changed one come first, :meth:`Writer.in_order`).

A page written after :meth:`finish` (by a generator after the plugin's), and
every page of a site with ``RELATIVE_URLS`` (each page's links depend on the
page written before), is written at once, by Pelican's own ``write_file``.
"""

import collections
import hashlib
import logging
import os
import pickle
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError
from pelican.writers import Writer as PelicanWriter

from ..parallel import forked
from .digest import Digests

logger = logging.getLogger(__name__)

MANIFEST = "advice-column.pages"
#: Pelican's keyword arguments for the lists it paginates, and what it adds for each page.
PAGINATED = ("articles", "dates")
PAGE_KEYS = ("{}_paginator", "{}_page", "{}_previous_page", "{}_next_page")
#: The context's lists of columns and pages (each page's digest names some of them).
CONTENTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")
#: Below this many pages to render (or to check, on a rebuild), starting processes costs more than
#: it saves.
MIN_PARALLEL = 64


@dataclass
class Job:
    """A page to render: its template, the build's context, the values this page adds to it
    (thousands of full copies would hold hundreds of megabytes), and which of those are the
    page's own (what its digest describes)."""

    template: object
    context: dict
    changes: dict
    names: list
    name: str  # the output file, relative to the output folder

    @property
    def localcontext(self):
        return {**self.context, **self.changes}

    def values(self, names):
        """The page's values of the context entries ``names`` (those it has)."""
        found = {}
        for name in names:
            if name in self.changes:
                found[name] = self.changes[name]
            elif name in self.context:
                found[name] = self.context[name]
        return found


@dataclass
class Awaited:
    """A callback waiting for ``remaining`` more of the pages ``names`` (:meth:`Writer.when_complete`)."""

    remaining: int
    callback: object
    names: frozenset


class Writer(PelicanWriter):
    """Queues pages in :meth:`write_file`; :meth:`finish` renders and writes them.

    :func:`writer_for` makes the class of one build (``build``: its
    :class:`~advice_column.build.Build`).
    """

    build = None

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.cached = bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))
        self.immediate = bool(settings.get("RELATIVE_URLS"))
        self.processes = forked.processes(settings, "RENDER_PROCESSES")
        self.manifest = os.path.join(settings["CACHE_PATH"], MANIFEST)
        self.base = sanitised_join(output_path)  # the output folder, as sanitised_join spells it
        self.since = None  # when the last build's records were written
        self.previous = self.load() if self.cached else {}
        self.records = {}  # output file (relative) -> (page digest, bytes digest, size, mtime)
        self.digests = Digests(settings, self.build.fingerprint if self.build else None)
        self.site = None
        self.jobs = {}  # output file -> Job, in Pelican's order (a page written twice: the last one)
        self.written, self.overridden = set(), set()  # as Pelican's checks need them
        self.counts = {"kept": 0, "rendered": 0, "written": 0}
        self.page_digests = {}  # output file -> the digest of its page
        self.first = frozenset()  # the pages checked first on a rebuild (:meth:`in_order`)
        self.awaited = collections.defaultdict(list)  # queued page -> the Awaited that need it

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican's ``write_file``: each page (each page of a paginated list) queued."""
        if self.immediate or self.jobs is None:
            if name and self.jobs is None and not self.claim(sanitised_join(self.output_path, name),
                                                             override_output):
                return
            super().write_file(name, template, context, relative_urls, paginated, template_name,
                               override_output, url, **kwargs)
            return
        if not name:
            return
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in PAGINATED}
        own = {*kwargs, *(pattern.format(key) for key in paginated for pattern in PAGE_KEYS)}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            self.queue(name, template, context, kwargs, own, override_output)
            return
        per_page = (self.settings["PAGINATED_TEMPLATES"][template_name]
                    or self.settings["DEFAULT_PAGINATION"])
        paginators = {key: Paginator(name, url, value, self.settings, per_page)
                      for key, value in paginated.items()}
        for number in range(1, next(iter(paginators.values())).num_pages + 1):
            values = dict(kwargs)
            for key, paginator in paginators.items():
                page = paginator.page(number)
                values.update({
                    f"{key}_paginator": paginator,
                    f"{key}_page": page,
                    f"{key}_previous_page": paginator.page(number - 1) if number > 1 else None,
                    f"{key}_next_page": paginator.page(number + 1) if number < paginator.num_pages else None,
                })
            self.queue(page.save_as, template, context, values, own, override_output)

    def claim(self, path, override):
        """Pelican's rules on writing a file twice, over the pages this writer queued: whether to
        write ``path`` (False: a page written with ``override`` keeps it); raises when not allowed.
        A page written after :meth:`finish` (by a generator after the plugin's) is checked too."""
        if path in self.overridden:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', path)
            return False
        if path in self.written and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                "(set `override=True` if intended)")
        if override:
            self.overridden.add(path)
        self.written.add(path)
        return True

    def queue(self, name, template, context, values, own, override):
        """Queue one page, unless Pelican's rules on writing a file twice say otherwise."""
        path = sanitised_join(self.output_path, name)
        if not self.claim(path, override):
            return
        name = path[len(self.base):].lstrip("/")  # sanitised_join's path is normalised, in the output
        changes = {"localsiteurl": context.get("localsiteurl"), "output_file": name, **values}
        self.jobs.pop(name, None)
        self.jobs[name] = Job(template, context, changes, sorted(own), name)

    def page_digest(self, job):
        """The digest of the page ``job`` renders, or None for a page always rendered (computed once)."""
        if job.name not in self.page_digests:
            self.page_digests[job.name] = self.compute_page_digest(job)
        return self.page_digests[job.name]

    def compute_page_digest(self, job):
        values = job.values(job.names)
        if not has_digest(values):
            return None
        if self.site is None:
            self.site = self.digests.site(job.context)
        urls = job.values(("SITEURL", "localsiteurl"))
        parts = [self.site, getattr(job.template, "name", None) or "", job.name,
                 str(urls.get("SITEURL")), str(urls.get("localsiteurl"))]
        parts += [f"{name}={self.digests.page_value(value, name)}" for name, value in values.items()]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def complete(self, job):
        """Render and store one page, unless its file already shows it: ``(name, record, outcome)``."""
        digest = self.page_digest(job) if self.cached else None
        if digest is not None and self.on_disk(job.name, digest):
            return job.name, self.previous[job.name], "kept"
        data = job.template.render(job.localcontext).encode("utf-8")
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

    def store(self, name, data, digest):
        """Write ``data`` to ``name`` unless it already holds them: ``(record, written)``."""
        path = os.path.join(self.output_path, name)
        digest_of_bytes = hashlib.sha1(data).hexdigest()
        previous = self.previous.get(name)
        if previous is not None and previous[1] == digest_of_bytes and self.same_file(name, previous):
            return (digest, *previous[1:]), False
        try:
            file = open(path, "wb")
        except FileNotFoundError:  # a folder not made yet (``folders`` makes most beforehand)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            file = open(path, "wb")
        with file:
            file.write(data)
        stat = os.stat(path)
        return (digest, digest_of_bytes, stat.st_size, stat.st_mtime_ns), True

    def when_complete(self, names, callback):
        """Call ``callback()`` once every page of ``names`` still queued is on disk (at once if
        none is), from the build's own thread."""
        queued = frozenset(self.jobs or ()).intersection(names)
        awaited = Awaited(len(queued), callback, queued)
        for name in queued:
            self.awaited[name].append(awaited)
        if not queued:
            callback()

    def done(self, job, record, outcome):
        """``job``'s file is on disk: count it, tell Pelican's ``content_written`` and the waiting."""
        self.records[job.name] = record
        self.counts[outcome] += 1
        if outcome == "written":
            self.counts["rendered"] += 1
        if signals.content_written.receivers:
            signals.content_written.send(os.path.join(self.output_path, job.name),
                                         context=job.localcontext)
        for awaited in self.awaited.pop(job.name, ()):
            awaited.remaining -= 1
            if not awaited.remaining:
                awaited.callback()

    def render_jobs(self, jobs):
        """``(job, record, outcome)`` of each queued page, in forked processes when there are enough
        to render. A rebuild first checks every page in the build's process (:meth:`check`)."""
        if self.previous:
            jobs = yield from self.check(jobs)
        if len(jobs) < MIN_PARALLEL or self.processes < 2:
            yield from ((job, *self.complete(job)[1:]) for job in jobs)
            return
        if self.cached:  # what every page's digest needs, once, before the fork
            if self.site is None:
                self.site = self.digests.site(jobs[0].context)
            contents = [content for name in CONTENTS for content in jobs[0].context.get(name, ())]
            self.digests.compute_own(contents, self.processes)
        logger.info("Rendering %d pages in %d processes", len(jobs), self.processes)
        results = forked.run(lambda index: self.complete(jobs[index])[1:], len(jobs), self.processes)
        yield from ((job, *result) for job, result in zip(jobs, results))

    def check(self, jobs):
        """A rebuild's pages, checked in the build's process: most are kept, and forking would
        cost more than their digests. Yields the result of each page kept, and of each page of
        :meth:`in_order`'s first ones that changed (rendered at once: the search index starts on
        their shard meanwhile); returns the other pages to render. The pages always rendered
        (those without a digest: the archives, the sitemap, …) are rendered meanwhile, in a
        forked process, when the site has enough pages to be worth it."""
        always = [job for job in jobs if not has_digest(job.values(job.names))]
        aside = None
        if always and self.processes > 1 and len(jobs) >= MIN_PARALLEL:
            aside = forked.Background(lambda: [self.complete(job)[1:] for job in always])
        later = []
        for job in jobs:
            digest = self.page_digest(job)
            if digest is not None and self.on_disk(job.name, digest):
                yield job, self.previous[job.name], "kept"
            elif aside is not None and digest is None:
                continue
            elif job.name in self.first:
                yield (job, *self.complete(job)[1:])
            else:
                later.append(job)
        if aside is not None:
            yield from ((job, *result) for job, result in zip(always, aside.result()))
        return later

    def finish(self):
        """Render and write what is queued, then keep this build's records for the next one; later
        pages are written at once."""
        jobs, self.jobs = self.in_order(list((self.jobs or {}).values())), None
        for result in self.render_jobs(jobs):
            self.done(*result)
        logger.info("Pages: %(kept)d unchanged and not rendered, %(rendered)d rendered, %(written)d "
                    "written (the others had the same bytes as before)", self.counts)
        if self.cached:
            self.remove_unwritten()
            os.makedirs(os.path.dirname(self.manifest), exist_ok=True)
            with open(self.manifest + ".tmp", "wb") as file:
                pickle.dump((os.path.abspath(self.output_path), self.records), file)
            os.replace(self.manifest + ".tmp", self.manifest)

    def in_order(self, jobs):
        """``jobs`` in Pelican's order, except on a rebuild: first the pages awaited together with a
        new page or one of a source file changed since the last build (the search index then
        starts on an edited column's shard once its pages are checked, not after every other
        column's); they are kept as :attr:`first`."""
        if not (self.previous and self.awaited):
            return jobs
        first = set()
        for job in jobs:
            if job.name in self.awaited and self.changed(job):
                for awaited in self.awaited[job.name]:
                    first.update(awaited.names)
        self.first = frozenset(first)
        return sorted(jobs, key=lambda job: job.name not in first) if first else jobs

    def changed(self, job):
        """Whether ``job``'s page is new, or its column's (or page's) source file changed since the
        last build wrote its records."""
        if job.name not in self.previous:
            return True
        for value in job.changes.values():
            if isinstance(value, Content):
                try:
                    if os.stat(value.source_path).st_mtime_ns >= self.since:  # the same tick may be later
                        return True
                except (OSError, TypeError):
                    return True
        return False

    def remove_unwritten(self):
        """Delete each page the last build wrote and this one did not (the last page of a list one
        column shorter, a withdrawn or deleted column's), if its file is as that build left it: the
        output then holds what a build into an empty folder writes, and nothing of a column gone."""
        for name, record in self.previous.items():
            if name not in self.records and self.same_file(name, record):
                os.remove(os.path.join(self.output_path, name))
                logger.info("Removed %s: this build no longer writes it", name)

    def load(self):
        try:
            with open(self.manifest, "rb") as file:
                output_path, records = pickle.load(file)
                self.since = os.fstat(file.fileno()).st_mtime_ns
        except (OSError, EOFError, pickle.PickleError, ValueError, TypeError):
            return {}
        return records if output_path == os.path.abspath(self.output_path) else {}


def has_digest(values):
    """Whether a page written with ``values`` has a digest: whether it shows a column or a page of a
    list (the others may show the site's whole lists, which no digest covers)."""
    return any(isinstance(value, (Content, Page)) for value in values.values())


def render_late(generators):
    """``all_generators_finalized`` (before the build settles its background work): this build's
    writer renders every page at the end, so the work goes on until then."""
    from ..build import Finish

    for generator in generators:
        if isinstance(generator, Finish) and not generator.settings.get("RELATIVE_URLS"):
            generator.build.render_late = True


def writer_for(pelican):
    """``get_writer``: the writer class of this Pelican's build."""
    from ..build import current

    return type("Writer", (Writer,), {"build": current(pelican)})
