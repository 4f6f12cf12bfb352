"""``make notify``: send the reply notices that are due (``make approve`` sends them too).

    python -m advice_column --conf pelicanconf.py notify --content content --submissions submissions \
        --editorial editorial --publishconf publishconf.py [--stop reader@example.org]

The notices use the public build's settings (``--publishconf``, as `make publish`
reads them: its ``SITEURL`` makes the links, ``NOTICE_*`` the mail server). Each
notice sent is recorded at once; each one that fails is one line naming the reply's
file, what went wrong and what to do, and is sent by a later run. ``--stop`` keeps
an address from every later notice (its owner asked for no more).
"""

import os
from dataclasses import replace
from datetime import datetime, timezone

from .. import diagnostics
from ..settings import SettingsError, load
from . import mail
from .notices import Record, RecordError, due, locked, usable


def add_arguments(parser, moderating=False):
    if not moderating:
        parser.add_argument("--content", default="content", help="the site's content folder")
        parser.add_argument("--submissions", default="submissions", help="where the receiver stores comments")
        parser.add_argument("--editorial", default="editorial", help="the private editorial folder")
        parser.add_argument("--stop", default="", help="an address that gets no more notices")
    parser.add_argument("--publishconf", default="publishconf.py",
                        help="the public build's settings: its SITEURL and mail server")


def send_due(args, severity, received=None):
    """Send every notice due; the number that failed (or could not be tried). ``severity``: of the
    failure lines (``warning`` when approving, which stands whatever happens here); ``received``:
    the stored comments by id, when read already (their problems reported once)."""
    if not os.path.isfile(args.publishconf):
        diagnostics.log(diagnostics.Problem(args.publishconf, None, severity, "no such settings file: no reply "
                                            "notice was sent", "give the public build's settings, e.g. "
                                            "PUBLISHCONF=publishconf.py"))
        return 1
    try:
        settings = load(args.publishconf)
    except SettingsError:  # each problem is reported
        return 1
    with locked(args.editorial):  # another run's notices are recorded before these are found
        try:
            record = Record(args.editorial)
        except RecordError as error:
            diagnostics.log(replace(error.problem, severity=severity))
            return 1
        notices = due(args.content, args.submissions, args.editorial, settings, record, received)
        if not notices:
            if severity == "error":
                print("No reply notice is due")
            return 0
        if not settings["NOTICE_SMTP_HOST"]:
            print(f"{diagnostics.plural(len(notices), 'reply notice')} not sent: no mail server is set "
                  "(NOTICE_SMTP_HOST); set NOTICE_SMTP_HOST and NOTICE_FROM in pelicanconf.py "
                  "(docs/comments.md#reply-notices), then `make notify` sends them")
            return len(notices) if severity == "error" else 0
        return deliver(notices, record, settings, severity)


def deliver(notices, record, settings, severity):
    """Hand ``notices`` to the mail server, recording each one sent; the number that failed."""
    def fail(notice, error):
        diagnostics.log(diagnostics.Problem(
            notice.path, None, severity, f"the reply notice for comment {notice.reply.id} was not sent: {error.what}",
            f"{error.todo}; then `make notify` sends it"))

    sendable = []
    for notice in notices:
        if usable(notice.to):
            sendable.append(notice)
        else:  # never a notice to it: recorded, so it is said once
            record.mark_skipped(notice, "not an e-mail address")
            print(f"No reply notice for comment {notice.reply.id} ({notice.path}): the address the writer of "
                  f"{notice.parent} gave is not an e-mail address")
    failed = 0
    try:
        with mail.Server(settings) as server:
            for notice in sendable:
                try:
                    server.send(mail.message(notice, settings, datetime.now(timezone.utc)), notice.to)
                except mail.NoticeError as error:
                    failed += 1
                    fail(notice, error)
                    continue
                record.mark_sent(notice)
                print(f"Reply notice sent for comment {notice.reply.id} (to the writer of {notice.parent})")
    except mail.NoticeError as error:  # no connection: none was sent
        for notice in sendable:
            fail(notice, error)
        return len(sendable)
    return failed


def stop(args):
    address = args.stop.strip()
    if not usable(address):
        diagnostics.log(diagnostics.Problem("notify", None, "error", f"{address!r} is not an e-mail address",
                                            "give the address as the reader wrote it, e.g. STOP=pat@example.org"))
        return 1
    try:
        stopped = Record(args.editorial).stop(address)
    except RecordError as error:
        diagnostics.log(error.problem)
        return 1
    print(f"No more reply notices to {address}" + ("" if stopped else " (asked before)"))
    return 0


def run(args, settings):
    if args.stop:
        return stop(args)
    return 1 if send_due(args, "error") else 0
