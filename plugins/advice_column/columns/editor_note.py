"""The editor's note of an anonymised draft: what `make draft` replaced, and what to check.

It is the ``Editor-note`` metadata field, one summary line and one indented line
per replacement or doubt::

    Editor-note: 2 replaced, 1 to check. Check the letter, then delete this note (all its lines).
        replaced: Dr. Elaine Marsh → [my supervisor]
        replaced: Halvorsen Biotech → [a biotech company]
        to check: Jira

The note is never published: a column that still carries it is built as a draft
whatever its ``Status`` says (``metadata``), and ``make check`` warns when the
column shows one of the replaced values again (:func:`leaks`).
"""

import re
from dataclasses import dataclass

KEY = "editor-note"
NAME = "Editor-note"
ARROW = " → "
REPLACED = "replaced: "
TO_CHECK = "to check: "
_SHOWN_KEY = re.compile(r"(?i)[ ]{0,3}(title|asker|summary)\s*:")
WHAT_TO_DO = "Check the letter, then delete this note (all its lines)."


def summary(replaced, unsure):
    """``"2 replaced, 1 to check"``: the note's count, as the queue page shows it too."""
    return f"{replaced} replaced, {unsure} to check"


def lines(replacements, unsure):
    """The note's metadata lines for ``replacements`` (``(original, placeholder)`` pairs) and
    ``unsure`` spans; every value is one line already.

    >>> lines([("Dr. Elaine Marsh", "[my supervisor]")], ["Jira"])[1:]
    ['    replaced: Dr. Elaine Marsh → [my supervisor]', '    to check: Jira']
    """
    head = f"{NAME}: {summary(len(replacements), len(unsure))}. {WHAT_TO_DO}"
    return [head, *(f"    {REPLACED}{original}{ARROW}{placeholder}" for original, placeholder in replacements),
            *(f"    {TO_CHECK}{text}" for text in unsure)]


@dataclass(frozen=True)
class Note:
    """A parsed note: the replaced values as the letter had them, and the spans to check."""

    originals: tuple
    unsure: tuple


def parse(value):
    """The :class:`Note` in an ``Editor-note`` field's value (its lines joined by line breaks).

    >>> parse("1 replaced, 0 to check.\\nreplaced: Elaine → [name]").originals
    ('Elaine',)
    """
    originals, unsure = [], []
    for line in value.split("\n"):
        line = line.strip()
        if line.startswith(REPLACED) and ARROW in line:
            originals.append(line[len(REPLACED):].rsplit(ARROW, 1)[0].strip())
        elif line.startswith(TO_CHECK):
            unsure.append(line[len(TO_CHECK):].strip())
    return Note(tuple(filter(None, originals)), tuple(unsure))


def leaks(source_lines, note, body_line):
    """``[(line, original)]``: where a column's text (its lines from ``body_line``, 1-based, and
    its ``Title``, ``Asker`` and ``Summary`` lines) shows a value the note says was replaced,
    also when a line break splits it."""
    if not note.originals:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        r"\s+".join(map(re.escape, original.split())) for original in
        sorted(note.originals, key=len, reverse=True)) + r")(?!\w)")
    shown = [number >= body_line or bool(_SHOWN_KEY.match(line)) for number, line in enumerate(source_lines, 1)]
    text = "\n".join(source_lines)
    found = []
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if shown[line - 1]:
            found.append((line, " ".join(match.group(0).split())))
    return found
