"""Problems with content, reported the way editors read them, and the build's summary.

Every problem is one line on standard error,
``<path>:<line>: error: <what is wrong>; <what to do>`` (or ``warning:``), with
the path relative to the project root (the folder that holds ``content/``).

Each build ends with one summary line counting published, hidden, draft,
scheduled and failed columns, errors and warnings (Pelican's own included).
With ``FATAL_WARNINGS = True`` (the public build) any error or warning then
fails the build with exit status 1, after everything has been reported.
"""

import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pelican import signals
from pelican.generators import ArticlesGenerator

Severity = Literal["error", "warning"]


class _StderrLines(logging.Handler):
    """Write each record as one plain line to the current ``sys.stderr``."""

    def emit(self, record):
        sys.stderr.write(self.format(record) + "\n")


#: Problems go out verbatim, one line each, never wrapped or prefixed.
logger = logging.getLogger(__name__)
logger.propagate = False
logger.addHandler(_StderrLines())
# Pelican's LimitFilter drops a warning already seen in this process (in an
# earlier autoreload build, or an earlier test): ours are reported every time.
if hasattr(logger, "disable_filter"):
    logger.disable_filter()


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: where, how bad, what, and what to do."""

    path: str
    line: int | None
    severity: Severity
    what: str
    todo: str

    def __str__(self):
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.what}; {self.todo}"


def display_path(path, content_path):
    """``path`` relative to the project root, i.e. the parent of ``content_path``.

    >>> display_path("/site/content/columns/a.md", "/site/content")
    'content/columns/a.md'
    """
    root = os.path.dirname(os.path.abspath(content_path))
    return os.path.relpath(os.path.abspath(path), root)


def log(problem):
    """Report ``problem`` at its severity, as its one-line message."""
    level = logging.ERROR if problem.severity == "error" else logging.WARNING
    logger.log(level, "%s", problem)


def plural(count, noun):
    """``plural(1, "error")`` is ``'1 error'``, ``plural(2, "error")`` is ``'2 errors'``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Tally(logging.Handler):
    """Counts the warnings and errors logged during one build, ours and Pelican's."""

    LOGGERS = (__name__, "pelican")

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors = self.warnings = 0

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1

    def attach(self):
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)

    def detach(self):
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)


def column_counts(generator, now=None):
    """How many columns a finished ``ArticlesGenerator`` published, hid, drafted,
    scheduled (future-dated) and failed to read."""
    now = now or datetime.now()
    scheduled = [a for a in generator.drafts if a.metadata.get("status") != "draft"
                 and a.date.replace(tzinfo=None) > now]
    articles_root = tuple(p.rstrip("/") + "/" for p in generator.settings["ARTICLE_PATHS"])
    failed = [path for path, content in generator.context["generated_content"].items()
              if content is None and path.startswith(articles_root)]
    return {
        "published": len(generator.articles),
        "hidden": len(generator.hidden_articles),
        "draft": len(generator.drafts) - len(scheduled),
        "scheduled": len(scheduled),
        "failed": len(failed),
    }


class BuildReport:
    """One build's problem tally and column counts, summarised when the build ends."""

    def __init__(self, settings):
        self.settings = settings
        self.tally = Tally()
        self.counts = {}
        self.tally.attach()

    def collect(self, generator):
        self.counts = column_counts(generator)

    def finish(self):
        """Print the summary line; with ``FATAL_WARNINGS``, fail on any problem."""
        self.tally.detach()
        parts = [f"{n} {status}" for status, n in self.counts.items()]
        parts += [plural(self.tally.errors, "error"), plural(self.tally.warnings, "warning")]
        sys.stderr.write("Columns: " + ", ".join(parts) + "\n")
        if self.settings.get("FATAL_WARNINGS") and (self.tally.errors or self.tally.warnings):
            sys.stderr.write(
                "Build failed: FATAL_WARNINGS is on, so every error and warning above must be "
                "fixed (or its column marked `Status: draft`) before the site is published.\n"
            )
            raise SystemExit(1)


#: The report of each build in progress, by the id of its settings dict (which
#: Pelican shares with every generator of the run). Emptied when a build ends.
_reports = {}


def start_report(pelican):
    """``get_generators`` (sent once per run, autoreload included): start counting."""
    _reports[id(pelican.settings)] = BuildReport(pelican.settings)


def collect_counts(generator):
    """``article_generator_finalized``: count the columns by outcome."""
    if id(generator.settings) in _reports:
        _reports[id(generator.settings)].collect(generator)


def finish_report(pelican):
    """``finalized`` (through the plugin's ``finish_build``, after the search index): print the
    summary, and fail a strict build that had problems."""
    report = _reports.pop(id(pelican.settings), None)
    if report:
        report.finish()


def register():
    signals.get_generators.connect(start_report)
    signals.article_generator_finalized.connect(collect_counts)
