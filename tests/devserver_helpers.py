"""`make devserver` on a test site: started as an editor starts it, in its own process group on
a free loopback port, polled until it answers, stopped with SIGINT to its group (Ctrl-C)."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from conftest import ROOT

#: Pelican's last line of every build.
DONE = re.compile(r"^Done: Processed", re.M)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Devserver:
    """The devserver of ``site``; ``log`` is its terminal (standard output and error)."""

    def __init__(self, site, **variables):
        self.site = site
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = site.root / "devserver.log"
        arguments = {"INPUTDIR": site.content, "OUTPUTDIR": site.output, "PORT": self.port, **variables}
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                ["make", "--no-print-directory", "-C", str(ROOT), "devserver",
                 *(f"{name}={value}" for name, value in arguments.items())],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )

    def terminal(self):
        return self.log.read_text(encoding="utf-8", errors="replace")

    def builds(self):
        """How many builds have ended."""
        return len(DONE.findall(self.terminal()))

    def wait(self, condition, what, timeout=180):
        """Poll ``condition()`` until true; fail with the terminal's tail after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the devserver stopped: {self.terminal()[-3000:]}")
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"no {what} after {timeout} s: {self.terminal()[-3000:]}")

    def wait_for_builds(self, count, timeout=180):
        self.wait(lambda: self.builds() >= count, f"{count} builds", timeout)

    def get(self, path):
        """``(status, text)`` of ``path`` as the devserver serves it."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self):
        try:
            self.wait_for_builds(1)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
