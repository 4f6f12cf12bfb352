"""The structure of a column's source text, with line numbers: a pure parser.

Python-Markdown keeps no line numbers, so the column's shape (metadata header,
introduction, letters, answers, sign-offs) is read here first, straight from
the text; each part is rendered with Markdown afterwards (``render``).

>>> column = parse_column("Title: Hi\\n\\nQ. Why?\\n— Curious\\n\\nA. Because.\\n")
>>> [(f.key, f.value, f.line) for f in column.fields]
[('title', 'Hi', 1)]
>>> exchange = column.exchanges[0]
>>> (exchange.letter.text, exchange.letter.signoff, exchange.answer.line)
('Why?', 'Curious', 6)
"""

import re
from dataclasses import dataclass, field

# The metadata header, as Python-Markdown's ``meta`` extension reads it.
META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
META_FENCE = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
#: Keys whose continued lines stay lines (each continued line is then the field's next line).
MULTILINE_KEYS = ("summary", "corrections", "editor-note")

_WORDS = {"letter": r"Q|[Qq]uestion|QUESTION", "answer": r"A|[Aa]nswer|ANSWER"}
#: ``Q.``, ``Q:``, ``**Q.**``, ``**Q**:``, ``__Q.__``, ``Question:`` (and the same for answers),
#: at the start of a paragraph, followed by a space or the end of the line.
MARKERS = {
    kind: re.compile(
        rf"^[ ]{{0,3}}(?:(?P<b1>\*\*|__)(?:{words})[.:](?P=b1)"
        rf"|(?P<b2>\*\*|__)(?:{words})(?P=b2)[.:]"
        rf"|(?:{words})[.:])(?:[ \t]+|$)"
    )
    for kind, words in _WORDS.items()
}
#: A letter's own sign-off line: ``— Ghosted in Ohio``, ``– …`` or ``-- …`` (see :func:`_signoff`).
SIGNOFF = re.compile(r"^[ ]{0,3}(?:—|–|--(?!-))[ \t]*(?P<name>[^\s—–-].*?)\s*$")
#: A line that starts like a list item (``- x``, ``* x``, ``+ x``, ``1. x``, ``1) x``), a dash line
#: (``— x``, ``– x``, ``-- x``) or a quote (``> x``): its paragraph is a list, a dialogue or a quote,
#: whose last line is no sign-off (Markdown puts a line right under a list or quote inside it).
LISTED = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|^[ ]{0,3}(?:—|–|--|>)")
FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
#: A Markdown link reference definition (``[1]: https://…``), shared by every part.
REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]*\S")


@dataclass(frozen=True)
class Field:
    """One metadata line: ``key`` in lower case, ``name`` as written."""

    key: str
    name: str
    value: str
    line: int


@dataclass(frozen=True)
class Part:
    """A letter or an answer: its source text (marker and sign-off removed) and where it is."""

    kind: str
    line: int
    text: str
    signoff: str | None = None
    signoff_line: int | None = None


@dataclass(frozen=True)
class SourceExchange:
    number: int
    letter: Part
    answer: Part


@dataclass(frozen=True)
class Issue:
    """Something wrong with the source: where (1-based line), what, what to do."""

    line: int
    severity: str
    what: str
    todo: str


@dataclass
class ParsedColumn:
    fields: list[Field] = field(default_factory=list)
    body_line: int = 1
    intro: str = ""
    exchanges: list[SourceExchange] = field(default_factory=list)
    references: str = ""
    issues: list[Issue] = field(default_factory=list)
    #: how many of ``issues`` (the first) are the metadata header's, the others the body's
    header_issues: int = 0

    def first(self, key):
        """The first field called ``key`` (lower case), or None."""
        return next((f for f in self.fields if f.key == key), None)


def parse_column(text):
    """Parse a column's whole source ``text`` into a :class:`ParsedColumn`; never raises."""
    lines = source_lines(text.removeprefix("\ufeff"))
    column = ParsedColumn()
    body_start = _parse_header(lines, column)
    column.header_issues = len(column.issues)
    column.body_line = body_start + 1
    _parse_body(lines, body_start, column)
    return column


