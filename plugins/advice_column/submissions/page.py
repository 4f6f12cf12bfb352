"""``queue.html``: the editors' page, self-contained (inline CSS, no script, no request).

Everything from a submission reaches the page through Jinja2 with autoescaping,
as text. Links to columns are absolute (``SITEURL`` + ``ARTICLE_URL``) when the
settings give a ``SITEURL``, otherwise relative links from ``EDITORIAL_DIR``
to the column's file in the local build (``OUTPUT_PATH`` + ``ARTICLE_SAVE_AS``).
"""

import os
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..columns import editor_note

TEMPLATES = Path(__file__).parent / "templates"


def column_linker(settings, editorial):
    """``slug -> href`` for a column, as the module docstring describes."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    if siteurl:
        pattern = settings.get("ARTICLE_URL") or "{slug}.html"
        return lambda slug: f"{siteurl}/{pattern.format(slug=slug)}"
    output = Path(settings.get("OUTPUT_PATH") or "output").resolve()
    pattern = settings.get("ARTICLE_SAVE_AS") or "{slug}.html"
    here = Path(editorial).resolve()
    return lambda slug: Path(os.path.relpath(output / pattern.format(slug=slug), here)).as_posix()


def render(document, details, consents, settings, editorial, topic_name=str, identifying=None, comments=()):
    """The page's HTML. ``details``/``consents``: id -> rejection detail / consent flag;
    ``topic_name``: a topic slug's display name; ``identifying``: id -> what `make draft` would
    replace and leave to check (``(replaced, to_check)``, as the draft's editor's note counts);
    ``comments``: the pending comments per column, ``[(column or None, [comments.pending.Received, …]), …]``."""
    identifying = identifying or {}
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                              trim_blocks=True, lstrip_blocks=True)
    groups, rejected, copies = defaultdict(list), [], defaultdict(list)
    for entry in document["submissions"]:
        found = identifying.get(entry["id"])
        item = {**entry, "detail": details.get(entry["id"]), "consent": consents.get(entry["id"]),
                "received_label": label(entry["received"]),
                "identifying": editor_note.summary(*found) if found else None}
        if entry["status"] == "rejected":
            rejected.append(item)
            continue
        groups[entry["topics"][0] if entry["topics"] else ""].append(item)
        if entry["duplicate_of"]:
            copies[entry["duplicate_of"]].append(entry["id"])
    for items in groups.values():
        items.sort(key=lambda item: item["id"])
        items.sort(key=newest_first)
    ordered = sorted(((topic_name(slug) if slug else "", items) for slug, items in groups.items()),
                     key=lambda group: (group[0] == "", group[0].casefold()))
    return environment.get_template("queue.html").render(
        generated=document["generated"], counts=document["counts"], groups=ordered, rejected=rejected,
        copies=copies, column_url=column_linker(settings, editorial), topic_name=topic_name, comments=comments,
        comment_count=sum(len(items) for _column, items in comments))


def newest_first(item):
    """Sort key: the latest received first, letters without a date last."""
    received = item["received"]
    return -datetime.fromisoformat(received).timestamp() if received else float("inf")


def label(received):
    """``2024-03-05 09:00 -05:00`` for an ISO timestamp; "no date" without one."""
    if not received:
        return "no date"
    moment = datetime.fromisoformat(received)
    return moment.strftime("%Y-%m-%d %H:%M ") + moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]
