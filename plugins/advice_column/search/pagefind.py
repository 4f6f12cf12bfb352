"""Pagefind on one shard: the output folder indexed through a glob of the shard's pages, its bundle
swapped in once Pagefind is done.

Pagefind reads the glob from a configuration file (``pagefind.json`` in the folder
it runs in): a shard's glob is too long for one command-line argument. The pages
are indexed where they are, so result URLs are their own. The new bundle replaces
the old one only once Pagefind succeeded: a failed run leaves the previous bundle.
"""

import json
import os
import posixpath
import re
import shutil
import subprocess


#: Characters with a meaning in Pagefind's globs (the ``wax`` crate's syntax), escaped in a path.
GLOB_SPECIAL = re.compile(r"([?*$:<>()\[\]{},\\])")


class PagefindError(Exception):
    """Pagefind could not index a shard; the message is what it said."""


def executable():
    """The Pagefind program (``PAGEFIND_BINARY_PATH``, else the ``pagefind_bin`` package's, else
    ``pagefind`` on the ``PATH``), or ``None``. As the ``pagefind`` package finds it, without
    importing its indexing service (and ``asyncio`` with it) into every build."""
    found = os.environ.get("PAGEFIND_BINARY_PATH")
    if found is None:
        try:
            from pagefind_bin import get_executable

            found = get_executable()
        except (ImportError, FileNotFoundError):
            found = shutil.which("pagefind")
    return str(found) if found is not None and os.access(found, os.X_OK) else None


def version(binary):
    """``pagefind 1.5.2``, as the program says it."""
    result = subprocess.run([binary, "--version"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PagefindError(last_lines(result) or f"`{binary} --version` exited with status {result.returncode}")
    return result.stdout.strip()


def glob(pages):
    r"""A Pagefind glob that matches exactly ``pages`` (paths relative to the output), from the folder
    they share, and with the file name they share after the alternatives: Pagefind walks only that
    folder (over the whole output, each shard walked the bundles of the shards before it too, and the
    search step grew with the square of the archive).

    >>> glob(["columns/a/index.html", "columns/b{1,2}/index.html"])
    'columns/{a,b\\{1\\,2\\}}/index.html'
    >>> glob(["about/index.html", "columns/a/index.html", "columns/b.html"])
    '{about/index.html,columns/a/index.html,columns/b.html}'
    """
    folder = posixpath.commonpath([posixpath.dirname(page) for page in pages])
    rest = [page[len(folder) + 1:] if folder else page for page in pages]
    heads, _, names = zip(*(path.rpartition("/") for path in rest))
    if len(set(names)) == 1 and all(heads):
        rest, name = heads, f"/{escape(names[0])}"
    else:
        name = ""
    return (f"{escape(folder)}/" if folder else "") + "{" + ",".join(map(escape, rest)) + "}" + name


def escape(path):
    return GLOB_SPECIAL.sub(r"\\\1", path)


def last_lines(result, count=5):
    lines = (result.stderr + result.stdout).strip().splitlines()
    return " / ".join(line.strip() for line in lines[-count:] if line.strip())


def index(binary, output_path, shard, work):
    """Index ``shard``'s pages into a new bundle in the scratch folder ``work`` (:func:`swap` moves it in)."""
    run = os.path.join(work, f"run-{shard.name}")
    bundle = os.path.join(work, f"bundle-{shard.name}")
    os.makedirs(run, exist_ok=True)
    with open(os.path.join(run, "pagefind.json"), "w", encoding="utf-8") as config:
        json.dump({"site": output_path, "glob": glob(shard.pages), "output_path": bundle}, config)
    result = subprocess.run([binary, "--quiet"], cwd=run, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(bundle, ignore_errors=True)
        raise PagefindError(last_lines(result) or f"exit status {result.returncode}")


def swap(output_path, shard, work):
    """Put the bundle :func:`index` made for ``shard`` in ``<output_path>/pagefind/<n>/``."""
    bundle = os.path.join(work, f"bundle-{shard.name}")
    target = os.path.join(output_path, shard.bundle)
    previous = os.path.join(work, f"previous-{shard.name}")
    if os.path.exists(target):
        os.rename(target, previous)
    os.rename(bundle, target)
    shutil.rmtree(previous, ignore_errors=True)
