"""``make new TITLE="…"``: a new draft column skeleton in the columns folder; prints its path."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from .. import diagnostics
from ..diagnostics import Problem, display_path
from .index import ColumnIndex
from .metadata import make_slug
from .reader import ColumnReader

#: The skeleton: a draft whose empty `Topics:` is reported until the editor fills it.
SKELETON = """\
Title: {title}
Date: {date}
Slug: {slug}
Status: draft
Topics:
Asker:

Q. The reader's letter.

A. The answer.
"""


def add_arguments(parser):
    parser.add_argument("--content", default="content", help="the content folder (default: content)")
    parser.add_argument("--title", required=True, help="the new column's title")


def unique_slug(title, settings, taken):
    """The title's slug, with ``-2``, ``-3``… added while it is ``taken`` (or its file exists)."""
    base = make_slug(title, settings) or "column"
    folder = os.path.join(settings["PATH"], settings["ARTICLE_PATHS"][0])
    slug, n = base, 1
    while slug in taken or os.path.exists(os.path.join(folder, f"{slug}.md")):
        n += 1
        slug = f"{base}-{n}"
    return slug, os.path.join(folder, f"{slug}.md")


def run(args, settings):
    title = " ".join(args.title.split())  # one line: a title can never add metadata
    settings = {**settings, "PATH": os.path.abspath(args.content)}
    if not title:
        folder = os.path.join(settings["PATH"], settings["ARTICLE_PATHS"][0])
        diagnostics.log(Problem(display_path(folder, settings["PATH"]), None, "error", "no title given",
                                'run `make new TITLE="Why no updates after my interview?"` with the title'))
        return 2
    index = ColumnIndex.scan(settings, ColumnReader(settings).process_metadata)
    taken = {s.meta.slug for s in index.sources.values()} | {a for s in index.sources.values()
                                                              for a in s.meta.aliases}
    slug, path = unique_slug(title, settings, taken)
    date = datetime.now(ZoneInfo(settings["TIMEZONE"])).strftime("%Y-%m-%d %H:%M")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as f:  # never overwrites
            f.write(SKELETON.format(title=title, date=date, slug=slug))
    except FileExistsError:
        diagnostics.log(Problem(display_path(path, settings["PATH"]), None, "error",
                                "already exists, nothing was written", "run `make new` again: it picks a free name"))
        return 1
    print(display_path(path, settings["PATH"]))
    return 0
