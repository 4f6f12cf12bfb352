"""One small site per test session, built with `make html` (search index included) and
served on 127.0.0.1, a capture server standing in for the ask form's backend, and
Debian's Chromium driven by pytest-playwright (one browser for the whole session)."""

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from conftest import ROOT, Site, column

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Flags that keep Chromium quiet on a closed network (docs/testing.md).
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
#: Screenshots land here (git-ignored), for people to look at after a run.
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"

#: A word that only one column's answer contains: the search test looks for it.
ANSWER_ONLY_WORD = "quokka"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class Capture(http.server.BaseHTTPRequestHandler):
    """Records each form POST as a list of (name, value) pairs, in the order sent."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        self.server.received.append(parse_qsl(body, keep_blank_values=True))
        reply = b"<!DOCTYPE html><html lang=en><title>Received</title><h1>Thank you</h1></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def form_backend():
    """The stand-in form backend; ``.received`` holds every submission."""
    server = serve(Capture)
    server.received = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}/submit"
    yield server
    server.shutdown()


def write_showcase(site):
    """Content that shows every page type: the project's own content, columns over two
    years (two pages of listings), a two-letter column, a follow-up, a hostile title."""
    shutil.copytree(ROOT / "content", site.content, dirs_exist_ok=True)
    subjects = [
        ("salary", "My raise keeps being postponed", "My manager promised a raise in spring."),
        ("managers", "My manager takes credit for my work", "My boss presents my reports as hers."),
        ("networking", "How do I network without feeling fake?", "Networking events make me cringe."),
        ("remote-work", "Can I ask to work from home twice a week?", "My commute takes three hours a day."),
        ("resumes", "Should my résumé list a six-month job?", "I left my last job after six months."),
        ("layoffs", "Laid off after twelve years", "My whole department was cut last Friday."),
        ("coworkers", "A coworker eats my lunch", "Someone keeps taking my lunch from the fridge."),
        ("negotiation", "Negotiating a first offer", "I got my first offer and it feels low."),
        ("career-change", "From teaching to software at forty", "I teach chemistry and want to code."),
        ("quitting", "How much notice should I give?", "I have a new job starting in ten days."),
    ]
    for i, (topic, title, letter) in enumerate(subjects):
        site.add_column(
            f"column-{i}", title=title, date=f"{2025 + i // 6}-{i % 12 + 1:02d}-{i + 3:02d} 09:00",
            topics=f"{topic}, job-search" if i % 3 == 0 else topic, asker="A Reader",
            body=f"Q. {letter} What should I do?\n\nA. Say plainly what you need, in writing, and ask "
                 f"for a date. Then keep your own notes of what was said.",
        )
    site.add_column(
        "two-letters", title="Two readers, one boss", date="2026-06-01 09:00", topics="managers",
        body="Q. My boss cancels every one-on-one.\n\n— Ignored in Idaho\n\nA. Book the meeting yourself.\n\n"
             "Q. My boss reschedules my reviews.\n\n— Waiting in Wichita\n\n"
             f"A. Ask for the review in writing, like a {ANSWER_ONLY_WORD} asks for nothing: calmly.",
    )
    site.add_column(
        "follow-up", title="Update: the interview silence ended", date="2026-11-27 12:00",
        topics="interviews, follow-up", follows="why-no-updates-after-job-interview",
        body="Q. You answered my letter about hearing nothing after interviews. I called, as you said.\n\n"
             "A. Thank you for writing back. Persistence is polite when it is brief.",
    )
    site.add_column("hostile", text=column(
        title='<b>Bold</b> & "quoted" <script>alert(1)</script>', date="2024-12-01 09:00",
        slug="hostile", topics="workplace-ethics"))
    site.add_column("hidden", title="A hidden column", status="hidden", topics="salary")
    site.add_column("draft", title="A draft column", status="draft", topics="salary")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, form_backend):
    """The showcase site built once with `make html` (Pagefind included), its ask form
    posting to the capture server."""
    site = Site(tmp_path_factory.mktemp("showcase"))
    write_showcase(site)
    result = site.make("html", PELICANOPTS=f"-e 'FORM_ACTION=\"{form_backend.url}\"'")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site.output / "pagefind" / "1" / "pagefind.js").is_file()
    return site


@pytest.fixture(scope="session")
def sharded_site_url(tmp_path_factory):
    """The showcase built with `make html` with search shards of two columns (one Pagefind
    bundle per two columns), served on 127.0.0.1: its address."""
    site = Site(tmp_path_factory.mktemp("sharded"))
    write_showcase(site)
    result = site.make("html", PELICANOPTS="-e SEARCH_SHARD_SIZE=2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((site.output / "pagefind").iterdir())) >= 4
    server = serve(functools.partial(Quiet, directory=str(site.output)))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def base_url(built_site):
    """The showcase site served on 127.0.0.1 (overrides pytest-base-url's fixture name)."""
    server = serve(functools.partial(Quiet, directory=str(built_site.output)))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return Path(ARTIFACTS)
