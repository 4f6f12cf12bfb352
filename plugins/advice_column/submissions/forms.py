"""Web-form exports: CSV and JSON from the site's own ``/ask/`` form and from form backends.

Each export's columns are mapped to roles (``question``, ``subject``,
``signoff``, ``name``, ``email``, ``consent``, ``received``, ``honeypot``) by
a preset recognised from the columns, with ``SUBMISSION_FIELDS`` tried first.
Only ``question`` is required: a file without a question column is malformed
as a whole; missing optional columns never reject anything.

What is malformed:

- CSV: a row whose number of cells differs from the header's is a malformed
  record (its neighbours are read); a file the csv module cannot parse to the
  end (an unterminated quote, say) is malformed as a whole and none of its rows
  are imported, because after a quoting error row boundaries are unknowable.
- JSON: a file that is not valid JSON (truncated, say) or not one of the known
  shapes is malformed as a whole; an item that is not an object, or has no
  question field while others do, or whose question is not text, is a
  malformed record.
"""

import csv
import io
import json
import sys
from dataclasses import dataclass

from .options import ROLES, parse_time
from .record import Record
from .text import one_line, split_signoff, tidy


@dataclass(frozen=True)
class Preset:
    """How one form backend names the fields: role -> column names (lower case), in order."""

    name: str
    fields: dict
    #: Columns (lower case) whose presence identifies the backend's export.
    marks: tuple = ()


ASK_FORM = Preset("ask form", {
    "question": ["question"], "subject": ["subject"], "signoff": ["signoff"], "name": ["name"],
    "email": ["email"], "consent": ["consent"], "received": ["received", "date"],
    "honeypot": ["_gotcha"],
})
#: Netlify Forms: the CSV export and the API's JSON (fields nested under "data").
NETLIFY = Preset("Netlify Forms", {
    **ASK_FORM.fields, "question": ["question", "message", "body"],
    "received": ["created_at"], "honeypot": ["bot-field", "_gotcha"],
}, marks=("created_at", "form-name", "form_name"))
#: Formspree: "_date" on every submission, "_replyto"/"_subject" special fields.
FORMSPREE = Preset("Formspree", {
    **ASK_FORM.fields, "question": ["question", "message"], "email": ["email", "_replyto"],
    "subject": ["_subject", "subject"], "received": ["_date"], "honeypot": ["_gotcha"],
}, marks=("_date",))
#: Google Forms (the responses sheet as CSV): columns are the questions' titles.
GOOGLE_FORMS = Preset("Google Forms", {
    **ASK_FORM.fields, "question": ["question", "your question", "what is your question?"],
    "signoff": ["signoff", "sign-off", "sign off", "how should we sign your letter?"],
    "name": ["name", "your name"], "email": ["email address", "email"],
    "received": ["timestamp"], "honeypot": [],
}, marks=("timestamp",))
PRESETS = (NETLIFY, FORMSPREE, GOOGLE_FORMS)


def detect(columns):
    """The preset whose marks appear among ``columns`` (lower case), else the ask form's."""
    for preset in PRESETS:
        if any(mark in columns for mark in preset.marks):
            return preset
    return ASK_FORM


def mapping(columns, options):
    """role -> the column (as written) that holds it, from ``SUBMISSION_FIELDS`` and the preset.

    A question column not named exactly is the first whose title contains "question".
    """
    by_key = {}
    for column in columns:
        by_key.setdefault(column.strip().casefold(), column)
    preset = detect(by_key)
    found = {}
    for role in ROLES:
        for candidate in options.fields.get(role, []) + preset.fields.get(role, []):
            if candidate in by_key:
                found[role] = by_key[candidate]
                break
    if "question" not in found and "question" not in options.fields:
        titled = [column for key, column in by_key.items() if "question" in key]
        if titled:
            found["question"] = titled[0]
    return preset, found


def looked_for(options):
    names = options.fields.get("question", []) + ASK_FORM.fields["question"] + [
        name for preset in PRESETS for name in preset.fields["question"]]
    return ", ".join(dict.fromkeys(names))


