"""``make check``: every comment file readable, and in the folder of a column."""

import os
from zoneinfo import ZoneInfo

from .. import diagnostics
from .files import column_id, read_folder


def comment_problems(content):
    """Each comment file the build could not read; each folder that no column's id names."""
    settings = content.settings
    root = os.path.join(settings["PATH"], settings["COMMENTS_PATH"])
    if not os.path.isdir(root):
        return
    ids = set()
    for source in content.columns:
        date = source.meta.pelican.get("date")
        if source.meta.slug and hasattr(date, "strftime"):
            ids.add(column_id(date, source.meta.slug, source.meta.aliases))
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if name.startswith(".") or not os.path.isdir(folder):
            continue
        if name not in ids:
            yield diagnostics.Problem(diagnostics.display_path(folder, settings["PATH"]), None, "warning",
                                      "no column has this id: its comments are not published",
                                      "name the folder after its column's date and first slug "
                                      "(e.g. 2026-11-27-why-no-updates-after-job-interview)")
        yield from read_folder(folder, settings["PATH"], ZoneInfo(settings.get("TIMEZONE") or "UTC"))[1]
