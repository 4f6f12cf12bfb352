"""The build's search step: index the shards that changed, keep the others, remove the ones gone.

Shards are checked and the changed ones indexed in parallel, ``SEARCH_PROCESSES``
Pagefind processes at a time (default: one per core); each process holds one
shard, so memory is bounded by the shard size, not by the archive. Progress and
a summary line go to standard error; a shard Pagefind cannot index is an error
of the build.
"""

import os
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from .. import diagnostics
from . import manifest, pagefind
from .shards import BUNDLES, digest

#: Scratch folder for Pagefind's configuration files and the new bundles, inside the bundles'
#: folder (the same file system, so a bundle is moved in by renaming it).
WORK = ".work"


def say(line, lock=threading.Lock()):
    with lock:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def processes(settings):
    wanted = settings.get("SEARCH_PROCESSES")
    return wanted if wanted else len(os.sched_getaffinity(0))


def problem(settings, where, what, todo):
    diagnostics.log(diagnostics.Problem(diagnostics.display_path(where, settings["PATH"]), None,
                                        "error", what, todo))


def remove_others(root, keep):
    """Remove everything in the bundles' folder but the bundles of ``keep`` (shard names)."""
    if not os.path.isdir(root):
        return
    for name in os.listdir(root):
        if name not in keep:
            path = os.path.join(root, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)


def describe(shard, total):
    pages = shard.pages[0] if len(shard.pages) == 1 else f"{shard.pages[0]} to {shard.pages[-1]}"
    return f"search shard {shard.number} of {total} ({diagnostics.plural(len(shard.pages), 'column')}: {pages})"


def update(settings, shards):
    """Bring ``OUTPUT_PATH/pagefind/`` up to date with ``shards``; log the summary."""
    start = time.perf_counter()
    output = os.path.abspath(settings["OUTPUT_PATH"])
    root = os.path.join(output, BUNDLES)
    binary = pagefind.executable()
    try:
        if binary is None:
            raise pagefind.PagefindError("the Pagefind program is not installed")
        version = pagefind.version(binary)
    except (OSError, pagefind.PagefindError) as error:
        problem(settings, root, f"the search index cannot be built: {error}",
                "install the pinned dependencies (`make html` does, from requirements.txt: pagefind[bin]), "
                "or set SEARCH_INDEX = False to build without search")
        return
    previous, known = manifest.load(settings)
    pages = {page: known[page] for shard in shards for page in shard.pages if page in known}
    digests = {}
    remove_others(root, {shard.name for shard in shards})
    work = os.path.join(root, WORK)
    os.makedirs(work, exist_ok=True)

    def bring_up_to_date(shard):
        """Index ``shard`` unless its digest is the one its bundle was made from; True if indexed."""
        digests[shard.name] = digest(shard, output, version, pages)
        if (previous.get(shard.name) == digests[shard.name]
                and os.path.isfile(os.path.join(output, shard.bundle, "pagefind-entry.json"))):
            return False
        pagefind.index(binary, output, shard, work)
        return True

    kept, indexed, failed = set(), set(), set()
    try:
        with ThreadPoolExecutor(max(1, min(processes(settings), len(shards)))) as pool:
            running = {pool.submit(bring_up_to_date, shard): shard for shard in shards}
            for future in as_completed(running):
                shard = running[future]
                try:
                    (indexed if future.result() else kept).add(shard.name)
                except (OSError, pagefind.PagefindError) as error:
                    failed.add(shard.name)
                    problem(settings, os.path.join(root, shard.name),
                            f"Pagefind could not index {describe(shard, len(shards))}: {error}",
                            "the search page will not find these columns as they are now; fix the cause "
                            "above and build again (or set SEARCH_INDEX = False to build without search)")
                    continue
                if shard.name in indexed:
                    say(f"Search index: shard {shard.number}/{len(shards)} indexed "
                        f"({len(kept | indexed | failed)}/{len(shards)} done, "
                        f"{time.perf_counter() - start:.1f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        manifest.save(settings, {name: digests[name] for name in kept | indexed}, pages)
    say(f"Search index: {len(indexed)} of {len(shards)} shards re-indexed, {len(kept)} kept"
        f"{f', {len(failed)} failed' if failed else ''}, in {time.perf_counter() - start:.2f} s "
        f"({version}, up to {settings['SEARCH_SHARD_SIZE']} columns a shard)")
