"""An anonymised draft column from one queued letter (``make draft ID=…``).

The draft follows the column format (INTERFACE.md): metadata lines (its own
``Slug``, so that drafts of letters with one subject never share a URL), a blank
line, ``Q.`` and the letter, the reader's sign-off line, ``A.`` and a
placeholder. Every metadata value is one line (a header with embedded line
breaks cannot add a metadata line), and the letter is escaped so that it stays
text: HTML is entity-escaped, Markdown link brackets are escaped, and a
paragraph that starts like ``A.`` cannot start an answer.
"""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from ..columns import editor_note
from ..columns.metadata import make_slug
from ..columns.parser import MARKERS, SIGNOFF
from .anonymise import anonymise_letter
from .text import one_line

NEUTRAL_ASKER = "A Reader"
ANSWER_PLACEHOLDER = "A. (The answer goes here.)"
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def subject_of(subject):
    """The subject without "Re:"/"Fwd:" prefixes, or None."""
    return _REPLY_PREFIX.sub("", subject) if subject else None


#: How many characters of the submission id end a draft's slug (as Git shortens a commit id).
SHORT_ID = 7


def slug_for(title, submission_id, settings, unique=False):
    """The draft's slug: the title's, ``submission-<id>`` without a title. ``unique`` (another
    column already has the title's slug) adds the id's first :data:`SHORT_ID` characters.

    >>> from pelican.settings import DEFAULT_CONFIG
    >>> slug_for("Ghosted after the interview?", "3f9a0c2b7e11", DEFAULT_CONFIG)
    'ghosted-after-the-interview'
    >>> slug_for("Ghosted after the interview?", "3f9a0c2b7e11", DEFAULT_CONFIG, unique=True)
    'ghosted-after-the-interview-3f9a0c2'
    """
    slug = make_slug(title, settings) if title else ""
    if not slug:
        return f"submission-{submission_id}"
    return f"{slug}-{submission_id[:SHORT_ID]}" if unique else slug


def markdown_text(paragraph):
    """Reader text made inert in Markdown: HTML and link brackets escaped, and a line that the
    column parser would read as a ``Q.``/``A.`` marker or a sign-off starts with a character
    reference instead (it renders the same).

    >>> markdown_text("A. <b>[x]</b>")
    '&#65;. &lt;b&gt;\\\\[x\\\\]&lt;/b&gt;'
    """
    paragraph = html.escape(paragraph, quote=False).replace("[", "\\[").replace("]", "\\]")
    return "\n".join(f"&#{ord(line[0])};{line[1:]}" if line and structural(line) else line
                     for line in paragraph.split("\n"))


def structural(line):
    """Whether the column parser would read ``line`` as a marker or a sign-off."""
    return bool(MARKERS["letter"].match(line) or MARKERS["answer"].match(line) or SIGNOFF.match(line))


def anonymised(entry, letter):
    """The :class:`~.anonymise.Anonymised` letter of queue ``entry``: subject, text and sign-off."""
    return anonymise_letter(letter.get("text") or "", subject=subject_of(entry.get("subject") or letter.get("subject")),
                            signoff=letter.get("signoff"), names=[letter.get("sender_name") or ""],
                            emails=[letter.get("sender_email") or ""])


def compose(submission_id, entry, letter, settings, now=None, unique=False):
    """``(slug, text)`` of the draft column for queue ``entry`` and its private ``letter``
    (``unique``: see :func:`slug_for`). The metadata starts with the editor's note
    (:mod:`~advice_column.columns.editor_note`) listing what was replaced and what to check."""
    found = anonymised(entry, letter)
    title = one_line(found.subject, limit=120)
    slug = slug_for(title, submission_id, settings, unique)
    asker = one_line(found.signoff, limit=80) or NEUTRAL_ASKER
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    now = (now or datetime.now(zone)).astimezone(zone)
    metadata = [
        ("Title", title or f"Reader question {submission_id}"),
        ("Slug", slug),
        ("Date", now.strftime("%Y-%m-%d %H:%M")),
        ("Status", "draft"),
        ("Submission", submission_id),
        ("Topics", ", ".join(filter(None, (one_line(topic) for topic in entry.get("topics") or [])))),
        ("Asker", asker),
    ]
    lines = editor_note.lines([(one_line(r.original), one_line(r.placeholder)) for r in found.replacements],
                              [one_line(text) for text in found.unsure])
    lines += [f"{key}: {one_line(value)}" for key, value in metadata if one_line(value)]
    paragraphs = [markdown_text(paragraph.strip()) for paragraph in re.split(r"\n\s*\n", found.text)
                  if paragraph.strip()]
    body = ["Q. " + (paragraphs[0] if paragraphs else ""), *paragraphs[1:],
            f"— {markdown_text(asker)}", ANSWER_PLACEHOLDER]
    return slug, "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"
