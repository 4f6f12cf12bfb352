"""`make devserver`: ``python -m advice_column.devserver`` with Pelican's own arguments.

    python -m advice_column.devserver content -o output -s pelicanconf.py -b 127.0.0.1 -p 8000

Serves the output folder at once (pages appear as the first build writes them),
builds the site, then builds it again after each batch of saved changes to the
content, the theme or the settings file; each open page reloads when its file
changed, or shows the build's errors. Ctrl-C stops it.
"""

import logging
import queue
import signal
import sys
import threading

import watchfiles
from pelican import LOG_HANDLERS, parse_arguments
from pelican.log import init as init_logging

from . import memory, server
from .session import Session

logger = logging.getLogger(__name__)


def stop(signum, frame):
    raise KeyboardInterrupt


def watch(paths, batches, ready):
    """Put each batch of changes under ``paths`` into ``batches``; ``ready`` once watching (from
    before the first build, so that no save is missed while a build runs)."""
    for changes in watchfiles.watch(*paths, yield_on_timeout=True, rust_timeout=100,
                                    raise_interrupt=False):
        ready.set()
        if changes:
            batches.put({path for _, path in changes})


def next_changes(batches):
    """The files changed since the last build: every batch waiting, in one."""
    changed = batches.get()
    while not batches.empty():
        changed |= batches.get_nowait()
    return changed


def main(argv=None):
    # Ctrl-C and SIGTERM stop it, even when started in the background (which ignores SIGINT).
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    args = parse_arguments(argv)
    init_logging(level=args.verbosity, fatal=args.fatal, name="pelican",
                 handler=LOG_HANDLERS[args.log_handler],
                 logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))
    session = Session(args)
    settings = session.settings
    hub = server.Hub()
    httpd = server.start(settings["BIND"], settings["PORT"], settings["OUTPUT_PATH"], hub)
    print(f"Serving the site at http://{settings['BIND']}:{settings['PORT']}/ and building it again "
          "on every save; open pages reload by themselves. Ctrl-C stops.", file=sys.stderr, flush=True)
    batches, ready = queue.Queue(), threading.Event()
    threading.Thread(target=watch, args=(session.watched(), batches, ready), name="devserver-watch",
                     daemon=True).start()
    ready.wait(10)
    try:
        hub.publish(session.build())
        memory.settle()
        while True:
            changed = next_changes(batches)
            print(f"-> Changed: {', '.join(sorted(changed))}", file=sys.stderr, flush=True)
            shown = {}
            for pages in session.preview(changed):
                shown.update(pages)
                hub.show(shown)
                print(f"-> Shown before the build: {', '.join(sorted(pages))}", file=sys.stderr, flush=True)
            hub.publish(session.build(changed))
            memory.settle()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
