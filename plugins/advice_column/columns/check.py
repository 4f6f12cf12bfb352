"""``make check``: every problem in the content, found without building.

Each entry of :data:`CHECKS` names a function ``check(content)`` that yields
:class:`~advice_column.diagnostics.Problem` objects for a :class:`Content`
(the settings and every column source, parsed, with metadata line numbers).
Another concern adds its own checks with one line here, e.g.
``(".topics.check", "topic_problems")``.
"""

import importlib
import os
import sys
from dataclasses import dataclass

from .. import diagnostics
from . import editor_note
from .index import ColumnIndex, ColumnSource, column_files, stray_problems
from .parser import source_lines
from .reader import ColumnReader

#: ``(module relative to advice_column, function)``: every check ``make check`` runs, in order.
CHECKS = (
    (".columns.check", "column_problems"),
    (".columns.check", "editor_note_problems"),
    (".topics.check", "topic_problems"),
    (".comments.check", "comment_problems"),
)


@dataclass
class Content:
    """What every check sees: the settings (``PATH`` is the content folder) and all columns."""

    settings: dict
    columns: list[ColumnSource]


def column_problems(content):
    """Columns: structure, metadata, slugs, aliases, follow-ups; and files that are not columns."""
    _, strays = column_files(content.settings)
    yield from stray_problems(strays, content.settings)
    for source in content.columns:
        yield from source.problems()


def editor_note_problems(content):
    """A warning for each line of a column with an editor's note that shows a value the note
    says `make draft` replaced (the editor put a name back by mistake)."""
    for source in content.columns:
        if source.meta.editor_note is None or source.parsed is None:
            continue
        try:
            with open(source.path, encoding="utf-8", errors="replace") as file:
                lines = source_lines(file.read().removeprefix("\ufeff"))
        except OSError:
            continue  # column_problems reports it
        note = editor_note.parse(source.meta.editor_note)
        for line, original in editor_note.leaks(lines, note, source.parsed.body_line):
            yield diagnostics.Problem(
                source.display, line, "warning",
                f"{original!r} is a value `make draft` replaced (the `{editor_note.NAME}` lists it)",
                "replace it with its placeholder again, unless the letter's writer agreed to it")


def read_content(settings):
    index = ColumnIndex.scan(settings, ColumnReader(settings).process_metadata)
    return Content(settings, list(index.sources.values()))


def add_arguments(parser):
    parser.add_argument("--content", default="content", help="the content folder (default: content)")


def run(args, settings):
    """Report every problem, one line each, then a summary; exit status 1 on any error."""
    settings = {**settings, "PATH": os.path.abspath(args.content)}
    content = read_content(settings)
    counts = {"error": 0, "warning": 0}
    for module, function in CHECKS:
        check = getattr(importlib.import_module(module, "advice_column"), function)
        for problem in check(content):
            diagnostics.log(problem)
            counts[problem.severity] += 1
    print(f"Checked {diagnostics.plural(len(content.columns), 'column')}: "
          f"{diagnostics.plural(counts['error'], 'error')}, {diagnostics.plural(counts['warning'], 'warning')}",
          file=sys.stderr)
    return 1 if counts["error"] else 0
