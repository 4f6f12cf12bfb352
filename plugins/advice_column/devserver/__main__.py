"""`make devserver`: ``python -m advice_column.devserver`` with Pelican's own arguments.

    python -m advice_column.devserver content -o output -s pelicanconf.py -b 127.0.0.1 -p 8000

Serves the output folder at once (pages appear as the first build writes them),
builds the site, then builds it again after each batch of saved changes to the
content, the theme or the settings file; each open page reloads when its file
changed, or shows the build's errors. Ctrl-C stops it.
"""

import logging
import sys

import watchfiles
from pelican import LOG_HANDLERS, parse_arguments
from pelican.log import init as init_logging

from . import server
from .session import Session

logger = logging.getLogger(__name__)


def main(argv=None):
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
    try:
        hub.publish(session.build())
        for changes in watchfiles.watch(*session.watched()):
            changed = {path for _, path in changes}
            print(f"-> Changed: {', '.join(sorted(changed))}", file=sys.stderr, flush=True)
            hub.publish(session.build(changed))
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
