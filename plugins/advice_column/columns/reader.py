"""The Pelican reader for columns: Markdown files under ``ARTICLE_PATHS``.

Pages and every other Markdown file are read exactly as Pelican's own
``MarkdownReader`` reads them, then sanitised like columns (``sanitise``). A column is parsed (``parser``), its metadata
checked (``metadata``) with the other columns in view (``index``), then each
part rendered (``render``). A column with an error is reported, one line per
problem, and not built: Pelican counts it as a failed source.
"""

import logging
import sys

from markupsafe import Markup
from pelican.readers import MarkdownReader

from .. import diagnostics
from .index import COLUMN_SUFFIX, ColumnIndex, is_column_path, read_source
from .render import ColumnRenderer, content_note, cut, excerpt, plain_text
from .sanitise import clean
from .withdrawal import unlink


class ColumnError(Exception):
    """A column that cannot be built; its problems have already been reported."""


class ColumnReader(MarkdownReader):
    """Reads columns as letters and answers, and any other Markdown file as Pelican does."""

    def __init__(self, settings):
        super().__init__(settings)
        self._index = None
        self._renderer = None

    @property
    def index(self):
        """Every column of this build, read on first use (one reader serves one build), without
        the columns' parses: :meth:`read` parses a column again when it renders it."""
        if self._index is None:
            self.scan()
        return self._index

    @index.setter
    def index(self, index):
        """Read with ``index`` (anything with ``get(path)``, e.g. the devserver's one fresh source)
        instead of scanning every column."""
        self._index = index

    def scan(self, read_ahead=False):
        """Make :attr:`index`; with ``read_ahead``, what this reader makes of each column the scan's
        processes parse (each error-free column, when many are scanned) is made there too, and
        kept in the index's ``read_ahead``: ``(content, metadata)`` by path."""
        self._index = ColumnIndex.scan(self.settings, self.process_metadata, keep_parsed=False,
                                       read=self.column if read_ahead else None)
        return self._index

    @property
    def renderer(self):
        if self._renderer is None:
            self._renderer = ColumnRenderer(self.settings)
        return self._renderer

    def read(self, source_path):
        if not is_column_path(source_path, self.settings):
            content, metadata = super().read(source_path)
            return clean(content), metadata
        if not source_path.endswith(COLUMN_SUFFIX):
            raise ColumnError(f"{source_path}: not a `{COLUMN_SUFFIX}` file")  # reported by report_strays
        source = self.index.get(source_path) or read_source(source_path, self.settings, self.process_metadata)
        self.report(source)
        if source.parsed is None:
            indexed, source = source, read_source(source_path, self.settings, self.process_metadata)
            if source.has_errors:  # the file changed since the index read it
                self.report(source)
            source.unlinked = indexed.unlinked  # what the checks across files found
        return self.column(source)

    @staticmethod
    def report(source):
        """Log the source's problems; raise :class:`ColumnError` when one is an error."""
        for problem in source.problems():
            diagnostics.log(problem)
        if source.has_errors:
            raise ColumnError(f"{source.display} has errors")

    def column(self, source):
        """``(content, metadata)`` of an error-free column source."""
        meta = source.meta
        if meta.status == "withdrawn":
            return self.withdrawn(source)
        content, exchanges = self.renderer.render(source.parsed, meta.askers)
        content = unlink(content, source.unlinked)
        summary_html = unlink(self.renderer.markdown_to_html(meta.summary), source.unlinked) if meta.summary else ""
        text = excerpt(exchanges, summary_html, self.settings["EXCERPT_LENGTH"])
        letters = [cut(exchange.letter_text, self.settings["EXCERPT_LENGTH"]) for exchange in exchanges]
        if meta.content_notes:  # the note stands for the letter wherever the column is listed
            note = content_note(meta.content_notes)
            text, summary_html = (f"{note} {plain_text(summary_html)}" if summary_html else note), ""
            letters = [note] * len(exchanges)
        metadata = {
            **meta.pelican,
            "summary": summary_html or str(Markup("<p>{}</p>").format(text)),
            "excerpt": text,
            "letter_excerpts": letters,
            "exchanges": exchanges,
            "topic_names": meta.topic_names,
            "metadata_lines": meta.lines,
            "aliases": meta.aliases,
            "submissions": meta.submissions,
            "follows_slug": meta.follows_slug,
            "follows_number": meta.follows_number,
            "comments_closed": meta.comments_closed,
            "follows": None,
            "followed_by": [],
            "unlinked": source.unlinked,
            "corrections": meta.corrections,
            "content_notes": meta.content_notes,
            "rerun_slug": meta.rerun_of,
            "letter_topic_names": meta.letter_topic_names,
            "rerun_of": None,
            "reruns": [],
        }
        return content, metadata

    @staticmethod
    def withdrawn(source):
        """``(content, metadata)`` of a withdrawn column: its notice, and nothing of its title, letters
        or answers (the theme's ``withdrawn`` template)."""
        meta = source.meta
        metadata = {
            **meta.pelican,
            "title": "Withdrawn column",
            "template": "withdrawn",
            "withdrawn": meta.withdrawn,
            "withdrawal_note": meta.withdrawal_note,
            "summary": "",
            "excerpt": "",
            "letter_excerpts": [],
            "exchanges": [],
            "topic_names": [],
            "metadata_lines": meta.lines,
            "aliases": meta.aliases,
            "submissions": [],
            "follows_slug": None,
            "follows_number": None,
            "follows": None,
            "followed_by": [],
            "unlinked": (),
            "corrections": [],
            "content_notes": [],
            "rerun_slug": None,
            "letter_topic_names": [],
            "rerun_of": None,
            "reruns": [],
        }
        return "", metadata


class _AlreadyReported(logging.Filter):
    """Drops Pelican's "Could not process" line for a column whose problems were just reported."""

    def filter(self, record):
        return not (record.msg == "Could not process %s" and isinstance(sys.exc_info()[1], ColumnError))


def forget_index(generator):
    """``article_generator_pretaxonomy``: every column is read; free the index of their sources."""
    for reader in generator.readers.readers.values():
        if isinstance(reader, ColumnReader):
            reader._index = None


def use_column_reader(readers):
    """``readers_init``: read Markdown with :class:`ColumnReader` wherever Pelican would use its own."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = ColumnReader


def install_log_filter():
    generators_logger = logging.getLogger("pelican.generators")
    if not any(isinstance(f, _AlreadyReported) for f in generators_logger.filters):
        generators_logger.addFilter(_AlreadyReported())
