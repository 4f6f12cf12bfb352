"""Problems with content, reported the way editors read them, and the build's summary.

Every problem is one line on standard error,
``<path>:<line>: error: <what is wrong>; <what to do>`` (or ``warning:``), with
the path relative to the project root (the folder that holds ``content/``).

Each build ends with one summary line counting published, hidden, draft,
scheduled and failed columns, errors and warnings (Pelican's own included).

Problems go through this module's logger, a logger of Pelican's own class:
``pelican -q`` quiets them, and ``pelican --fatal warnings`` (as `make publish`
runs it) fails the build at the first one. Only their format is ours: one plain
line each, never wrapped or decorated, so editors and scripts can read them.
"""

import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Severity = Literal["error", "warning"]


class _StderrLines(logging.Handler):
    """Write each record as one plain line to the current ``sys.stderr``."""

    def emit(self, record):
        sys.stderr.write(self.format(record) + "\n")


#: Problems go out verbatim, one line each, never wrapped or prefixed (Pelican's handler would
#: wrap them at the terminal's width); at the level Pelican's command line sets.
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
    scheduled (future-dated) and failed to read; and withdrew, when it did."""
    now = now or datetime.now()
    scheduled = [a for a in generator.drafts if a.metadata.get("status") != "draft"
                 and a.date.replace(tzinfo=None) > now]
    articles_root = tuple(p.rstrip("/") + "/" for p in generator.settings["ARTICLE_PATHS"])
    failed = [path for path, content in generator.context["generated_content"].items()
              if content is None and path.startswith(articles_root)]
    withdrawn = sum(1 for a in generator.hidden_articles if getattr(a, "withdrawn", None))
    counts = {
        "published": len(generator.articles),
        "hidden": len(generator.hidden_articles) - withdrawn,
        "draft": len(generator.drafts) - len(scheduled),
        "scheduled": len(scheduled),
        "failed": len(failed),
    }
    if withdrawn:
        counts["withdrawn"] = withdrawn
    return counts


def say(line):
    """Write one line of the build's report (a summary, progress) unless Pelican runs quiet."""
    if logger.isEnabledFor(logging.WARNING):
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


class BuildReport:
    """One build's problem tally and column counts, summarised when the build ends."""

    def __init__(self):
        self.tally = Tally()
        self.counts = {}
        self.tally.attach()

    def collect(self, generator):
        self.counts = column_counts(generator)

    def finish(self):
        """Print the summary line (``finalized``)."""
        self.tally.detach()
        parts = [f"{n} {status}" for status, n in self.counts.items()]
        parts += [plural(self.tally.errors, "error"), plural(self.tally.warnings, "warning")]
        say("Columns: " + ", ".join(parts))