def decode(data):
    """Text of an export: UTF-8 (BOM or not), UTF-16 with a BOM, Windows-1252, else UTF-8 with
    replacement characters: any bytes decode."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8-sig", errors="replace")


def read_bytes(path):
    with open(path, "rb") as file:
        return file.read()


def read_csv(path, rel, options):
    """One letter per row of a CSV export (any dialect; the first row names the columns)."""
    data = read_bytes(path)
    text = decode(data)
    if not text.strip():
        return [Record(rel, None, reason="empty", detail="the file is empty", raw=data)]
    try:
        rows, preset, fields = csv_rows(text, options)
    except csv.Error as error:
        return [Record(rel, None, reason="malformed", raw=data,
                       detail=f"not readable as CSV to the end ({error}); none of its rows were imported")]
    if fields is None:
        return [Record(rel, None, reason="malformed", raw=data,
                       detail=f"no question column (looked for: {looked_for(options)}); name the column "
                              f"in SUBMISSION_FIELDS, e.g. {{'question': 'Your letter'}}")]
    header, body = rows[0], rows[1:]
    if not body:
        return [Record(rel, None, reason="empty", detail="the export has a header but no row", raw=data)]
    records = []
    for number, (line, cells) in enumerate(body, 1):
        raw = "\x1f".join(cells).encode("utf-8", "replace")
        extra = cells[len(header):]
        if len(cells) < len(header) or any(cell.strip() for cell in extra):
            records.append(Record(rel, number, reason="malformed", raw=raw,
                                  detail=f"line {line}: {len(cells)} cells where the header has "
                                         f"{len(header)}; check the quoting of this row"))
            continue
        records.append(form_record(dict(zip(header, cells)), fields, rel, number, options, raw))
    return records


def csv_rows(text, options):
    """``(rows, preset, fields)``: rows as ``(line, cells)`` (header first), split on the
    sniffed delimiter or, when that finds no question column, on commas, semicolons or tabs."""
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    # Only the delimiter is sniffed: exports quote as Excel does, and the sniffer's
    # guesses about quoting turn a broken quote into a silently merged row.
    dialects = [{"delimiter": delimiter}] + [{"delimiter": d} for d in ",;\t" if d != delimiter]
    old_limit = csv.field_size_limit(sys.maxsize)
    try:
        for dialect in dialects:
            rows = []
            reader = csv.reader(io.StringIO(text, newline=""), csv.excel, strict=True, **dialect)
            for cells in reader:
                if cells and any(cell.strip() for cell in cells):
                    rows.append((reader.line_num, cells))
            header = [cell.lstrip("\ufeff") for cell in rows[0][1]] if rows else []
            preset, fields = mapping(header, options)
            if "question" in fields:
                return [header] + rows[1:], preset, fields
        return rows, None, None
    finally:
        csv.field_size_limit(old_limit)


def read_json(path, rel, options):
    """One letter per item of a JSON export: a list of objects, Formspree's
    ``{"submissions": [...]}`` or Netlify's API list (fields under ``"data"``)."""
    data = read_bytes(path)
    text = decode(data)
    if not text.strip():
        return [Record(rel, None, reason="empty", detail="the file is empty", raw=data)]
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        where = f"line {error.lineno}: " if isinstance(error, json.JSONDecodeError) else ""
        return [Record(rel, None, reason="malformed", raw=data,
                       detail=f"{where}not valid JSON ({error}); none of its items were imported")]
    items = document.get("submissions") if isinstance(document, dict) else document
    if not isinstance(items, list):
        return [Record(rel, None, reason="malformed", raw=data,
                       detail="not a list of submissions (expected [{...}, ...] or "
                              "{\"submissions\": [...]})")]
    if not items:
        return [Record(rel, None, reason="empty", detail="the export holds no submission", raw=data)]
    flat = [flatten(item) if isinstance(item, dict) else None for item in items]
    columns = list(dict.fromkeys(key for item in flat if item for key in item))
    preset, fields = mapping(columns, options)
    if "question" not in fields:
        return [Record(rel, None, reason="malformed", raw=data,
                       detail=f"no question field (looked for: {looked_for(options)}); name it in "
                              f"SUBMISSION_FIELDS, e.g. {{'question': 'message'}}")]
    records = []
    for number, item in enumerate(flat, 1):
        raw = json.dumps(items[number - 1], sort_keys=True, default=str).encode("utf-8", "replace")
        if item is None:
            records.append(Record(rel, number, reason="malformed", raw=raw,
                                  detail=f"item {number} is not an object"))
        elif fields["question"] not in item:
            records.append(Record(rel, number, reason="malformed", raw=raw,
                                  detail=f"item {number} has no {fields['question']!r} field"))
        elif not isinstance(item[fields["question"]], (str, int, float, type(None))):
            records.append(Record(rel, number, reason="malformed", raw=raw,
                                  detail=f"item {number}: {fields['question']!r} is not text"))
        else:
            values = {key: "" if value is None else value if isinstance(value, str) else
                      json.dumps(value) for key, value in item.items()}
            records.append(form_record(values, fields, rel, number, options, raw))
    return records


def flatten(item):
    """Netlify's API nests the form's fields under ``"data"``; they win over its summaries."""
    data = item.get("data")
    if isinstance(data, dict):
        return {**{k: v for k, v in item.items() if k != "data"}, **data}
    return item


def form_record(values, fields, rel, number, options, raw):
    """The letter in one row or item, given role -> column."""
    def value(role):
        column = fields.get(role)
        return str(values.get(column) or "") if column else ""

    question = value("question")
    subject, signoff = one_line(value("subject")), one_line(value("signoff"))
    record = Record(rel, number, subject=subject, signoff=signoff, raw=raw,
                    sender_name=one_line(value("name")), sender_email=one_line(value("email")),
                    received=parse_time(value("received"), options))
    record.consent = value("consent").strip().lower() not in ("", "no", "false", "0", "off") \
        if fields.get("consent") else None
    if value("honeypot").strip():
        record.reason, record.detail = "spam", "the hidden honeypot field was filled in (a bot)"
    elif len(question.encode("utf-8", "replace")) > options.max_bytes:
        record.reason = "too_large"
        record.detail = f"the question is over SUBMISSION_MAX_BYTES ({options.max_bytes} bytes)"
    else:
        record.text, own_signoff = split_signoff(tidy(question))
        record.signoff = record.signoff or own_signoff
        if not record.text:
            record.reason, record.detail = "empty", "the question field is empty"
    return record
