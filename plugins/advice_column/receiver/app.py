"""The receiver's web application: its endpoints, and a plain page for every refusal."""

import html
import logging

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from . import comments, guard, letters, storage
from .config import ReceiverConfig

logger = logging.getLogger(__name__)

HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
           "Referrer-Policy": "no-referrer"}
PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}}</style></head>
<body><h1>{title}</h1><p>{message}</p><p><a href="{back}">{back_label}</a></p></body>
</html>
"""


def page(request, status, title, message):
    config = request.app.state.config
    back = ((config.site + "/", "Back to the site") if request.url.path == "/comments"
            else (config.ask_url, "Back to the ask page"))
    text = PAGE.format(title=html.escape(title), message=html.escape(message), back=html.escape(back[0]),
                       back_label=back[1])
    return HTMLResponse(text, status_code=status, headers=HEADERS)


async def refused(request, refusal):
    logger.info("%s %s refused: %s", request.method, request.url.path, refusal.status)
    return page(request, refusal.status, refusal.title, refusal.message)


async def not_stored(request, error):
    noun = "comment" if request.url.path == "/comments" else "letter"
    return page(request, 503, f"{noun.capitalize()} not sent",
                f"The column cannot store {noun}s just now. Your {noun} was not kept: please send it again "
                "in a few minutes.")


async def cut_off(request, error):
    """The sender went away before its post was whole: nothing stored, no one to answer."""
    logger.info("%s %s cut off by the sender", request.method, request.url.path)
    return Response(status_code=400)


def create_app(config: ReceiverConfig):
    """The receiver for ``config``: ``POST /letters`` and ``POST /comments``."""
    app = Starlette(
        routes=[Route("/letters", letters.receive, methods=["POST"]),
                Route("/comments", comments.receive, methods=["POST"])],
        exception_handlers={guard.Refusal: refused, storage.StorageError: not_stored, ClientDisconnect: cut_off},
    )
    app.state.config = config
    app.state.rate = guard.RateLimit(config.rate)
    app.state.comment_rate = guard.RateLimit(config.rate, words=guard.COMMENT)
    return app
