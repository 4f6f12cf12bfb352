"""Run one build's tasks in forked processes, their log records reported by the build itself.

A forked worker shares everything the build holds at the moment of the fork
(columns, templates, settings), so a task is just an index into data the
parent already has; only results come back. Whatever a task logs is collected
in the worker and handed to the parent's loggers in order, so problems are
printed once, counted by the build's summary (``diagnostics``) and subject to
Pelican's ``--fatal`` as if the parent had logged them.

- :func:`run`: ``task(i)`` for many ``i``, on every core, while the build waits;
- :class:`Background`: one ``task()`` in a forked process while the build goes on.

A task that raises (Pelican's ``--fatal warnings`` raises on a warning) hands
back the records it logged first: the build reports them, then fails.
"""

import atexit
import gc
import logging
import multiprocessing
import os
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor

#: The task of this worker process (set after the fork) and the records it logged.
_task = None
_records = []


def processes(settings, name):
    """How many processes the setting ``name`` asks for (None: one per core)."""
    return settings.get(name) or len(os.sched_getaffinity(0))


def _collect(logger, record):
    """``Logger.handle`` in a worker: keep the record for the parent."""
    if not logger.disabled:
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        _records.append(record)


def report(record):
    """Log a worker's record again in the build, as if the build had logged it: through the
    logger's own checks (its level, Pelican's repeat filter and ``--fatal``)."""
    logging.getLogger(record.name).log(record.levelno, "%s", record.msg)


def _start(task):
    global _task
    _task = task
    gc.enable()  # whatever the build paused when it forked
    logging.Logger.handle = _collect


def _run(indexes):
    del _records[:]
    try:
        results = [_task(index) for index in indexes]
    except Exception:  # the parent reports what was logged, then raises this
        return None, list(_records), traceback.format_exc()
    return results, list(_records), None


def run(task, count, workers, chunksize=16):
    """``task(i)`` for each ``i`` in ``range(count)`` in ``workers`` forked processes, in order."""
    chunks = [range(start, min(start + chunksize, count)) for start in range(0, count, chunksize)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(task,)) as pool:
        for results, records, failure in pool.map(_run, chunks):
            for record in records:
                report(record)
            if failure is not None:
                raise RuntimeError(f"a task of the build failed in a forked process:\n{failure}")
            yield from results


class Background:
    """``task()`` in a forked process, started now; :meth:`result` waits for its value.

    The task sees the build as it was at the fork (later changes are not its
    concern) and may itself :func:`run` tasks on every core. A thread of the
    build takes the value as soon as it is sent, so that the process ends
    then: until it does, every page of memory the build writes to is copied.
    A process whose result is never asked for (a build that failed on the
    way) is stopped when the program exits.
    """

    def __init__(self, task):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_background, args=(task, send), name="advice-column")
        self._process.start()
        send.close()
        self._outcome = None
        self._receiver = threading.Thread(target=self._take_outcome, name="advice-column", daemon=True)
        self._receiver.start()
        atexit.register(self._stop)

    def _take_outcome(self):
        try:
            self._outcome = self._receive.recv()
        except (EOFError, OSError):
            pass
        finally:
            self._receive.close()
            self._process.join()

    def result(self):
        self._receiver.join()
        atexit.unregister(self._stop)
        outcome, value, records = self._outcome or (
            "error", f"it ended with exit code {self._process.exitcode}", [])
        for record in records:
            report(record)
        if outcome == "error":
            raise RuntimeError(f"a background task of the build failed: {value}")
        return value

    def _stop(self):
        if self._process.is_alive():
            self._process.kill()


def _background(task, send):
    logging.Logger.handle = _collect
    gc.enable()
    try:
        outcome = ("done", task(), _records)
    except Exception:  # the parent raises it, with the worker's traceback
        outcome = ("error", traceback.format_exc(), _records)
    send.send(outcome)
    send.close()
