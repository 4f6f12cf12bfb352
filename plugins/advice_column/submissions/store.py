"""Raw submissions kept on disk so that a crash never leaves a partial file behind.

A file is written under a hidden temporary name in its own folder (the intake
skips hidden files), flushed to disk, renamed to its real name, and the folder
itself is flushed, so that once :func:`keep` returns, the file survives a power
cut with all its bytes. Used by the mailbox fetch and by the receiver.
"""

import os
import secrets
from pathlib import Path

#: Prefix of the temporary names; never read as submissions (hidden).
PARTIAL_PREFIX = ".partial-"


def keep(folder, name, data):
    """Write ``data`` (bytes) to ``folder/name`` atomically and durably (replacing a file of
    that name whole); return the path.

    Raises ``OSError`` (disk full, unwritable folder…) after removing any partial file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        sync_folder(folder.parent)
    partial = folder / f"{PARTIAL_PREFIX}{secrets.token_hex(8)}-{name}"
    try:
        with open(partial, "xb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.rename(partial, folder / name)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    sync_folder(folder)
    return folder / name


def sync_folder(folder):
    """Flush a folder's entries (a rename in it) to disk."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
