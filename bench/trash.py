"""Old outputs set aside, not deleted, until the timed runs are over.

Some file systems skip the inodes freed in the last minutes when they allocate
new ones: ext4 without a journal (this machine's) checks each free inode's
deletion time, for at least a minute, and up to six while the inode table is not
yet written back. Deleting a build's output just before the next build then
makes that build pay for the deletion, in system time, and the more folders and
files it creates the more it pays: at 5,000 columns our cold build, which makes
a folder per column, took 1 to 6 s more system time right after `rm -rf` of the
last output than in a folder never used, plain Pelican (flat files) 0.1 s. So
the benchmark renames what it would delete into a ``.trash`` folder beside it
(a rename frees no inode) and empties every trash once its measurements are done.
"""

import shutil
import tempfile
from pathlib import Path

from .report import progress

TRASH = ".trash"


def set_aside(path):
    """Move ``path`` and its content cache (``<path>.cache``) into the trash beside them; ``path``.

    Each goes into a new folder of the trash, so a trash an interrupted run left behind is no obstacle."""
    path = Path(path)
    for each in (path, Path(f"{path}.cache")):
        if each.exists():
            trash = each.parent / TRASH
            trash.mkdir(exist_ok=True)
            each.rename(Path(tempfile.mkdtemp(prefix=f"{each.name}-", dir=trash)) / each.name)
    return path


def empty(root):
    """Delete every trash under ``root`` (the benchmark's work folder), saying so."""
    trashes = [p for p in Path(root).rglob(TRASH) if p.is_dir()]
    if trashes:
        progress(f"removing the outputs set aside during the runs ({len(trashes)} folders)")
    for trash in trashes:
        shutil.rmtree(trash, ignore_errors=True)
