"""``make receiver``: run the letters receiver with uvicorn until stopped (Ctrl-C, SIGTERM).

    python -m advice_column --conf pelicanconf.py receiver --content content --submissions submissions \
        [--host 127.0.0.1] [--port 8001] [--rate 10]
"""

import logging
import sys
from pathlib import Path

from .. import diagnostics
from ..submissions.queue_command import inside
from ..submissions.store import PARTIAL_PREFIX
from . import config


def add_arguments(parser):
    parser.add_argument("--content", default="content", help="the site's content folder (never stored into)")
    parser.add_argument("--submissions", default="submissions", help="where letters are stored (received/)")
    parser.add_argument("--host", default="", help="address to listen on (default: RECEIVER_HOST)")
    parser.add_argument("--port", default="", help="port to listen on (default: RECEIVER_PORT)")
    parser.add_argument("--rate", default="", help="posts a minute per address (default: RECEIVER_RATE)")


def run(args, settings):
    settings = dict(settings)
    for name, value in (("RECEIVER_HOST", args.host), ("RECEIVER_PORT", args.port),
                        ("RECEIVER_RATE", args.rate)):
        if value:
            settings[name] = int(value) if value.isdigit() and name != "RECEIVER_HOST" else value
    problems = config.problems(settings)
    for each in problems:
        diagnostics.log(each)
    if problems:
        return 1
    submissions = Path(args.submissions)
    for public in (args.content, settings.get("OUTPUT_PATH") or "output"):
        if inside(submissions, public):
            diagnostics.log(diagnostics.Problem(str(submissions), None, "error",
                                                f"SUBMISSIONS_DIR is inside {public}, which is built or published",
                                                "keep it outside the content and output folders (the defaults are)"))
            return 1
    received = submissions / "received"
    leftovers = [path for folder in (received, submissions / "comments") if folder.is_dir()
                 for path in folder.glob(f"*/{PARTIAL_PREFIX}*")]
    for path in leftovers:  # posts cut off by a crash: never acknowledged, never complete
        path.unlink()
    # The web stack is loaded here only: every command's module is imported by the command line.
    import uvicorn

    from .app import create_app

    receiver = config.ReceiverConfig.from_settings(settings, submissions)
    logging.basicConfig(level=logging.INFO, format="receiver: %(message)s", stream=sys.stderr)
    logging.getLogger(__name__).info(
        "letters to %s, comments to %s, readers sent back to %s%s", received, submissions / "comments",
        receiver.thanks_url, f" ({len(leftovers)} partial files of an interrupted run removed)" if leftovers else "")
    uvicorn.run(create_app(receiver), host=settings["RECEIVER_HOST"], port=settings["RECEIVER_PORT"],
                access_log=False, proxy_headers=True, server_header=False, log_level="info")
    return 0
