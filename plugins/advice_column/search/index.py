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

    Pagefind runs in threads that only wait for it (on a rebuild, while the build
    renders its other pages); the checks, the bundles swapped in and what went
    wrong, logged by :meth:`finish`, are the build's own thread's: a thread of the
    build needing the interpreter while the build's thread works would wait for it
    at every file it opens.
    """

    def __init__(self, settings, shards):
        self.settings, self.shards = settings, shards
        self.begun = None  # when the first shard started
        self.output = os.path.abspath(settings["OUTPUT_PATH"])
        self.root = os.path.join(self.output, BUNDLES)
        self.work = os.path.join(self.root, WORK)
        self.binary = pagefind.executable()
        self.running = {}  # Future -> Shard: the Pagefind runs
        self.started, self.kept = set(), set()  # names of the shards checked, and of those up to date
        self.failed = {}  # name of a shard -> why it could not be indexed
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
        """Check ``shard`` (in the caller's thread: the build's, where it reads only the pages that
        changed) and, if it changed, index it beside the build: its pages are written."""
        if self.pool is None or shard.name in self.started:
            return
        self.started.add(shard.name)
        self.begun = self.begun or time.perf_counter()
        try:
            self.digests[shard.name] = digest(shard, self.output, self.version, self.pages)
        except OSError as error:
            self.failed[shard.name] = error
            return
        if (self.previous.get(shard.name) == self.digests[shard.name]
                and os.path.isfile(os.path.join(self.output, shard.bundle, "pagefind-entry.json"))):
            self.kept.add(shard.name)
            return
        # Pagefind alone in a thread, which waits for it: the build's thread swaps the bundle in
        self.running[self.pool.submit(pagefind.index, self.binary, self.output, shard, self.work)] = shard

    def finish(self):
        """Wait for every shard (starting those not started), swap their bundles in, keep the
        digests, log the summary."""
        if self.pool is None:
            return
        for shard in self.shards:
            self.start(shard)
        indexed = set()
        try:
            for future in as_completed(self.running):
                shard = self.running[future]
                try:
                    future.result()
                    pagefind.swap(self.output, shard, self.work)
                except (OSError, pagefind.PagefindError) as error:
                    self.failed[shard.name] = error
                    continue
                indexed.add(shard.name)
                say(f"Search index: shard {shard.number}/{len(self.shards)} indexed ({self.elapsed():.1f} s)")
        finally:
            self.pool.shutdown(cancel_futures=True)
            shutil.rmtree(self.work, ignore_errors=True)
            manifest.save(self.settings, {name: self.digests[name] for name in self.kept | indexed}, self.pages)
        for shard in self.shards:
            if shard.name in self.failed:
                problem(self.settings, os.path.join(self.root, shard.name),
                        f"Pagefind could not index {describe(shard, len(self.shards))}: {self.failed[shard.name]}",
                        "the search page will not find these columns as they are now; fix the cause "
                        "above and build again (or set SEARCH_INDEX = False to build without search)")
        say(f"Search index: {len(indexed)} of {len(self.shards)} shards re-indexed, {len(self.kept)} kept"
            f"{f', {len(self.failed)} failed' if self.failed else ''}, in {self.elapsed():.2f} s "
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
