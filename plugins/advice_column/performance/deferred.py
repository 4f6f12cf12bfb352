"""Work a build finishes just before its first page is rendered.

A part of the plugin that starts work in the background (related columns, on a
large archive) hands :func:`defer` the function that waits for it and applies
its result; the writer calls :func:`settle` before it renders a page, one by
one or in processes, so that the work overlaps everything the build does
until then.
"""

#: By the id of the build's settings dict: the functions still to call, in order.
_waiting = {}


def defer(settings, finish):
    """Call ``finish()`` before this build renders its first page."""
    _waiting.setdefault(id(settings), []).append(finish)


def settle(settings):
    """Call what was deferred for this build (the writer, before any page is rendered)."""
    for finish in _waiting.pop(id(settings), ()):
        finish()


def forget_unsettled(pelican):
    """``initialized``: forget what earlier builds left unsettled (a build that failed before its
    first page; in the devserver's process, it would keep that build's columns alive)."""
    _waiting.clear()
