"""``make approve ID=…`` and ``make reject ID=…``: decide comments (one id, or several separated
by commas or spaces).

    python -m advice_column --conf pelicanconf.py approve --content content \
        --submissions submissions --editorial editorial --id "3f9a0c2b7e11 0b1c2d3e4f5a"

Approving writes the comment as a file under ``content/<COMMENTS_PATH>/<column-id>/`` (its
e-mail address left out) for the next build to publish; rejecting keeps it private, and
removes the file of a comment approved before. Every decision is kept in
``EDITORIAL_DIR/comments.json``; the receiver's files are never changed. Nothing is decided when
one of the ids is unknown. Approving then sends the reply notices that are due
(:mod:`.notify`); one that fails is reported and sent by a later run, the approval stands.
"""

import re
from pathlib import Path

from .. import diagnostics
from ..submissions.store import keep
from . import files, notify
from .pending import Decisions, read_received


def add_arguments(parser):
    parser.add_argument("--content", default="content", help="the site's content folder")
    parser.add_argument("--submissions", default="submissions", help="where the receiver stores comments")
    parser.add_argument("--editorial", default="editorial", help="the private editorial folder")
    parser.add_argument("--id", default="", help="the comment ids, separated by commas or spaces")
    notify.add_arguments(parser, moderating=True)


def fail(path, what, todo):
    diagnostics.log(diagnostics.Problem(str(path), None, "error", what, todo))
    return 1


def comment_file(content, settings, comment):
    return Path(content) / settings["COMMENTS_PATH"] / comment.column / f"{comment.id}{files.SUFFIX}"


def approve(comment, path):
    """Write ``comment`` as its file at ``path``; False when an approved file is already there."""
    if path.exists():
        return False
    text = files.dump(files.CommentFile(comment.id, comment.name, comment.received, comment.body,
                                        comment.parent or None))
    keep(path.parent, path.name, text.encode("utf-8"))
    return True


def run(args, settings):
    decision = {"approve": "approved", "reject": "rejected"}[args.command]
    ids = [each for each in re.split(r"[\s,]+", args.id or "") if each]
    folder = Path(args.submissions) / "comments"
    if not ids:
        return fail(folder, "no comment id given",
                    f"run `make {args.command} ID=<id>` with ids from the comments in editorial/queue.html")
    received = {comment.id: comment for comment in read_received(args.submissions)}
    unknown = [each for each in ids if each not in received]
    if unknown:
        return fail(folder, f"no comment has the id {', '.join(unknown)}",
                    "copy the ids from queue.html (run `make queue` to see new comments); nothing was decided")
    decisions = Decisions(args.editorial)
    for comment_id in dict.fromkeys(ids):
        comment = received[comment_id]
        path = comment_file(args.content, settings, comment)
        shown = diagnostics.display_path(path, args.content)
        if decision == "approved":
            print(f"Approved {comment_id}: {shown}" if approve(comment, path)
                  else f"Approved {comment_id} before: {shown} kept as it is")
        elif path.exists():
            path.unlink()
            print(f"Rejected {comment_id}: {shown} removed (the next build leaves it out)")
        else:
            print(f"Rejected {comment_id}: kept private")
        decisions.record(comment, decision)
    decisions.save()
    if decision == "approved":
        notify.send_due(args, "warning", received)
    return 0
