"""Timed runs of the three builders, and the devserver's rebuild after an edit."""

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import corpus as corpus_module

ROOT = Path(__file__).resolve().parent.parent
#: Pelican's last line of a build (also in autoreload mode).
DONE = re.compile(r"^Done: Processed")


class BenchError(RuntimeError):
    """A build the benchmark ran failed; the message says which and where its log is."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_bytes: int


def timed(command, log, cwd=None, env=None):
    """Run ``command`` (output to ``log``) through :mod:`bench.peak`; its time and peak memory."""
    result = Path(log).with_suffix(".json")
    with open(log, "w", encoding="utf-8") as out:
        status = subprocess.run(
            [sys.executable, "-m", "bench.peak", str(result), *map(str, command)],
            stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env_with_bench(env),
        ).returncode
    if status:
        raise BenchError(f"{' '.join(map(str, command))} failed (exit {status}); see {log}:\n"
                         + tail(log))
    data = json.loads(result.read_text(encoding="utf-8"))
    return Sample(data["seconds"], data["peak_bytes"])


def env_with_bench(env=None):
    """The environment, with this package importable (for ``python -m bench.peak``)."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def tail(log, lines=15):
    return "\n".join(Path(log).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def make(target, content, output, log):
    """``make <target>`` on this project, as an editor runs it, for ``content`` into ``output``."""
    return timed(["make", "--no-print-directory", "-C", ROOT, target,
                  f"INPUTDIR={content}", f"OUTPUTDIR={output}"], log)


def plain_pelican(content, conf, output, log):
    return timed([Path(sys.executable).parent / "pelican", content, "-o", output, "-s", conf], log)


def hugo(binary, site, output, log):
    return timed([binary, "--quiet", "--source", site, "--destination", output], log)


class Devserver:
    """``make regenerate`` (the devserver's autoreload without the HTTP server) on one site.

    Pelican rebuilds in the same process on every change; the time from saving a
    file to Pelican's ``Done:`` line is what an editor waits for.
    """

    def __init__(self, content, output, log, timeout=1800):
        self.timeout = timeout
        self.log = open(log, "w", encoding="utf-8")
        self.lines = queue.Queue()
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(ROOT), "regenerate",
             f"INPUTDIR={content}", f"OUTPUTDIR={output}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.log.write(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_build(self):
        """Seconds until the next ``Done:`` line."""
        start = time.perf_counter()
        while True:
            line = self.lines.get(timeout=self.timeout)
            if line is None:
                raise BenchError(f"the devserver stopped; see {self.log.name}")
            if DONE.match(line):
                return time.perf_counter() - start

    def rebuild_after_edit(self, path, round_):
        """Edit ``path`` and time the rebuild it triggers."""
        time.sleep(1.0)  # let the watcher start watching again after the last build
        start = time.perf_counter()
        corpus_module.edit(path, round_)
        self.wait_for_build()
        return time.perf_counter() - start

    def stop(self):
        """SIGINT to the whole process group (make and Pelican), as Ctrl-C does."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
