"""The comments the receiver stored, and the editors' decisions on them (never part of a build).

Each comment is read from ``SUBMISSIONS_DIR/comments/`` (files never changed);
the decisions (approved, rejected) are kept in ``EDITORIAL_DIR/comments.json``,
so a comment not decided yet is *pending*. Spam signals help the moderator: the
honeypot filled in, the number of links, an e-mail address in the text, a
first-time commenter (no approved comment with the same e-mail address, or name
when there is none), a column or a parent that is not published.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .. import diagnostics
from ..submissions.store import keep
from .files import COLUMN_ID, ID

FOLDER = "comments"  # in SUBMISSIONS_DIR (the receiver's)
DECISIONS = "comments.json"  # in EDITORIAL_DIR
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@dataclass
class Received:
    """One comment as the receiver stored it."""

    id: str
    column: str
    name: str
    body: str
    received: datetime
    file: str  # relative to SUBMISSIONS_DIR
    parent: str = ""
    page: str = ""
    email: str = ""
    honeypot: str = ""
    signals: list = field(default_factory=list)

    def who(self):
        """What makes two comments the same commenter's: the e-mail address, else the name."""
        return ("email", self.email.strip().lower()) if self.email.strip() else ("name", self.name.strip().lower())


def read_received(submissions):
    """Every comment under ``submissions/comments/``, oldest first; an unreadable file is reported
    (one warning line naming it) and left where it is."""
    folder = Path(submissions) / FOLDER
    found = []
    for path in sorted(folder.glob("*/*.json")) if folder.is_dir() else ():
        if path.name.startswith("."):
            continue
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
            for item in items:
                found.append(Received(
                    id=item["id"], column=item["column"], name=item["name"], body=item["body"],
                    received=datetime.fromisoformat(item["received"]).astimezone(timezone.utc),
                    file=path.relative_to(submissions).as_posix(), parent=item.get("parent", ""),
                    page=item.get("page", ""), email=item.get("email", ""), honeypot=item.get("_gotcha", "")))
                if not (ID.match(found[-1].id) and COLUMN_ID.match(found[-1].column)):
                    raise ValueError("its id or column is not one the receiver gives")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            diagnostics.log(diagnostics.Problem(str(path), None, "warning",
                                                f"not a comment the receiver stored ({error})",
                                                "move it out of the comments folder"))
    return sorted(found, key=lambda comment: (comment.received, comment.id))


class Decisions:
    """The editors' decisions, ``id -> {"decision", "column", "at"}``, in ``EDITORIAL_DIR/comments.json``."""

    def __init__(self, editorial):
        self.path = Path(editorial) / DECISIONS
        self.entries = (json.loads(self.path.read_text(encoding="utf-8"))["decisions"]
                        if self.path.exists() else {})

    def of(self, comment_id):
        return self.entries.get(comment_id, {}).get("decision")

    def record(self, comment, decision):
        self.entries[comment.id] = {"decision": decision, "column": comment.column,
                                    "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}

    def save(self):
        data = json.dumps({"decisions": self.entries}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        keep(self.path.parent, self.path.name, data.encode("utf-8"))


def with_signals(comments, decisions, published_columns):
    """``comments`` not decided yet, each with its spam signals (words for the queue).
    ``published_columns``: column id -> title of every published column."""
    approved_ids = {c.id for c in comments if decisions.of(c.id) == "approved"}
    known = {c.who() for c in comments if c.id in approved_ids}
    pending = []
    for comment in comments:
        if decisions.of(comment.id):
            continue
        signals = []
        if comment.honeypot.strip():
            signals.append("spam: the hidden field was filled in")
        links = len(LINK.findall(comment.body))
        if links:
            signals.append(f"{links} link{'s' if links > 1 else ''}")
        if EMAIL.search(comment.body) or EMAIL.search(comment.name):
            signals.append("an e-mail address in the text or name")
        if comment.who() not in known:
            signals.append("first-time commenter")
        if comment.column not in published_columns:
            signals.append("no published column has this id")
        if comment.parent and comment.parent not in approved_ids:
            signals.append("replies to a comment not approved")
        comment.signals = signals
        pending.append(comment)
    return pending
