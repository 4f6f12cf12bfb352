"""E-mail submissions: single messages (``.eml``) and mailboxes (``.mbox``).

Parsed with the standard library's ``email`` (modern policy). A mailbox is
split on its ``From `` lines exactly as ``mailbox.mbox`` does, but by our own
read-only reader: ``mailbox.mbox`` opens files for writing, and raw submissions
are never opened for writing.
"""

import codecs
import re
from email import message_from_bytes
from email.errors import MissingHeaderBodySeparatorDefect
from email.header import decode_header, make_header
from email.policy import default
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from .record import Record
from .text import clean_letter, html_to_text, one_line, split_signoff, tidy, unwrap_forward

_QUOTED_FROM = re.compile(rb">+From ")
_FIELD = re.compile(rb"^[!-9;-~]+:")
_AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto-response|"
    r"away from (the )?office|abwesenheitsnotiz|réponse automatique)", re.IGNORECASE)


def read_eml(path, rel, options):
    """The one letter in a ``.eml`` file."""
    with open(path, "rb") as file:
        data = file.read()
    if not data.strip():
        return [Record(rel, None, reason="empty", detail="the file is empty", raw=data)]
    return [letter(data, rel, 1, options)]


def read_mbox(path, rel, options, progress=None):
    """One letter per message of an mbox file, numbered from 1."""
    records = []
    with open(path, "rb") as file:
        messages = split_mbox(file)
        preamble = next(messages)
        if preamble.strip():
            file.seek(0)
            return [Record(rel, None, reason="malformed", raw=file.read(),
                           detail="text before the first 'From ' line: not an mbox mailbox "
                                  "(save single messages as .eml)")]
        for number, data in enumerate(messages, 1):
            records.append(letter(data, rel, number, options))
            if progress and number % 10000 == 0:
                progress(f"{rel}: {number} messages read")
    if not records:
        return [Record(rel, None, reason="empty", detail="the mailbox holds no message")]
    return records


def split_mbox(file):
    """Yield the bytes before the first message, then each message (``>From`` unquoted)."""
    current = []
    for line in file:
        if line.startswith(b"From "):
            yield b"".join(current)
            current = []
        else:
            current.append(line[1:] if _QUOTED_FROM.match(line) else line)
    yield b"".join(current)


def letter(data, rel, number, options):
    """The letter in one message's bytes, or a rejection saying why not."""
    message = message_from_bytes(data, policy=default)
    if any(isinstance(defect, MissingHeaderBodySeparatorDefect) for defect in message.defects):
        message = message_from_bytes(refold(data), policy=default)
    if not list(message.keys()):
        return Record(rel, number, reason="malformed", raw=data,
                      detail="no e-mail header (From, Date, Subject…) found: not an e-mail message")
    outer_subject = header(message, "subject")
    if is_auto_reply(message, outer_subject):
        return Record(rel, number, reason="spam", raw=data, subject=one_line(outer_subject),
                      detail="an automatic reply (out of office, auto-responder)")
    message = forwarded_letter(message)
    name, address = sender(message)
    subject = one_line(header(message, "subject")) or None
    received = when(header(message, "date"), options)
    body = body_text(message, options.max_bytes)
    if body is None:
        return Record(rel, number, reason="too_large", raw=data, subject=subject,
                      sender_name=name, sender_email=address, received=received,
                      detail=f"the text is over SUBMISSION_MAX_BYTES ({options.max_bytes} bytes)")
    body, forwarded = unwrap_forward(tidy(body))
    if forwarded:
        name, address = parse_sender(forwarded.get("from", "")) if forwarded.get("from") else (name, address)
        subject = one_line(forwarded.get("subject")) or subject
        received = when(forwarded.get("date") or forwarded.get("sent"), options) or received
    text, signoff = split_signoff(clean_letter(body))
    record = Record(rel, number, text=text, subject=subject, signoff=signoff, sender_name=name,
                    sender_email=address, received=received, raw=data)
    if not text:
        record.reason, record.detail = "empty", "the message has no text of its own"
    return record


def refold(data):
    """Headers folded without the leading space (some mailers, and Python's own
    ``EmailMessage`` on odd names, write them): a line in the header block that is
    no field but is followed by more fields is read as a continuation line."""
    lines = data.split(b"\n")
    end = next((number for number, line in enumerate(lines) if not line.strip(b"\r")), len(lines))
    fields = [number for number in range(end) if _FIELD.match(lines[number])]
    if not fields or fields[0] != 0:
        return data
    for number in range(end):
        if number < fields[-1] and not _FIELD.match(lines[number]) and not lines[number][:1] in (b" ", b"\t"):
            lines[number] = b" " + lines[number]
    return b"\n".join(lines)


def header(message, name):
    """A header's decoded text; never raises on broken encodings (falls back to the raw value)."""
    try:
        value = message.get(name)
        return None if value is None else str(value)
    except Exception:  # noqa: BLE001 - the email package raises many kinds on hostile headers
        for key, raw in message.raw_items():
            if key.lower() == name:
                try:
                    return str(make_header(decode_header(raw)))
                except Exception:  # noqa: BLE001
                    return raw.encode("ascii", "replace").decode("ascii")
        return None


def is_auto_reply(message, subject):
    """Auto-responders mark themselves (RFC 3834 and vendors' headers) or say so in the subject."""
    auto = (header(message, "auto-submitted") or "no").strip().lower()
    precedence = (header(message, "precedence") or "").strip().lower()
    return (auto != "no" or header(message, "x-autoreply") is not None
            or header(message, "x-autorespond") is not None
            or precedence in ("bulk", "junk", "auto_reply")
            or bool(_AUTO_SUBJECT.match(subject or "")))


def forwarded_letter(message):
    """A letter forwarded as an attached message is the letter; otherwise ``message`` itself."""
    for part in message.walk():
        if part is not message and part.get_content_type() == "message/rfc822":
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if inner is not None and list(inner.keys()):
                return forwarded_letter(inner)
    return message


def sender(message):
    """``(name, address)`` from the From header (either may be None)."""
    return parse_sender(header(message, "from") or "")


def parse_sender(value):
    try:
        pairs = getaddresses([value])
        name, address = pairs[0] if pairs else parseaddr(value)
    except Exception:  # noqa: BLE001
        name, address = "", ""
    return one_line(name) or None, one_line(address) or None


def when(value, options):
    """The message's date, localised to ``TIMEZONE`` when it has no zone; None when unreadable."""
    if not value:
        return None
    try:
        return options.localise(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def body_text(message, max_bytes):
    """The text of the best body part (plain, else HTML), attachments ignored; None when too large."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001
        part = None
    if part is None:
        if message.is_multipart() or message.get_content_maintype() not in ("text", ""):
            return ""
        part = message
    payload = part.get_payload(decode=True)
    if payload is None:
        payload = str(part.get_payload() or "").encode("utf-8", "replace")
    if len(payload) > max_bytes:
        return None
    text = payload.decode(charset_of(part), errors="replace")
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    if len(text.encode("utf-8", "replace")) > max_bytes:
        return None
    return text


def charset_of(part):
    """The declared charset when Python knows it, else UTF-8."""
    try:
        charset = part.get_content_charset() or "utf-8"
        codecs.lookup(charset)
        return charset
    except (LookupError, ValueError, TypeError):
        return "utf-8"
