"""``make queue``: read ``SUBMISSIONS_DIR`` into the private queue in ``EDITORIAL_DIR``.

    python -m advice_column --conf pelicanconf.py queue --content content \
        --submissions submissions --editorial editorial
"""

import os
import sys
from collections import Counter
from pathlib import Path

from .. import diagnostics
from ..comments import pending
from . import identifying
from .imap import Mailbox, MailboxError, fetch
from .intake import read_folder
from .options import IntakeOptions
from .page import render
from .published import SimilarColumns, answering, read_columns
from .queue import assign_ids, build_entries, private_letters, queue_document, write_json, write_text
from .suggestions import SiteTopics

#: Rejections reported one per line (the others are counted in the summary and listed in queue.html).
REPORTED = ("malformed", "unsupported_format")


def add_arguments(parser):
    parser.add_argument("--content", default="content", help="the site's content folder")
    parser.add_argument("--submissions", default="submissions", help="the folder of raw submissions")
    parser.add_argument("--editorial", default="editorial", help="where the private queue is written")
    parser.add_argument("--imap-url", default="", help="also fetch this mailbox (default: IMAP_URL)")
    parser.add_argument("--imap-cafile", default="", help="CA bundle of the IMAP server (default: IMAP_CAFILE)")


def progress(message):
    sys.stderr.write(f"queue: {message}\n")
    sys.stderr.flush()


def inside(path, folder):
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


def refuse(path, what, todo):
    diagnostics.log(diagnostics.Problem(str(path), None, "error", what, todo))
    return 1


def run(args, settings):
    submissions, editorial, content = Path(args.submissions), Path(args.editorial), Path(args.content)
    for folder, name in ((submissions, "SUBMISSIONS_DIR"), (editorial, "EDITORIAL_DIR")):
        for public in (content, settings.get("OUTPUT_PATH") or "output"):
            if inside(folder, public):
                return refuse(folder, f"{name} is inside {public}, which is built or published",
                              f"keep {name} outside the content and output folders (the defaults are)")
    url = args.imap_url or settings.get("IMAP_URL")
    if url and fetch_mailbox(url, args.imap_cafile or settings.get("IMAP_CAFILE"), submissions):
        return 1
    if not submissions.is_dir():
        return refuse(submissions, "no submissions folder here",
                      "create it and put .eml, .mbox, .csv or .json files in it, or set SUBMISSIONS_DIR")
    return make_queue(content, submissions, editorial, settings)


def fetch_mailbox(url, cafile, submissions):
    """Fetch the mailbox into ``submissions``: 0, or 1 after one error line (the queue untouched)."""
    try:
        mailbox = Mailbox.parse(url)
    except MailboxError as error:
        return refuse("IMAP_URL", error.what, error.todo)
    try:
        done = fetch(mailbox, submissions, cafile, report=progress)
    except MailboxError as error:
        return refuse(mailbox, error.what, f"{error.todo} (the queue was not changed)")
    progress(f"{mailbox}: {done.fetched} messages fetched, {done.kept} kept before")
    return 0


def make_queue(content, submissions, editorial, settings, report=progress):
    """Read, match and write the queue; print the summary. Returns the exit status (0)."""
    options = IntakeOptions.from_settings(settings)
    records = read_folder(submissions, options, report)
    topics = SiteTopics(content, settings)
    columns = read_columns(content, settings, topics.slug)
    index = SimilarColumns(columns, limit=int(settings.get("SUBMISSION_SIMILAR_COLUMNS", 3)))
    entries = build_entries(records, answering(columns), topics.suggest, index.similar, report)
    for entry, record in zip(entries, records):
        if record.reason in REPORTED:
            where = f"record {record.record}: " if record.record else ""
            diagnostics.log(diagnostics.Problem(
                shown(submissions / record.file, content), None, "warning",
                f"{where}{record.reason}: {record.detail}", "it is listed as rejected in the queue"))
    document = queue_document(entries)
    editorial.mkdir(parents=True, exist_ok=True)
    letters = private_letters(entries, records)
    write_json(editorial / "letters.json", letters)
    write_json(editorial / "queue.json", document)
    details = {entry["id"]: record.detail for entry, record in zip(entries, records) if record.detail}
    consents = {entry["id"]: record.consent for entry, record in zip(entries, records)}
    found = identifying.counts(entries, letters, editorial, report, len(os.sched_getaffinity(0)))
    comments = pending_comments(submissions, editorial, columns)
    write_text(editorial / "queue.html",
               render(document, details, consents, settings, editorial, topics.name, found, comments))
    print(summary(document))
    waiting = sum(len(items) for _column, items in comments)
    print(f"Comments: {waiting} pending on {len(comments)} columns "
          f"({sum('spam' in ' '.join(c.signals) for _col, items in comments for c in items)} spam)")
    print(f"Wrote {editorial / 'queue.html'} and {editorial / 'queue.json'}")
    return 0


def pending_comments(submissions, editorial, columns):
    """The comments awaiting a decision, per column: ``[(column or None, [comment, …]), …]``, the
    columns in the order of their oldest comment."""
    published = {column.column_id: column for column in columns if column.status == "published"}
    waiting = pending.with_signals(pending.read_received(submissions), pending.Decisions(editorial), published)
    groups = {}
    for comment in waiting:
        groups.setdefault(comment.column, []).append(comment)
    return [(published.get(column_id), items) for column_id, items in groups.items()]


def shown(path, content):
    """``path`` from the project root when it is inside the project, else as given."""
    relative = diagnostics.display_path(path, content)
    return str(path) if relative.startswith("..") else relative


def summary(document):
    """``Queue: 12 read = 7 new + 1 answered + 2 duplicate + 2 rejected (1 spam, 1 empty)``."""
    counts = document["counts"]
    reasons = Counter(entry["reason"] for entry in document["submissions"] if entry["reason"])
    line = (f"Queue: {counts['read']} read = {counts['new']} new + {counts['answered']} answered + "
            f"{counts['duplicate']} duplicate + {counts['rejected']} rejected")
    if reasons:
        line += " (" + ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items())) + ")"
    return line
