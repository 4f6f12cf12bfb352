"""What one long-lived process must free between builds that a one-build process never needs to."""

import ctypes
import ctypes.util
import gc

from ..performance.collector import forget_memos


def collect():
    """Free what the builds before this one left: the memos, and the cycles the performance
    layer froze for the collector (``gc.freeze``). Run before a build, once the last build's
    model is released, so that the build allocates where that model was (and the performance
    layer, finding nothing frozen, has nothing left to collect when the build starts)."""
    forget_memos()
    gc.unfreeze()
    for _ in range(3):  # what finalizers let go of goes in the next pass
        if not gc.collect():
            break
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
