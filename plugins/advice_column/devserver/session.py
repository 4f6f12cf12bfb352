"""The editor's session: one Pelican kept in this process, built again after each batch of
changes, and the errors each build logged."""

import logging
import os

from pelican import get_instance, signals

from .. import diagnostics
from . import memory, preview

logger = logging.getLogger(__name__)


class Errors(logging.Handler):
    """The errors logged during one build, ours (``path:line: error: …``) and Pelican's."""

    #: Our problems do not propagate to the root logger; everyone else's do.
    LOGGERS = (diagnostics.logger, logging.getLogger())

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    def __enter__(self):
        for each in self.LOGGERS:
            each.addHandler(self)
        return self

    def __exit__(self, *exc):
        for each in self.LOGGERS:
            each.removeHandler(self)


class Session:
    """Pelican's command-line ``args`` made into one Pelican, built on demand."""

    def __init__(self, args):
        self.args = args
        self.pelican, self.settings = get_instance(args)
        self.conf = os.path.abspath(args.settings) if args.settings else None
        self.written = None  # the pages and feeds the last build wrote (or kept)
        self.model = None  # what the last build rendered (:mod:`.preview`)

    def watched(self):
        """Where a change rebuilds the site: the content, the theme, the settings file."""
        paths = [self.settings["PATH"], self.settings["THEME"]]
        return [path for path in (*paths, self.conf) if path and os.path.exists(path)]

    def preview(self, changed):
        """Each ``{output file: bytes, or None for a page gone}`` rendered from the last build's
        model for the saved files ``changed``, before the build, as soon as it is ready (nothing
        when only the build can show them)."""
        if self.model is None or self.conf in changed:
            return
        try:
            for pages in preview.pages(self.model, changed):
                if pages:
                    yield pages
        except Exception:  # the build follows and shows the change (or the problem)
            logger.debug("No preview of %s", ", ".join(changed), exc_info=True)

    def build(self, changed=()):
        """Build the site once (with new settings if ``changed`` holds the settings file): the
        errors it logged, each a line."""
        if self.model is not None:  # the last build's model goes before this one's is made
            self.model.release()
            self.model = None
        memory.collect()
        written = set()
        model = preview.Model()

        def note(path, context=None, **kwargs):
            written.add(os.path.abspath(path))
            model.written(path, context)

        signals.all_generators_finalized.connect(model.finalized)
        signals.content_written.connect(note)
        with Errors() as errors:
            try:
                if self.conf in changed:
                    self.pelican, self.settings = get_instance(self.args)
                self.pelican.run()
            except Exception as error:  # the devserver goes on: the editor fixes and saves again
                logger.error("The build failed: %s: %s", type(error).__name__, error,
                             exc_info=self.settings.get("DEBUG", False))
                written = None
            finally:
                signals.content_written.disconnect(note)
                signals.all_generators_finalized.disconnect(model.finalized)
        self.model = model if written is not None else None
        if written is not None and errors.lines:  # a column with an error keeps its last good page
            self.written = (self.written or set()) | written
        elif written is not None:
            self.remove_stale(written)
        return errors.lines

    def remove_stale(self, written):
        """Remove the pages and feeds the last builds wrote and this one did not (a deleted
        column's page, a renamed topic's feeds): the output is what a cold build writes. Only
        after a build without errors: a column with an error keeps its last good page."""
        if self.written is not None:
            for path in sorted(self.written - written):
                try:
                    os.remove(path)
                except OSError:
                    continue
                logger.info("Removed %s: the site no longer has it", path)
        self.written = written
