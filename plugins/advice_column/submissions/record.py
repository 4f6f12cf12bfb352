"""One submission record as the intake reads it, and its stable id."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

#: Why a record is set aside (INTERFACE.md, "The editorial queue").
REASONS = ("empty", "malformed", "too_large", "spam", "unsupported_format")


@dataclass
class Record:
    """A letter (or a rejected file or record) with where it came from.

    ``record`` is the 1-based number of the message/row/item in ``file``, or
    ``None`` for an outcome about the whole file. ``reason`` is set for a
    rejected record, with ``detail`` saying what is wrong in words.
    """

    file: str
    record: int | None
    text: str = ""
    subject: str | None = None
    signoff: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None
    received: datetime | None = None
    #: The form's consent checkbox: True, False, or None when the form has none.
    consent: bool | None = None
    reason: str | None = None
    detail: str | None = None
    #: Bytes an id is derived from when the record has no text (rejections).
    raw: bytes = field(default=b"", repr=False)

    def identity(self):
        """The content an id is derived from: sender, time and text, or the raw bytes."""
        if self.reason is None or self.text:
            parts = [(self.sender_email or "").strip().lower(),
                     self.received.isoformat() if self.received else "", normalise(self.text)]
            return "\x1f".join(parts).encode("utf-8", "surrogatepass")
        return b"\x1f".join([self.reason.encode(), self.raw])


def content_id(record):
    """A 12-hex-digit id from the record's content (never from the run or the file name)."""
    return hashlib.sha256(record.identity()).hexdigest()[:12]


def normalise(text):
    """Text reduced to what makes two letters the same: case, accents' forms, spacing, punctuation.

    >>> normalise("  Help!  My BOSS  yells. ")
    'help my boss yells'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))
