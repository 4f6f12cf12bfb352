"""Pelican's writer, rendering a page only when what it shows changed, and writing a file only when
its bytes did.

With the content cache on (`make html`, the devserver), each page's digest
(:mod:`.digest`) and the digest of the bytes written are kept in
``CACHE_PATH/advice-column.pages``. The next build renders a column page or a
page of a list again only when its digest changed or its file is no longer the
one written; any other page is rendered every time. A file whose new bytes are
the ones already on disk is not rewritten (its modification time stays, for
rsync and for the search index). Without the cache (`make publish`) every page
is rendered and written.
"""

import hashlib
import io
import logging
import os
import pickle

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page
from pelican.writers import FileOverwriteFailedError
from pelican.writers import Writer as PelicanWriter

from .digest import Digests

logger = logging.getLogger(__name__)

MANIFEST = "advice-column.pages"
#: What :meth:`Writer.render` returns for a page it did not render: the file on disk is kept.
UNCHANGED = object()
#: Pelican's keyword arguments for the lists it paginates, and what it adds for each page.
PAGINATED = ("articles", "dates")
PAGE_KEYS = ("{}_paginator", "{}_page", "{}_previous_page", "{}_next_page")


class Writer(PelicanWriter):
    """Renders pages through :class:`CachedTemplate` and writes through :class:`Output`.

    ``code_and_settings`` is the build's fingerprint (:func:`.cache.remember_fingerprint`),
    given by :func:`writer_for`.
    """

    code_and_settings = None

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.cached = bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))
        self.manifest = os.path.join(settings["CACHE_PATH"], MANIFEST)
        self.previous = self.load() if self.cached else {}
        self.records = {}  # output file (relative) -> (page digest, bytes digest, size, mtime)
        self.digests = Digests(settings, self.code_and_settings)
        self.site = None
        self.pending = None  # (output file, page digest) of the page being written
        self.counts = {"kept": 0, "rendered": 0, "unchanged": 0}
        signals.finalized.connect(self.finish)

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        """Pelican's ``write_file``, with the template wrapped to skip unchanged pages."""
        if name and self.cached:
            lists = paginated if paginated is not None else {
                key: value for key, value in kwargs.items() if key in PAGINATED}
            names = {*kwargs, *(pattern.format(key) for key in lists for pattern in PAGE_KEYS)}
            template = CachedTemplate(template, self, sorted(names), context)
        super().write_file(name, template, context, relative_urls, paginated, template_name,
                           override_output, url, **kwargs)

    def page_digest(self, template, localcontext, names):
        """The digest of the page ``localcontext`` renders, or None for a page always rendered."""
        values = {name: localcontext[name] for name in names if name in localcontext}
        if not any(isinstance(value, (Content, Page)) for value in values.values()):
            return None
        parts = [self.site, template.name or "", localcontext["output_file"],
                 str(localcontext.get("SITEURL")), str(localcontext.get("localsiteurl"))]
        parts += [f"{name}={self.digests.page_value(value)}" for name, value in values.items()]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()

    def render(self, template, localcontext, names, context):
        """Render the page, or return :data:`UNCHANGED` when its file already shows it."""
        if self.site is None:
            self.site = self.digests.site(context)
        name = os.path.normpath(localcontext["output_file"])
        digest = self.page_digest(template, localcontext, names)
        self.pending = (name, digest)
        if digest is not None and self.on_disk(name, digest):
            self.counts["kept"] += 1
            return UNCHANGED
        self.counts["rendered"] += 1
        return template.render(localcontext)

    def on_disk(self, name, digest):
        """Whether ``name`` was written for ``digest`` by the last build and is still that file."""
        record = self.previous.get(name)
        if record is None or record[0] != digest:
            return False
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
            return open(os.devnull, "w", encoding=encoding)
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

    def close(self, path, text, encoding):
        """Write ``text`` to ``path`` unless the file already holds it; remember what it holds."""
        name = os.path.relpath(path, self.output_path)
        pending, self.pending = self.pending, None
        digest = pending[1] if pending is not None and pending[0] == name else None
        previous = self.previous.get(name)
        if text is UNCHANGED:
            self.records[name] = previous
            return
        data = text.encode(encoding)
        content_digest = hashlib.sha1(data).hexdigest()
        if previous is not None and previous[1] == content_digest and self.same_file(path, previous):
            self.counts["unchanged"] += 1
        else:
            with open(path, "wb") as file:
                file.write(data)
        stat = os.stat(path)
        self.records[name] = (digest, content_digest, stat.st_size, stat.st_mtime_ns)

    @staticmethod
    def same_file(path, record):
        try:
            stat = os.stat(path)
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == record[2:]

    def load(self):
        try:
            with open(self.manifest, "rb") as file:
                output_path, records = pickle.load(file)
        except (OSError, EOFError, pickle.PickleError, ValueError, TypeError):
            return {}
        return records if output_path == os.path.abspath(self.output_path) else {}

    def finish(self, pelican):
        """``finalized``: keep this build's records for the next one."""
        signals.finalized.disconnect(self.finish)
        logger.info("Pages: %(rendered)d rendered, %(kept)d unchanged and not rendered, "
                    "%(unchanged)d rendered to the same bytes and not rewritten", self.counts)
        if not self.cached:
            return
        os.makedirs(os.path.dirname(self.manifest), exist_ok=True)
        with open(self.manifest + ".tmp", "wb") as file:
            pickle.dump((os.path.abspath(self.output_path), self.records), file)
        os.replace(self.manifest + ".tmp", self.manifest)


class CachedTemplate:
    """A page's template as Pelican's writer calls it: ``render(localcontext)``."""

    def __init__(self, template, writer, names, context):
        self.template, self.writer, self.names, self.context = template, writer, names, context

    def render(self, localcontext):
        return self.writer.render(self.template, localcontext, self.names, self.context)


class Output(io.StringIO):
    """The file Pelican writes a page to: kept in memory, written by :meth:`Writer.close`."""

    def __init__(self, writer, path, encoding):
        super().__init__()
        self.writer, self.path, self.codec, self.skipped = writer, path, encoding, False

    def write(self, text):
        if text is UNCHANGED:
            self.skipped = True
            return 0
        return super().write(text)

    def __exit__(self, *exc):
        if exc[0] is None:
            self.writer.close(self.path, UNCHANGED if self.skipped else self.getvalue(),
                              self.codec)
        return super().__exit__(*exc)


def writer_for(pelican):
    """``get_writer``: our writer, with the fingerprint taken when this Pelican started."""
    return type("Writer", (Writer,), {
        "code_and_settings": getattr(pelican, "advice_column_fingerprint", None)})
