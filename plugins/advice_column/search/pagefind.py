"""Pagefind on one shard: its pages mirrored into a folder of their own, its bundle swapped in.

The mirror keeps each page at its path in the output (hard links, copies across
file systems), so result URLs are the pages' own. The new bundle replaces the
old one only once Pagefind succeeded: a failed run leaves the previous bundle.
"""

import errno
import os
import shutil
import subprocess

from pagefind.service import get_executable

#: Errors of ``os.link`` that mean "copy instead" (another file system, no hard links there).
NO_LINK = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP}


class PagefindError(Exception):
    """Pagefind could not index a shard; the message is what it said."""


def executable():
    """The Pagefind program (``PAGEFIND_BINARY_PATH``, else the ``pagefind_bin`` package's), or ``None``."""
    try:
        found = get_executable()
    except FileNotFoundError:
        return None
    return str(found) if found is not None and os.access(found, os.X_OK) else None


def version(binary):
    """``pagefind 1.5.2``, as the program says it."""
    result = subprocess.run([binary, "--version"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PagefindError(last_lines(result) or f"`{binary} --version` exited with status {result.returncode}")
    return result.stdout.strip()


def mirror(output_path, pages, site):
    """Link (or copy) each page of ``pages`` from ``output_path`` to the same place under ``site``."""
    for save_as in pages:
        target = os.path.join(site, save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        source = os.path.join(output_path, save_as)
        try:
            os.link(source, target)
        except OSError as error:
            if error.errno not in NO_LINK:
                raise
            shutil.copyfile(source, target)


def last_lines(result, count=5):
    lines = (result.stderr + result.stdout).strip().splitlines()
    return " / ".join(line.strip() for line in lines[-count:] if line.strip())


def index(binary, output_path, shard, work):
    """Index ``shard``'s pages into ``<output_path>/pagefind/<n>/``, using the scratch folder ``work``."""
    site = os.path.join(work, f"site-{shard.name}")
    bundle = os.path.join(work, f"bundle-{shard.name}")
    mirror(output_path, shard.pages, site)
    result = subprocess.run([binary, "--site", site, "--output-path", bundle, "--quiet"],
                            capture_output=True, text=True)
    shutil.rmtree(site, ignore_errors=True)
    if result.returncode != 0:
        shutil.rmtree(bundle, ignore_errors=True)
        raise PagefindError(last_lines(result) or f"exit status {result.returncode}")
    target = os.path.join(output_path, shard.bundle)
    previous = os.path.join(work, f"previous-{shard.name}")
    if os.path.exists(target):
        os.rename(target, previous)
    os.rename(bundle, target)
    shutil.rmtree(previous, ignore_errors=True)
