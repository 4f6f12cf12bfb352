"""The output folder over HTTP, each HTML page served with the live-reload script.

Every HTML page (and the 404 page, for a path with no file) is sent with
``<script src="/__devserver/client.js" data-digest="…">`` before its ``</body>``:
the digest of the file as sent. The script opens ``/__devserver/events`` (server-sent
events) with its page's path and that digest; after each build the server compares the
digest with the file's and sends ``reload`` when the file changed, or else ``problems``,
the last build's errors (the script shows them over the page, or clears them). Before a
build ends, the pages rendered ahead of it (``Hub.show``) are served from memory in place
of their files (a page gone, as not found), and their open pages reload the same way. The script is only added to
what this server sends, never to the files.
"""

import collections
import hashlib
import http.server
import json
import os
import threading
from importlib import resources
from urllib.parse import parse_qs, urlsplit

PREFIX = "/__devserver/"
SCRIPT = resources.files(__package__).joinpath("client.js").read_bytes()
#: How many pages the server remembers as it last served them.
SERVED = 64
#: Seconds between keep-alive comments on an idle event stream.
KEEPALIVE = 15


class Hub:
    """What the open pages learn from the builds: a build counter and the last one's errors."""

    def __init__(self):
        self.changed = threading.Condition()
        self.generation = 0
        self.problems = []
        self.ahead = {}  # output file -> its bytes rendered ahead of the build
        self.served = collections.OrderedDict()  # output file -> the bytes last served (the latest few)
        self.serving = threading.Lock()  # for ``served``: each request has its thread

    def show(self, pages):
        """Serve ``pages`` (output file -> bytes, or None for a page gone) until the build ends:
        tell every open page."""
        with self.changed:
            self.generation += 1
            self.ahead = dict(pages)
            self.changed.notify_all()

    def publish(self, problems):
        """A build ended with ``problems`` (lines): its files are served; tell every open page."""
        with self.changed:
            self.generation += 1
            self.problems = list(problems)
            self.ahead = {}
            self.changed.notify_all()

    def read(self, path):
        """The bytes served for the file at ``path`` (None when there are none). While the last
        build has errors, a page it removed (a column with an error has no page) is served as it
        was last served: the previous good page stays."""
        ahead = self.ahead
        data = ahead[path] if path in ahead else read(path)
        with self.serving:
            if data is None and self.problems:
                data = self.served.get(path)
            if data is not None:
                self.served[path] = data
                self.served.move_to_end(path)
                while len(self.served) > SERVED:
                    self.served.popitem(last=False)
        return data

    def wait(self, generation, timeout):
        """``(generation, problems)`` once a build later than ``generation`` ended, or after
        ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != generation, timeout)
            return self.generation, self.problems


def digest(data):
    return hashlib.sha1(data).hexdigest() if data is not None else "none"


def with_script(data, page_digest):
    """The page's bytes with the live-reload script before its ``</body>``."""
    tag = f'<script src="{PREFIX}client.js" data-digest="{page_digest}"></script>'.encode()
    end = data.rfind(b"</body>")
    return data[:end] + tag + data[end:] if end >= 0 else data + tag


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder (``directory``), never from a cache, HTML pages with the script."""

    hub = None

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == PREFIX + "client.js":
            self.send(200, "text/javascript; charset=utf-8", SCRIPT)
        elif url.path == PREFIX + "events":
            query = parse_qs(url.query)
            self.events(query.get("path", ["/"])[0], query.get("digest", [""])[0])
        elif (page := self.page_file(url.path)) is not None:
            data = self.hub.read(page)
            status, data = (200, data) if data is not None else (404, self.not_found())
            if data is None:
                super().do_GET()
                return
            self.send(status, "text/html; charset=utf-8",
                      with_script(data, digest(data if status == 200 else None)))
        else:
            super().do_GET()

    def page_file(self, path):
        """The HTML file ``path`` shows (it may not exist), or None for anything else."""
        if path.startswith(PREFIX):
            return None
        local = self.translate_path(path)
        if os.path.isdir(local):
            return os.path.join(local, "index.html") if path.endswith("/") else None
        if local.endswith(".html") or not os.path.exists(local):
            return local
        return None

    def not_found(self):
        return read(os.path.join(self.directory, "404.html"))

    def events(self, path, page_digest):
        """The event stream of the page at ``path`` served with ``page_digest``."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        generation = None
        try:
            while True:
                current, problems = self.hub.wait(generation, KEEPALIVE)
                if current == generation:
                    self.wfile.write(b": idle\n\n")
                elif self.digest_of(path) != page_digest:
                    self.wfile.write(b"event: reload\ndata: \n\n")
                    self.wfile.flush()
                    return
                else:
                    generation = current
                    self.wfile.write(f"event: problems\ndata: {json.dumps(problems)}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def digest_of(self, path):
        page = self.page_file(path)
        return digest(self.hub.read(page) if page is not None else None)

    def send(self, status, content_type, data):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        """Quiet: the terminal is for the builds."""


def read(path):
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def start(bind, port, directory, hub):
    """Serve ``directory`` on ``bind:port`` from a thread; the server (``shutdown()`` stops it)."""
    handler = type("Handler", (Handler,), {"hub": hub})

    class Server(http.server.ThreadingHTTPServer):
        allow_reuse_address = True
        daemon_threads = True

        def finish_request(self, request, client_address):
            handler(request, client_address, self, directory=directory)

    server = Server((bind, port), handler)
    threading.Thread(target=server.serve_forever, name="devserver-http", daemon=True).start()
    return server
