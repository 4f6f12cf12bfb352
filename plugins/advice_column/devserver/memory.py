"""What one long-lived process must free between builds that a one-build process never needs to."""

import ctypes
import ctypes.util
import gc

from pelican.contents import Content


def forget_memos():
    """Empty Pelican's memos of contents and summaries (``pelican.utils.memoized``, one dict per
    method, keyed by object): they hold every column of every build for the life of the
    process (about 25 MiB a build at 1,000 columns), and a column changed in place would keep
    its old text there."""
    for method in (Content.get_content, Content.get_summary):
        method.cache.clear()


def collect():
    """Free what the builds before this one left. The memos go, and so do the cycles the
    performance layer froze for the collector (``gc.freeze``): it unfreezes at Pelican's
    ``initialized``, which is sent once per Pelican, not once per build. Run before a build,
    once the last build's model is released, so that the build allocates where that model was;
    what stays alive is frozen again."""
    forget_memos()
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    for _ in range(3):  # what finalizers let go of goes in the next pass
        if not gc.collect():
            break
    if frozen:
        gc.freeze()
    give_back()


def settle():
    """After a build, while the pages reload: the memos go (they hold each column's content once
    more) and the memory freed goes back to the system. No collection: a full one holds the
    interpreter for most of a second at 10,000 columns, and the server's threads wait for it."""
    forget_memos()
    give_back()


def give_back():
    """Hand the memory freed back to the system where the C library can (glibc's
    ``malloc_trim``): what the devserver holds between builds is then what it uses."""
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)
