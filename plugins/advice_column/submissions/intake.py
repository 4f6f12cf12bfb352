"""Read every file under ``SUBMISSIONS_DIR`` into records: one reader per format, nothing lost.

Files are opened read-only and never changed. Hidden files (``.gitkeep``,
``.DS_Store``) are not submissions and are skipped; every other file yields
at least one record, rejected with a reason when it cannot be read.
"""

import hashlib
import logging
import os
from pathlib import Path

from . import forms, mail
from .record import Record

logger = logging.getLogger(__name__)

#: Progress is reported every this many records.
PROGRESS_EVERY = 5000

#: file extension -> reader(path, rel, options) -> list of Record
READERS = {
    ".eml": mail.read_eml,
    ".mbox": mail.read_mbox,
    ".csv": forms.read_csv,
    ".json": forms.read_json,
}


#: The receiver's folder of readers' comments in ``SUBMISSIONS_DIR``: comments, not letters.
COMMENTS_FOLDER = "comments"


def submission_files(folder):
    """Every file under ``folder`` (hidden ones and the comments folder excepted), in a stable order."""
    found = []
    for directory, subdirs, names in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".")
                            and not (directory == str(folder) and d == COMMENTS_FOLDER))
        found += [Path(directory) / name for name in names if not name.startswith(".")]
    return sorted(found, key=lambda path: path.relative_to(folder).as_posix())


def read_folder(folder, options, progress=None):
    """All records of all files under ``folder``, in file order then record order."""
    folder = Path(folder)
    records, next_report = [], PROGRESS_EVERY
    for path in submission_files(folder):
        rel = path.relative_to(folder).as_posix()
        records += read_file(path, rel, options, progress)
        if progress and len(records) >= next_report:
            progress(f"{len(records)} records read (last file: {rel})")
            next_report = (len(records) // PROGRESS_EVERY + 1) * PROGRESS_EVERY
    return records


def read_file(path, rel, options, progress=None):
    """The records of one file; a file no reader can handle is one rejected record."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        return [Record(rel, None, reason="unsupported_format", raw=file_digest(path),
                       detail=f"{path.suffix or 'no extension'} is not a submission format "
                              f"(known: {known}); convert it or move it out of the folder")]
    try:
        if reader is mail.read_mbox:
            return reader(path, rel, options, progress)
        return reader(path, rel, options)
    except Exception as error:  # noqa: BLE001 - one unreadable file never stops the intake
        logger.debug("reading %s failed", rel, exc_info=True)
        return [Record(rel, None, reason="malformed", raw=file_digest(path),
                       detail=f"could not be read ({type(error).__name__}: {error})")]


def file_digest(path):
    """The file's SHA-256, what a whole-file outcome's id is derived from."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").digest()
    except OSError as error:
        return f"unreadable: {error}".encode()
