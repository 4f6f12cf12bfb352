"""A column's metadata header, checked and turned into the values the build uses.

Dates go through the reader's own ``process_metadata`` (Pelican's date parser,
read in ``TIMEZONE`` by the Article); every other value stays plain text.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from pelican.utils import SafeDatetime, slugify

from ..diagnostics import plural
from . import editor_note
from .parser import Issue

#: Every metadata key a column may have (docs/writing-columns.md).
KNOWN_KEYS = ("title", "date", "topics", "slug", "asker", "modified", "status", "summary",
              "follows", "submission", "aliases", "withdrawn", "withdrawal-note", "corrections",
              "content-note", "rerun-of", "letter-topics", "comments", editor_note.KEY)
#: The keys an editor writes (the editor's note is written by `make draft`).
WRITTEN_KEYS = tuple(key for key in KNOWN_KEYS if key != editor_note.KEY)
REQUIRED_KEYS = ("title", "date")
STATUSES = ("published", "draft", "hidden", "withdrawn")
#: What Pelican is told of a status of ours: a withdrawn column is built at its address (its
#: notice), never listed, like a hidden one.
PELICAN_STATUS = {"withdrawn": "hidden"}
#: ``YYYY-MM-DD``: the day a withdrawal or a correction was made.
DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: A line of ``Corrections`` that starts a correction: ``YYYY-MM-DD: text``.
CORRECTION = re.compile(r"(?P<day>\S+?):\s*(?P<text>.*)")
SLUG = re.compile(r"[^#\s]+")
FOLLOWS = re.compile(r"^(?P<slug>[^#\s]+)(?:#q(?P<number>[1-9][0-9]*))?$")
DATE_FORMAT_HINT = "write it as `YYYY-MM-DD HH:MM` (e.g. `2024-03-05 09:00`), optionally with an offset"


@dataclass(frozen=True)
class Correction:
    """One dated correction: the day it was made, and what was wrong and what is right (plain text)."""

    day: date
    text: str


@dataclass
class ColumnMetadata:
    """The checked metadata of one column."""

    title: str | None = None
    slug: str | None = None
    status: str = "published"
    summary: str | None = None  # Markdown source
    topic_names: list[str] = field(default_factory=list)
    askers: list[str] = field(default_factory=list)
    submissions: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    follows_slug: str | None = None
    follows_number: int | None = None
    withdrawn: date | None = None
    withdrawal_note: str | None = None
    corrections: list[Correction] = field(default_factory=list)
    correction_lines: list[int] = field(default_factory=list)  # each correction's first line
    content_notes: list[str] = field(default_factory=list)
    rerun_of: str | None = None  # the slug of the column this one reruns
    letter_topic_names: list[list[str]] = field(default_factory=list)  # per letter, as written
    #: the ``Editor-note`` left by `make draft` (its lines), None once the editor deleted it
    editor_note: str | None = None
    comments_closed: bool = False
    lines: dict[str, int] = field(default_factory=dict)
    #: what Pelican gets: title, slug, status, and the dates parsed (unknown keys are left out)
    pelican: dict = field(default_factory=dict)


def split_list(value, separator=","):
    """``"a, b,,c "`` -> ``['a', 'b', 'c']``."""
    return [item.strip() for item in value.split(separator) if item.strip()]


def make_slug(text, settings):
    """``text`` turned into a slug exactly as Pelican would turn a title into one."""
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


#: ``YYYY-MM-DD``, optionally with ``HH:MM`` or ``HH:MM:SS``: the dates editors write.
PLAIN_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ _T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def plain_date(value):
    """The date Pelican's ``get_date`` reads from ``value`` when it is a plain ISO date, else None
    (Pelican's parser, dateutil, is then used: it is slow, and most dates are plain).

    >>> plain_date("2024-03-05 09:00")
    SafeDatetime(2024, 3, 5, 9, 0)
    >>> plain_date("2024-03-05 09:00+02:00") is None
    True
    """
    match = PLAIN_DATE.fullmatch(value.strip())
    if match is None:
        return None
    try:
        return SafeDatetime(*(int(part) for part in match.groups(default="0")))
    except ValueError:
        return None  # e.g. February 30: Pelican's parser says why


def read_metadata(parsed, settings, process):
    """Check ``parsed.fields``; return ``(ColumnMetadata, [Issue])``.

    ``process(key, value)`` is the reader's ``process_metadata``: it parses dates.
    """
    meta = ColumnMetadata()
    issues = []
    seen = {}
    for f in parsed.fields:
        if f.key in seen:
            issues.append(Issue(f.line, "error", f"`{f.name}` is given twice (lines {seen[f.key]} and {f.line})",
                                "keep only one of them"))
            continue
        seen[f.key] = meta.lines[f.key] = f.line
        if f.key in KNOWN_KEYS:
            issues += _read_known(f, meta, settings, process)
        else:
            issues.append(_unknown_key(f))
    for key in REQUIRED_KEYS:
        if key not in seen:
            issues.append(Issue(parsed.fields[-1].line + 1 if parsed.fields else 1, "error",
                                f"`{key.title()}` is missing",
                                f"add a `{key.title()}:` line to the metadata at the top"
                                + (f" ({DATE_FORMAT_HINT})" if key == "date" else "")))
    if meta.title and meta.slug is None:
        meta.slug = make_slug(meta.title, settings)
        if not meta.slug:
            issues.append(Issue(meta.lines["title"], "error", "the title gives an empty slug (its URL)",
                                "add a `Slug:` line, e.g. `Slug: my-column`"))
    if meta.slug:
        meta.pelican["slug"] = meta.slug
    issues += _check_withdrawal(meta)
    issues += _check_corrections(meta)
    if meta.corrections:
        meta.pelican["modified"] = corrected(meta.pelican, max(c.day for c in meta.corrections))
    letters = len(parsed.exchanges)
    groups = len(meta.letter_topic_names)
    if groups and letters and groups != letters and meta.status != "withdrawn":
        issues.append(Issue(meta.lines["letter-topics"], "error",
                            f"`Letter-topics` has {plural(groups, 'group')} of topics for "
                            f"{plural(letters, 'letter')}",
                            "give each letter its topics, in order, separated by `;` (`salary, negotiation; "
                            "references`); leave a group empty for a letter with only the column's `Topics`"))
    if meta.editor_note is not None:
        issues += _hold_back(meta)
    if len(meta.askers) > len(parsed.exchanges) > 0:
        issues.append(Issue(meta.lines["asker"], "warning",
                            f"`Asker` has {len(meta.askers)} sign-offs for {plural(len(parsed.exchanges), 'letter')}",
                            "give one sign-off per letter, in order, separated by `;`"))
    return meta, issues


def _read_known(f, meta, settings, process):
    """Read one known field into ``meta``; return its issues."""
    value = f.value
    if f.key == "title":
        if not value:
            return [Issue(f.line, "error", "`Title` is empty", "write the column's title after `Title:`")]
        meta.title = meta.pelican["title"] = value
    elif f.key in ("date", "modified"):
        try:
            meta.pelican[f.key] = plain_date(value) or process(f.key, value)
        except (ValueError, OverflowError):
            return [Issue(f.line, "error", f"`{f.name}` is not a date: {value!r}", DATE_FORMAT_HINT)]
    elif f.key == "status":
        status = value.lower()
        if status not in STATUSES:
            return [Issue(f.line, "error", f"`Status` {value!r} is not a status",
                          "use one of " + ", ".join(STATUSES))]
        meta.status = status
        meta.pelican["status"] = PELICAN_STATUS.get(status, status)
    elif f.key == "withdrawn":
        meta.withdrawn = read_day(value)
        if meta.withdrawn is None:
            return [Issue(f.line, "error", f"`{f.name}` is not a day: {value!r}",
                          "write the day the column was withdrawn as `YYYY-MM-DD`, e.g. `2026-12-07`")]
    elif f.key == "withdrawal-note":
        meta.withdrawal_note = value or None
    elif f.key == "letter-topics":
        meta.letter_topic_names = [split_list(group) for group in value.split(";")]
    elif f.key == "rerun-of":
        if not SLUG.fullmatch(value):
            return [Issue(f.line, "error", f"`Rerun-of` {value!r} is not a column slug",
                          "write the slug of the column this one reruns, e.g. `Rerun-of: my-first-job`")]
        meta.rerun_of = value
    elif f.key == "content-note":
        meta.content_notes = split_list(value)
        if not meta.content_notes:
            return [Issue(f.line, "error", "`Content-note` is empty",
                          "name what the letter is about that a reader should know before reading it, "
                          "e.g. `Content-note: suicide, workplace harassment`, or remove the line")]
    elif f.key == "corrections":
        numbered, issues = read_corrections(value, f.line)
        meta.corrections = [correction for correction, _ in numbered]
        meta.correction_lines = [number for _, number in numbered]
        return issues
    elif f.key == "slug":
        return _read_slugs(f, [value], meta, settings)
    elif f.key == "aliases":
        return _read_slugs(f, split_list(value), meta, settings)
    elif f.key == "summary":
        meta.summary = value or None
    elif f.key == "topics":
        meta.topic_names = split_list(value)
    elif f.key == "asker":
        meta.askers = [name.strip() for name in value.split(";")]
    elif f.key == "submission":
        meta.submissions = split_list(value)
    elif f.key == editor_note.KEY:
        meta.editor_note = value
    elif f.key == "comments":
        if value.lower() not in ("open", "closed"):
            return [Issue(f.line, "error", f"`Comments` {value!r} is not `open` or `closed`",
                          "write `Comments: closed` to take no comments on this column, or leave the line out")]
        meta.comments_closed = value.lower() == "closed"
    elif f.key == "follows":
        match = FOLLOWS.match(value)
        if not match:
            return [Issue(f.line, "error", f"`Follows` {value!r} is not a column slug",
                          "write the slug of the earlier column, e.g. `Follows: my-first-job` "
                          "(or `my-first-job#q2` for its second letter)")]
        meta.follows_slug = match["slug"]
        meta.follows_number = int(match["number"]) if match["number"] else None
    return []


def read_day(value):
    """``YYYY-MM-DD`` as a :class:`date`, else None.

    >>> read_day("2026-12-07"), read_day("2026-02-30"), read_day("7 Dec")
    (datetime.date(2026, 12, 7), None, None)
    """
    match = DAY.fullmatch(value.strip())
    try:
        return date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def read_corrections(value, line):
    """``Corrections`` (its first line at ``line``) as ``([(Correction, its line)], [Issue])``: a
    line that starts with ``YYYY-MM-DD:`` starts a correction, any other continues the one before.

    >>> [c for c, _ in read_corrections("2026-12-01: Ana, not Anna.\\n2026-12-03: In\\nLyon.", 4)[0]]
    [Correction(day=datetime.date(2026, 12, 1), text='Ana, not Anna.'), \
Correction(day=datetime.date(2026, 12, 3), text='In Lyon.')]
    """
    found, issues = [], []
    todo = "write one correction a line, `YYYY-MM-DD: what was wrong and what is right`"
    for number, text in enumerate(value.split("\n"), line):
        text = text.strip()
        match = CORRECTION.fullmatch(text)
        if match and DAY.fullmatch(match["day"]):
            day = read_day(match["day"])
            if day is None:
                issues.append(Issue(number, "error", f"`Corrections` has {match['day']!r}, which is not a day", todo))
            elif not match["text"]:
                issues.append(Issue(number, "error", f"the correction of {day} says nothing", todo))
            found.append((day, [match["text"]], number))
        elif found:
            found[-1][1].append(text)
        elif text:
            issues.append(Issue(number, "error", f"`Corrections` starts without a day: {text!r}",
                                todo + ", further lines indented by four spaces"))
    return [(Correction(day, " ".join(filter(None, texts))), number)
            for day, texts, number in found if day is not None], issues


def corrected(dates, day):
    """The column's last change, ``Modified`` or the start of the latest correction's ``day``
    (not before ``Date``), whichever is later; in ``Modified``'s time zone, if it has one."""
    modified, published = dates.get("modified"), dates.get("date")
    tzinfo = modified.tzinfo if modified else published.tzinfo if published else None
    when = SafeDatetime(day.year, day.month, day.day, tzinfo=tzinfo)
    if published is not None and day == published.date() and (published.tzinfo is None) == (tzinfo is None):
        when = max(when, published)
    return max(when, modified) if modified is not None else when


def _check_corrections(meta):
    """A correction is made after the column was published."""
    published = meta.pelican.get("date")
    if published is None:
        return []
    return [Issue(number, "error", f"the correction of {correction.day} is dated before the column "
                                   f"({published.date()})", "give the day the correction was made")
            for correction, number in zip(meta.corrections, meta.correction_lines)
            if correction.day < published.date()]


def _check_withdrawal(meta):
    """A withdrawn column needs its day; the withdrawal's keys need ``Status: withdrawn``."""
    if meta.status == "withdrawn":
        if meta.withdrawn is None and "withdrawn" not in meta.lines:
            return [Issue(meta.lines["status"], "error", "a withdrawn column needs the day it was withdrawn",
                          "add a line `Withdrawn: YYYY-MM-DD` under `Status: withdrawn`")]
        return []
    return [Issue(meta.lines[key], "error", f"`{key.capitalize()}` is given but the column is not withdrawn",
                  "add `Status: withdrawn` to withdraw it, or remove the line")
            for key in ("withdrawn", "withdrawal-note") if key in meta.lines]


def _hold_back(meta):
    """A column with the editor's note is a draft, whatever its ``Status``: a warning unless it says so."""
    if meta.status in ("draft", "withdrawn"):  # a withdrawn column shows only its notice
        return []
    stated, meta.status = meta.status, "draft"
    meta.pelican["status"] = "draft"
    return [Issue(meta.lines[editor_note.KEY], "warning",
                  f"`{editor_note.NAME}` is still here, so the column is kept as a draft although its "
                  f"`Status` is {stated}",
                  "check the replacements the note lists against the letter, then delete the note (all its lines)")]


def _read_slugs(f, values, meta, settings):
    """``Slug`` (one value) or ``Aliases`` (several): each must already be a slug."""
    issues = []
    for value in values:
        proper = make_slug(value, settings)
        if value != proper:
            issues.append(Issue(f.line, "error", f"`{f.name}` {value!r} is not a slug (usable in a URL)",
                                f"write it as {proper!r}" if proper
                                else "use lower-case letters, digits and hyphens"))
        elif f.key == "slug":
            meta.slug = value
        else:
            meta.aliases.append(value)
    if f.key == "slug" and not values[0]:
        meta.slug = None
    return issues


def _unknown_key(f):
    close = difflib.get_close_matches(f.key, WRITTEN_KEYS, n=1, cutoff=0.75)
    if close:
        return Issue(f.line, "error", f"unknown metadata key `{f.name}`",
                     f"did you mean `{close[0].capitalize()}`? Known keys: "
                     + ", ".join(k.capitalize() for k in WRITTEN_KEYS))
    return Issue(f.line, "warning", f"`{f.name}` is not a column metadata key, so it is ignored",
                 "remove it, or use one of " + ", ".join(k.capitalize() for k in WRITTEN_KEYS))