def source_lines(text):
    """``text``'s lines as editors count them: each ends at ``\\n``, ``\\r\\n`` or ``\\r``
    (as Markdown reads them); a form feed, vertical tab, U+0085 or U+2028 stays in its line
    as text, unlike with ``str.splitlines()``.

    >>> source_lines("one\\ftwo\\r\\nthree\\u2028four\\n")
    ['one\\x0ctwo', 'three\\u2028four']
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not a line of its own
    return lines


def _parse_header(lines, column):
    """Read the metadata lines into ``column.fields``; return the index of the body's first line."""
    i = 0
    if lines and META_FENCE.match(lines[0]) and lines[0].startswith("---"):
        i = 1
    current = None
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            return i + 1
        if i > 0 and META_FENCE.match(line):
            return i + 1
        more = META_MORE.match(line)
        if more and current is not None:
            joiner = "\n" if current.key in MULTILINE_KEYS else " "
            current = Field(current.key, current.name, f"{current.value}{joiner}{more['value'].strip()}",
                            current.line)
            column.fields[-1] = current
        elif meta := META_LINE.match(line):
            current = Field(meta["key"].lower(), meta["key"], meta["value"].strip(), i + 1)
            column.fields.append(current)
        else:
            if column.fields:
                column.issues.append(Issue(
                    i + 1, "error", "the metadata lines must end with a blank line before the text",
                    "add a blank line after the last `Key: value` line"))
            return i
        i += 1
    return i


def _marker(line):
    """``("letter" | "answer", rest of the line)`` when ``line`` starts with a marker, else None."""
    for kind, pattern in MARKERS.items():
        if match := pattern.match(line):
            return kind, line[match.end():]
    return None


def _parse_body(lines, start, column):
    """Split the body into introduction and parts, then pair the parts into exchanges."""
    starts = []  # (index, kind, rest of the marker line)
    fence = None
    previous_blank = True
    references = []
    for i in range(start, len(lines)):
        line = lines[i]
        if fence:
            if line.lstrip(" ").startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            previous_blank = False
            continue
        if opening := FENCE.match(line):
            fence = opening["fence"]
        elif previous_blank and (marker := _marker(line)):
            starts.append((i, *marker))
        elif REFERENCE.match(line):
            references.append(line.strip())
        previous_blank = not line.strip()
    column.references = "\n".join(references)
    end_of_intro = starts[0][0] if starts else len(lines)
    column.intro = "\n".join(lines[start:end_of_intro]).strip("\n")
    parts = []
    for n, (i, kind, rest) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        parts.append(_part(kind, i, [rest, *lines[i + 1:end]], column))
    _pair(parts, column, first_line=min(start + 1, max(len(lines), 1)))


def _part(kind, index, chunk, column):
    """A :class:`Part` from the lines of one letter or answer (``chunk[0]``: after the marker)."""
    while chunk and not chunk[-1].strip():
        chunk.pop()
    signoff = signoff_line = None
    if kind == "letter" and (match := _signoff(chunk)):
        signoff, signoff_line = match["name"], index + len(chunk)
        chunk = chunk[:-1]
    text = "\n".join(chunk).strip()
    if not text:
        what = "the reader's letter" if kind == "letter" else "the answer"
        column.issues.append(Issue(index + 1, "error", f"{what} is empty",
                                   f"write {what} after its `{'Q.' if kind == 'letter' else 'A.'}`"))
    return Part(kind, index + 1, text, signoff, signoff_line)


def _signoff(chunk):
    """The :data:`SIGNOFF` match of a letter's last line, if it is its sign-off: outside a code
    block, and no other line of its paragraph starts like a list item, with a dash or a quote."""
    if not chunk or not (match := SIGNOFF.match(chunk[-1])) or _in_fence(chunk):
        return None
    for line in reversed(chunk[:-1]):
        if not line.strip() or FENCE.match(line):
            break
        if LISTED.match(line):
            return None
    return match


def _in_fence(chunk):
    """Whether the last line of ``chunk`` is inside a fenced code block."""
    fence = None
    for line in chunk[:-1]:
        if fence:
            if line.lstrip(" ").startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        elif opening := FENCE.match(line):
            fence = opening["fence"]
    return fence is not None


def _pair(parts, column, first_line):
    """Pair letters with answers, reporting every letter without answer and stray answer."""
    if not parts:
        column.issues.append(Issue(
            first_line, "error", "no reader's letter: no paragraph starts with `Q.`",
            "start the reader's letter with `Q.` and the answer with `A.`, each at the start of a paragraph"))
        return
    letter = None
    answered = False
    for part in parts:
        if part.kind == "letter":
            if letter and not answered:
                column.issues.append(_unanswered(letter))
            letter, answered = part, False
        elif letter is None:
            column.issues.append(Issue(
                part.line, "error", "an answer (`A.`) comes before any reader's letter",
                "put the reader's letter, starting with `Q.`, before the answer"))
        elif answered:
            column.issues.append(Issue(
                part.line, "error", f"a second answer follows answer {len(column.exchanges)}",
                "start the next reader's letter with `Q.`, or join the two answers by removing this `A.`"))
        else:
            column.exchanges.append(SourceExchange(len(column.exchanges) + 1, letter, part))
            answered = True
    if letter and not answered:
        column.issues.append(_unanswered(letter))


def _unanswered(letter):
    return Issue(letter.line, "error", "this reader's letter has no answer",
                 "add the answer after the letter, starting with `A.` at the start of a paragraph")
