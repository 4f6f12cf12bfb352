"""The build's objects left out of the garbage collector's last pass.

A build ends holding every column, topic and page context; the interpreter's
exit then runs one more full collection over all of them (half a second after
a 10,000-column build is done). At the end of a build they are frozen
(``gc.freeze``), so that pass skips them; the next build in the same process
(the devserver rebuilds in one) unfreezes them first, so whatever the last
build left is collected as before.
"""

import gc


def freeze(pelican=None):
    """At the very end of a build (the plugin's ``finish_build``)."""
    gc.freeze()


def unfreeze(pelican=None):
    """``initialized``: a new build starts."""
    gc.unfreeze()
