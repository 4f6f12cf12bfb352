"""Reply notices: which published replies owe their parent's commenter an e-mail, and which were sent.

A notice is *due* for a reply in the content (a comment file with ``Parent``: a
reader's approved reply or the columnist's own) on a published column when the
comment it answers is published too and its writer left an e-mail address with
the receiver (``SUBMISSIONS_DIR/comments/``, the only place it is kept), the reply
is not that writer's own, it is at most ``NOTICE_MAX_AGE`` days old (from its date
or its approval, whichever is later), and no notice went out for it yet. What went
out is kept in ``EDITORIAL_DIR/notices.json``, so a notice is never sent twice and
one that failed is sent by a later run; addresses whose owner asked for no more
notices are kept there too.
"""

import fcntl
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from .. import diagnostics
from ..feeds.generator import public_base
from ..submissions.published import read_columns
from ..submissions.store import keep
from . import files
from .pending import Decisions, read_received
from .publish import page_urls
from .thread import Comment, lay_out, paginate

RECORD = "notices.json"  # in EDITORIAL_DIR
LOCK = ".notices.lock"  # in EDITORIAL_DIR: held while notices are found, sent and recorded
#: One address, nothing a mail header or an SMTP command could be split at.
ADDRESS = re.compile(r"^[^\s@,;:<>()\[\]\\\"']{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z0-9-]{2,63}$")


@dataclass(frozen=True)
class Notice:
    """One reply notice: ``reply`` (a :class:`~.files.CommentFile`) to the writer of ``parent``, at ``to``."""

    reply: files.CommentFile
    parent: str
    column: str
    title: str
    to: str
    #: The reply's permalink on the public site.
    link: str
    #: The reply's file, as editors name it (``content/comments/<column-id>/<id>.md``).
    path: str
    #: The name shown with the reply (``AUTHOR`` for the columnist's).
    who: str


def usable(address):
    """True when ``address`` is one plain e-mail address a notice can go to."""
    return bool(ADDRESS.match(address))


class RecordError(Exception):
    """``notices.json`` cannot be read: its :class:`~advice_column.diagnostics.Problem`."""

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


class Record:
    """``EDITORIAL_DIR/notices.json``: ``sent`` (reply id -> parent, column, when), ``skipped`` (reply id ->
    why no notice can go out) and ``stopped`` (addresses that get no more notices)."""

    def __init__(self, editorial):
        self.path = os.path.join(editorial, RECORD)
        try:
            with open(self.path, encoding="utf-8") as file:
                data = json.load(file)
            self.sent, self.skipped, self.stopped = dict(data["sent"]), dict(data["skipped"]), list(data["stopped"])
        except FileNotFoundError:
            self.sent, self.skipped, self.stopped = {}, {}, []
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise RecordError(diagnostics.Problem(
                self.path, None, "error", f"cannot be read ({error.__class__.__name__}: {error})",
                "restore it from a backup or repair its JSON; no notice is sent until then")) from None

    def done(self, reply_id):
        return reply_id in self.sent or reply_id in self.skipped

    def mark_sent(self, notice):
        when = now().isoformat(timespec="seconds")
        self.sent[notice.reply.id] = {"parent": notice.parent, "column": notice.column, "at": when}
        self.save()

    def mark_skipped(self, notice, why):
        self.skipped[notice.reply.id] = {"parent": notice.parent, "column": notice.column, "why": why}
        self.save()

    def stop(self, address):
        """No more notices to ``address``; False when it had asked before."""
        address = address.strip().lower()
        if address in self.stopped:
            return False
        self.stopped = sorted({*self.stopped, address})
        self.save()
        return True

    def save(self):
        data = {"sent": self.sent, "skipped": self.skipped, "stopped": self.stopped}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        keep(os.path.dirname(self.path) or ".", RECORD, text.encode("utf-8"))


@contextmanager
def locked(editorial):
    """Hold ``EDITORIAL_DIR/.notices.lock``: one run at a time finds, sends and records notices, so two
    runs at once (`make approve` by two editors) never send one twice."""
    os.makedirs(editorial, exist_ok=True)
    with open(os.path.join(editorial, LOCK), "a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        yield


def now():
    return datetime.now(timezone.utc)


def due(content, submissions, editorial, settings, record, received=None):
    """The :class:`Notice` of every reply that is owed one, oldest first. ``settings``: the public
    build's (its ``SITEURL`` makes the links); none when it shows no comments (``COMMENTS`` False).
    ``received``: the stored comments by id, when the caller has read them already."""
    if not settings["COMMENTS"]:
        return []
    if received is None:
        received = {comment.id: comment for comment in read_received(submissions)}
    decisions = Decisions(editorial)
    root = os.path.join(content, settings["COMMENTS_PATH"])
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    oldest = now() - timedelta(days=settings["NOTICE_MAX_AGE"])
    stopped = set(record.stopped)
    waiting = {}  # column id -> (its comments, [(reply, parent), ...]): found before any column is read
    for column_id in sorted(os.listdir(root)) if os.path.isdir(root) else ():
        found, _ = files.read_folder(os.path.join(root, column_id), content, zone)  # `make check` reports the rest
        published = {item.id for item in found}
        for reply in found:
            parent = received.get(reply.parent)
            if (not parent or reply.parent not in published or record.done(reply.id)
                    or not parent.email.strip() or parent.email.strip().lower() in stopped):
                continue
            own = received.get(reply.id)
            if own and own.who() == parent.who():
                continue  # a reply to one's own comment
            approved = decisions.entries.get(reply.id, {}).get("at")
            latest = max(reply.date, datetime.fromisoformat(approved) if approved else reply.date)
            if latest >= oldest:
                waiting.setdefault(column_id, (found, []))[1].append((reply, parent))
    if not waiting:
        return []
    columns = {column.column_id: column for column in read_columns(content, settings)
               if column.status == "published"}
    base, author = public_base(settings), settings.get("AUTHOR") or "The columnist"
    notices = []
    for column_id, (found, replies) in waiting.items():
        column = columns.get(column_id)
        if column is None:
            continue  # not published (a draft, withdrawn): no page to link to
        links = permalinks(found, settings, column.slug)
        for reply, parent in replies:
            notices.append(Notice(
                reply=reply, parent=parent.id, column=column_id, title=column.title, to=parent.email.strip(),
                link=f"{base}/{links[reply.id]}", who=reply.name or author,
                path=diagnostics.display_path(
                    os.path.join(root, column_id, f"{reply.id}{files.SUFFIX}"), content)))
    return sorted(notices, key=lambda notice: (notice.reply.date, notice.reply.id))


def permalinks(found, settings, slug):
    """``{comment id: its URL path}`` for a column's comments ``found``, paginated as its pages are."""
    comments = [Comment(item.id, item.name, item.date, "", item.columnist, item.parent) for item in found]
    paginate(lay_out(comments), settings["COMMENTS_PER_PAGE"], settings["ARTICLE_URL"].format(slug=slug),
             page_urls(settings, slug))
    return {comment.id: comment.url for comment in comments}

