"""The build's search step: index the shards that changed, keep the others, remove the ones gone.

Shards are checked and the changed ones indexed in parallel, ``SEARCH_PROCESSES``
Pagefind processes at a time (default: one per core); each process holds one
shard, so memory is bounded by the shard size, not by the archive. Progress and
a summary line go to standard error; a shard Pagefind cannot index is an error
of the build.
"""

import os
import shutil
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
        diagnostics.say(line)


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


class Update:
    """One build's search step: each shard checked, and indexed if it changed, when :meth:`start`
    is told its pages are written (or by :meth:`finish`, which waits for them all).

    The checks and Pagefind runs go on in threads (on a rebuild, while the build
    renders its other pages); what went wrong is logged by :meth:`finish`, in the
    build's own thread.
    """

    def __init__(self, settings, shards):
        self.settings, self.shards = settings, shards
        self.begun = None  # when the first shard started
        self.output = os.path.abspath(settings["OUTPUT_PATH"])
        self.root = os.path.join(self.output, BUNDLES)
        self.work = os.path.join(self.root, WORK)
        self.binary = pagefind.executable()
        self.running = {}  # Future -> Shard
        self.rebuild = False
        self.pool = None
        try:
            if self.binary is None:
                raise pagefind.PagefindError("the Pagefind program is not installed")
            self.version = pagefind.version(self.binary)
        except (OSError, pagefind.PagefindError) as error:
            problem(settings, self.root, f"the search index cannot be built: {error}",
                    "install the pinned dependencies (`make html` does, from requirements.txt: "
                    "pagefind[bin]), or set SEARCH_INDEX = False to build without search")
            return
        self.previous, known = manifest.load(settings)
        #: Whether an earlier build's index is there to bring up to date (few shards change).
        self.rebuild = bool(self.previous)
        self.pages = {page: known[page] for shard in shards for page in shard.pages if page in known}
        self.digests = {}
        remove_others(self.root, {shard.name for shard in shards})
        os.makedirs(self.work, exist_ok=True)
        self.pool = ThreadPoolExecutor(max(1, min(processes(settings), len(shards))),
                                       thread_name_prefix="advice-column-search")

    def start(self, shard):
        """Check ``shard`` and index it if it changed, beside the build: its pages are written."""
        if self.pool is not None:
            self.begun = self.begun or time.perf_counter()
            self.running[self.pool.submit(self.bring_up_to_date, shard)] = shard

    def bring_up_to_date(self, shard):
        """Index ``shard`` unless its digest is the one its bundle was made from; True if indexed."""
        self.digests[shard.name] = digest(shard, self.output, self.version, self.pages)
        if (self.previous.get(shard.name) == self.digests[shard.name]
                and os.path.isfile(os.path.join(self.output, shard.bundle, "pagefind-entry.json"))):
            return False
        pagefind.index(self.binary, self.output, shard, self.work)
        say(f"Search index: shard {shard.number}/{len(self.shards)} indexed "
            f"({self.elapsed():.1f} s)")
        return True

    def finish(self):
        """Wait for every shard (starting those not started), keep the digests, log the summary."""
        if self.pool is None:
            return
        started = set(self.running.values())
        for shard in self.shards:
            if shard not in started:
                self.start(shard)
        kept, indexed, failed = set(), set(), set()
        try:
            for future in as_completed(self.running):
                shard = self.running[future]
                try:
                    (indexed if future.result() else kept).add(shard.name)
                except (OSError, pagefind.PagefindError) as error:
                    failed.add(shard.name)
                    problem(self.settings, os.path.join(self.root, shard.name),
                            f"Pagefind could not index {describe(shard, len(self.shards))}: {error}",
                            "the search page will not find these columns as they are now; fix the cause "
                            "above and build again (or set SEARCH_INDEX = False to build without search)")
        finally:
            self.pool.shutdown(cancel_futures=True)
            shutil.rmtree(self.work, ignore_errors=True)
            manifest.save(self.settings, {name: self.digests[name] for name in kept | indexed}, self.pages)
        say(f"Search index: {len(indexed)} of {len(self.shards)} shards re-indexed, {len(kept)} kept"
            f"{f', {len(failed)} failed' if failed else ''}, in {self.elapsed():.2f} s "
            f"({self.version}, up to {diagnostics.plural(self.largest, 'column')} a shard)")

    @property
    def largest(self):
        """How many columns the largest shard holds."""
        return max((len(shard.pages) for shard in self.shards), default=0)

    def elapsed(self):
        """Seconds since the first shard started (on a rebuild, while pages were still rendered)."""
        return time.perf_counter() - self.begun if self.begun else 0.0

    def abandon(self):
        """The build failed before :meth:`finish`: stop the shards not started, wait for the others."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            shutil.rmtree(self.work, ignore_errors=True)
