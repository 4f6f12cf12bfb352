"""The editorial queue: every record's outcome, as ``queue.json`` promises (INTERFACE.md).

Status, in order of precedence: ``rejected`` (with a reason), ``answered`` (a
published or hidden column lists the id in ``Submission:``), ``duplicate``
(of the earliest copy), else ``new``.
"""

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from .dedup import find_duplicates
from .record import content_id
from .text import cut

EXCERPT_CHARS = 280
STATUSES = ("new", "answered", "duplicate", "rejected")


def assign_ids(records):
    """``[(id, record)]`` in file order; a second record with the same content gets ``-2``, ``-3``…"""
    seen = {}
    numbered = []
    for record in records:
        base = content_id(record)
        seen[base] = seen.get(base, 0) + 1
        numbered.append((base if seen[base] == 1 else f"{base}-{seen[base]}", record))
    return numbered


def earliest_first(record):
    """Sort key: records with a timestamp by that time (UTC), then those without, by position."""
    moment = record.received.astimezone(timezone.utc).timestamp() if record.received else 0.0
    return (record.received is None, moment, record.file, record.record or 0)


def build_entries(records, answers, suggest, similar, progress=None):
    """One queue entry (a dict with every key of INTERFACE.md) per record, in file order."""
    numbered = assign_ids(records)
    letters = [(record_id, earliest_first(record), record.text)
               for record_id, record in numbered if record.reason is None]
    if progress:
        progress(f"looking for duplicates among {len(letters)} letters")
    duplicates = find_duplicates(letters)
    entries = []
    for count, (record_id, record) in enumerate(numbered, 1):
        entries.append(entry(record_id, record, answers, duplicates, suggest, similar))
        if progress and count % 10000 == 0:
            progress(f"{count} of {len(numbered)} records matched to topics and columns")
    return entries


def entry(record_id, record, answers, duplicates, suggest, similar):
    rejected = record.reason is not None
    if rejected:
        status = "rejected"
    elif record_id in answers:
        status = "answered"
    elif record_id in duplicates:
        status = "duplicate"
    else:
        status = "new"
    whole_file = record.record is None
    topics = [] if rejected else list(suggest(record.text))
    return {
        "id": record_id,
        "source": {"file": record.file, "record": record.record},
        "received": record.received.isoformat() if record.received else None,
        "sender": None if whole_file else {"name": record.sender_name, "email": record.sender_email},
        "subject": record.subject,
        "signoff": record.signoff,
        "excerpt": cut(record.text, EXCERPT_CHARS) if record.text else None,
        "topics": topics,
        "status": status,
        "reason": record.reason,
        "duplicate_of": duplicates.get(record_id) if status == "duplicate" else None,
        "answered_by": answers.get(record_id) if status == "answered" else None,
        "similar_columns": [] if rejected else list(similar(record.text, topics)),
    }


def counts(entries):
    """``read`` and the count of each status; ``read`` is their sum by construction."""
    tally = {status: 0 for status in STATUSES}
    for item in entries:
        tally[item["status"]] += 1
    return {"read": sum(tally.values()), **tally}


def queue_document(entries, generated=None):
    generated = generated or datetime.now(timezone.utc).replace(microsecond=0)
    return {"generated": generated.isoformat(), "counts": counts(entries), "submissions": entries}


def private_letters(numbered_entries, records):
    """What ``make draft`` needs and ``queue.json`` leaves out: each kept letter's full text."""
    return {item["id"]: {"text": record.text, "subject": record.subject, "signoff": record.signoff,
                         "sender_name": record.sender_name, "sender_email": record.sender_email}
            for item, record in zip(numbered_entries, records) if record.reason is None}


def write_text(path, text):
    """Write ``text`` to ``path`` atomically: readers never see a half-written file."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_json(path, document):
    write_text(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
