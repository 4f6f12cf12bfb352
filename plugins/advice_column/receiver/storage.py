"""One JSON file per post under a folder's ``YYYY-MM/`` (letters: ``SUBMISSIONS_DIR/received/``), written atomically and
durably (:func:`submissions.store.keep`) before the sender is told it arrived. The receiver
never reads back or serves what it stored."""

import json
import logging
import secrets
from datetime import datetime, timezone

from ..submissions.store import keep

logger = logging.getLogger(__name__)


class StorageError(Exception):
    """The post could not be stored (disk full, folder unwritable): nothing of it was kept."""


def store(folder, items, now=None):
    """Keep ``items`` (a list of dicts: a form export's format) as a new JSON file in
    ``folder/<year>-<month>/``; its path."""
    now = now or datetime.now(timezone.utc)
    month = folder / now.strftime("%Y-%m")
    name = f"{now.strftime('%Y%m%dT%H%M%S.%fZ')}-{secrets.token_hex(4)}.json"
    data = (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    try:
        return keep(month, name, data)
    except OSError as error:
        logger.error("storing a post in %s failed: %s", month, error.strerror or error)
        raise StorageError(str(error)) from None
