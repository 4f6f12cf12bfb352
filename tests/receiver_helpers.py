"""The receiver as `make receiver` starts it (its own process group, its port polled, the
group ended by id), and plain HTTP posts to it from the standard library."""

import http.client
import itertools
import json
import os
import signal
import subprocess
import time
from urllib.parse import urlencode

import pytest

from conftest import ROOT
from imap_server import free_port, wait_for_port

FORM = "application/x-www-form-urlencoded"
#: Posts a minute from one address, for the receiver a test module shares.
RATE = 5
_addresses = itertools.count(1)


class Receiver:
    """``make receiver`` on a free loopback port, storing into ``submissions``; readers are
    sent back to the site `make serve PORT=site_port` would serve."""

    def __init__(self, submissions, log, site_port=8000, rate=1000, conf=None, port=None, siteurl=None):
        self.submissions, self.log_path = submissions, log
        self.port, self.site_port = port or free_port(), site_port
        self.site = siteurl or f"http://127.0.0.1:{site_port}"
        variables = {"SUBMISSIONS_DIR": submissions, "RECEIVER_PORT": self.port, "RECEIVER_RATE": rate,
                     "PORT": site_port, **({"CONFFILE": conf} if conf else {}),
                     **({"SITEURL": siteurl} if siteurl else {})}
        self.command = ["make", "--no-print-directory", "-C", str(ROOT), "receiver",
                        *(f"{name}={value}" for name, value in variables.items())]
        self.process = None

    def start(self):
        self.log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        try:
            wait_for_port(self.port, timeout=60)
        except TimeoutError:
            self.stop()
            raise AssertionError(f"make receiver did not listen: {self.log()}") from None
        return self

    def stop(self, sig=signal.SIGTERM):
        """End the receiver's whole process group (make and the server) with ``sig``."""
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=30)
        self.log_file.close()

    def kill(self):
        self.stop(signal.SIGKILL)

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def post(self, fields=None, body=None, headers=None, path="/letters", method="POST", timeout=30):
        """``(status, headers, text)`` of one request; ``fields`` form-encoded unless ``body`` is given."""
        if body is None and fields is not None:
            body = urlencode(fields).encode()
        headers = {"Content-Type": FORM, "Origin": self.site, **(headers or {})}
        headers = {name: value for name, value in headers.items() if value is not None}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def stored(self):
        """Every letter file stored so far: path -> its JSON."""
        folder = self.submissions / "received"
        return {path: json.loads(path.read_text(encoding="utf-8"))
                for path in sorted(folder.glob("*/*.json"))} if folder.is_dir() else {}

    def all_files(self):
        """Every file under received/, hidden ones included."""
        folder = self.submissions / "received"
        return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def wait_until(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def receiver(tmp_path_factory):
    """One receiver for a test module, taking :data:`RATE` posts a minute from one address."""
    root = tmp_path_factory.mktemp("receiver")
    server = Receiver(root / "submissions", root / "receiver.log", rate=RATE).start()
    yield server
    server.stop()


def new_address():
    """The headers of a client address no post used yet (the receiver trusts X-Forwarded-For from
    127.0.0.1, as behind a reverse proxy)."""
    number = next(_addresses)
    return {"X-Forwarded-For": f"198.51.{100 + number // 250}.{number % 250 + 1}"}


@pytest.fixture
def address():
    """A client address of its own for each test, so rate limits do not carry over between tests."""
    return new_address()
