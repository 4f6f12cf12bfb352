"""An approved comment as a small file editors can edit: ``content/comments/<column-id>/<id>.md``.

    Name: Pat in Portland
    Date: 2026-12-07 09:40:12+00:00
    Parent: 3f9a0c2b7e11
    Columnist: yes

    The comment, in Markdown (paragraphs, emphasis, links, quotes).

The file's name (without ``.md``) is the comment's id, its anchor on the page
(``#comment-<id>``). ``Parent`` (the comment replied to) and ``Columnist``
(``yes``: the columnist's own reply, ``Name`` then optional) may be left out.
A commenter's e-mail address is never written here: it stays in the private
submission.
"""

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote

from .. import diagnostics

SUFFIX = ".md"
#: A comment's id and a column's id: what is safe as a file name and an HTML id.
ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
COLUMN_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[A-Za-z0-9%._~-]{1,200}$")
KEYS = ("name", "date", "parent", "columnist")
#: Longest display name, in characters (the receiver's limit too).
NAME_LENGTH = 80


@dataclass(frozen=True)
class CommentFile:
    """One comment as its file holds it (``body``: its Markdown)."""

    id: str
    name: str
    date: datetime
    body: str
    parent: str | None = None
    columnist: bool = False


class CommentFileError(ValueError):
    """A comment file that cannot be read: its :class:`~advice_column.diagnostics.Problem`."""

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


def column_id(date, slug, aliases=()):
    """The folder of a column's comments: the date and first slug of its feed id, which stay
    the same when the column's slug changes (``aliases``: its earlier slugs, oldest first).

    >>> column_id(datetime(2024, 3, 5, 9, 0), "pay-cut-renamed", ["pay-cut"])
    '2024-03-05-pay-cut'
    """
    # date.isoformat(): Pelican's dates format through its own strftime, 20 µs a column.
    return f"{date.date().isoformat()}-{quote(aliases[0] if aliases else slug, safe='')}"


def parse(text, path="comment.md", zone=timezone.utc):
    """The :class:`CommentFile` in ``text`` (the file at ``path``; a ``Date`` without an offset is
    in ``zone``, the site's ``TIMEZONE``); :class:`CommentFileError` naming the line when it is not one."""
    stem = path.rsplit("/", 1)[-1].removesuffix(SUFFIX)

    def fail(line, what, todo):
        raise CommentFileError(diagnostics.Problem(path, line, "error", what, todo))

    if not ID.match(stem) or stem == "pending":  # #comment-pending is the notice's anchor
        fail(None, f"{stem!r} is not a comment id", "name the file with lower-case letters, digits and "
                                                     "hyphens, ending in .md (e.g. 3f9a0c2b7e11.md)")
    lines = text.replace("\r\n", "\n").split("\n")
    fields, number = {}, 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            break
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in KEYS:
            fail(number, f"{line.strip()[:40]!r} is not a comment field",
                 "start the file with `Name:`, `Date:` and optionally `Parent:` and `Columnist: yes`, "
                 "then a blank line and the comment")
        fields[key] = (value.strip(), number)
    body = "\n".join(lines[number:]).strip()
    columnist = fields.get("columnist", ("no", 0))
    if columnist[0].lower() not in ("yes", "no"):
        fail(columnist[1], f"`Columnist` is {columnist[0]!r}", "write `Columnist: yes` or leave the line out")
    name = fields.get("name", ("", 0))[0]
    if not name and columnist[0].lower() != "yes":
        fail(fields.get("name", ("", 1))[1] or 1, "the comment has no `Name`",
             "add a `Name:` line with the name the commenter gave")
    if len(name) > NAME_LENGTH:
        fail(fields["name"][1], f"`Name` is over {NAME_LENGTH} characters", "shorten it")
    if "date" not in fields:
        fail(1, "the comment has no `Date`", "add a `Date:` line, e.g. `Date: 2026-12-07 09:40`")
    try:
        date = datetime.fromisoformat(fields["date"][0])
    except ValueError:
        fail(fields["date"][1], f"`Date` is not a date: {fields['date'][0]!r}",
             "write it as `YYYY-MM-DD HH:MM`, optionally with seconds and an offset")
    if date.tzinfo is None:
        date = date.replace(tzinfo=zone)
    parent = fields.get("parent", ("", 0))
    if parent[0] and not ID.match(parent[0]):
        fail(parent[1], f"`Parent` {parent[0]!r} is not a comment id", "write the id (file name) of the "
                                                                       "comment replied to, or leave it out")
    if not body:
        fail(number + 1, "the comment is empty", "write the comment after the blank line, or delete the file")
    return CommentFile(stem, name, date, body, parent[0] or None, columnist[0].lower() == "yes")


def read_folder(folder, content_path, zone=timezone.utc):
    """``(comments, problems)``: the :class:`CommentFile` of each readable file in ``folder`` (a
    column's), and a :class:`~advice_column.diagnostics.Problem` for each other file there."""
    comments, problems = [], []
    try:
        names = sorted(name for name in os.listdir(folder) if not name.startswith("."))
    except (FileNotFoundError, NotADirectoryError):
        return comments, problems
    for name in names:
        path = os.path.join(folder, name)
        shown = diagnostics.display_path(path, content_path)
        if not name.endswith(SUFFIX):
            problems.append(diagnostics.Problem(shown, None, "error", "not a comment: only `.md` files are read",
                                                "rename it to end in `.md`, or move it out of the comments folder"))
            continue
        try:
            with open(path, encoding="utf-8") as file:
                comments.append(parse(file.read(), shown, zone))
        except CommentFileError as error:
            problems.append(error.problem)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(diagnostics.Problem(shown, None, "error", f"cannot be read ({error})",
                                                "save it as UTF-8 text"))
    return comments, problems


def dump(comment):
    """The file text of ``comment`` (what :func:`parse` reads back)."""
    lines = []
    if comment.name:
        lines.append(f"Name: {' '.join(comment.name.split())}")
    lines.append(f"Date: {comment.date.isoformat(sep=' ', timespec='seconds')}")
    if comment.parent:
        lines.append(f"Parent: {comment.parent}")
    if comment.columnist:
        lines.append("Columnist: yes")
    return "\n".join(lines) + "\n\n" + comment.body.strip().replace("\r\n", "\n") + "\n"
