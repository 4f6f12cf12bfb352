"""``POST /comments``: a reader's comment on a column, stored apart from letters under
``SUBMISSIONS_DIR/comments/YYYY-MM/`` (one JSON file each, with the id the editors decide it by),
then ``303`` back to the page it was sent from, at its "awaits moderation" notice."""

import logging
import re
import secrets
from datetime import datetime, timezone

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse

from ..comments.files import COLUMN_ID, ID, NAME_LENGTH
from . import guard, storage

logger = logging.getLogger(__name__)

#: The comment forms' fields (theme/templates/comments_macros.html) -> most characters each; the
#: body's limit is ``COMMENT_MAX_LENGTH``.
LIMITS = {"column": 220, "parent": 80, "page": 500, "name": NAME_LENGTH, "email": 254, "body": None,
          "_gotcha": 1000}
#: A page of the site to send the reader back to: a relative URL path, nothing that leaves the site.
PAGE = re.compile(r"^(?!/)(?!.*//)[A-Za-z0-9._~%/-]*$")
#: Where on that page: the notice that the comment awaits moderation.
NOTICE = "#comment-pending"


def refuse(title, message):
    return guard.Refusal(400, title, message)


def checked(fields):
    """The fields of a storable comment, or a 400 :class:`~.guard.Refusal` saying what is wrong."""
    if not COLUMN_ID.match(fields.get("column", "")) or not PAGE.match(fields.get("page", "")):
        raise refuse("Not from a column", "The comment does not say which column it is on. Send it from the "
                                          "comment form under the column.")
    if fields.get("parent") and not ID.match(fields["parent"]):
        raise refuse("Not a reply to a comment", "The comment replies to no comment of this column. Send it "
                                                 "again from the column's page.")
    for name, what in (("name", "name to show"), ("body", "text")):
        if not fields.get(name, "").strip():
            raise refuse(f"No {what}", f"The comment has no {what}. Write it, then send the comment again.")
    return fields


async def receive(request):
    config, rate, words = request.app.state.config, request.app.state.comment_rate, guard.COMMENT
    guard.check_origin(request.headers, config.origins, words)
    rate.check(request.client.host if request.client else "")
    guard.check_content_type(request.headers, words)
    body = await guard.read_body(request, config.max_bytes, words)
    fields = checked(guard.parse_form(body, {**LIMITS, "body": config.comment_length}, words))
    now = datetime.now(timezone.utc)
    comment = {name: fields.get(name, "") for name in LIMITS}
    comment["id"] = secrets.token_hex(6)
    comment["received"] = now.isoformat()
    await run_in_threadpool(storage.store, config.submissions / "comments", [comment], now)
    logger.info("%s stored (%d bytes)", "spam comment (honeypot)" if comment["_gotcha"].strip() else "comment",
                len(body))
    return RedirectResponse(f"{config.site}/{fields['page']}{NOTICE}", status_code=303)
