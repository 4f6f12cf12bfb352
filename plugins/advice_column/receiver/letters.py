"""``POST /letters``: the ask form's fields, stored as the ask form's JSON export (what
``make queue`` reads with no configuration), then ``303`` to the site's thank-you page."""

import logging
from datetime import datetime, timezone

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse

from . import guard, storage

logger = logging.getLogger(__name__)

#: The ask form's fields (theme/templates/ask.html) -> most characters each; the question's
#: limit is the body's (SUBMISSION_MAX_BYTES).
LIMITS = {"question": None, "subject": 200, "signoff": 80, "name": 200, "email": 254, "consent": 10,
          "_gotcha": 1000}


async def receive(request):
    config, rate = request.app.state.config, request.app.state.rate
    guard.check_origin(request.headers, config.origins)
    rate.check(request.client.host if request.client else "")
    guard.check_content_type(request.headers)
    body = await guard.read_body(request, config.max_bytes)
    fields = guard.parse_form(body, {**LIMITS, "question": config.max_bytes})
    if not fields.get("question", "").strip():
        raise guard.Refusal(400, "No question",
                            "The letter has no question. Write your question, then send it again.")
    now = datetime.now(timezone.utc)
    letter = {name: fields.get(name, "") for name in LIMITS}
    letter["received"] = now.isoformat()
    await run_in_threadpool(storage.store, config.submissions / "received", [letter], now)
    logger.info("%s stored (%d bytes)", "spam (honeypot)" if letter["_gotcha"].strip() else "letter", len(body))
    return RedirectResponse(config.thanks_url, status_code=303)
