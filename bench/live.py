"""Save to visible: from an editor's save to the open browser page showing it, in headless
Chromium, for our `make devserver` and `hugo server` on the same archive, and our devserver's
memory after the edits.

    PYTHONPATH=plugins .venv/bin/python -m bench.live --sizes 1000 --rounds 3
    PYTHONPATH=plugins .venv/bin/python -m bench.live --sizes 10000 --memory 100

Each round makes the same five edits on both sites, each watched on the page an editor looks at:

- ``word``: a sentence with a new word at the end of a column's last answer (the column's page);
- ``title``: the column's title changed (its page);
- ``topic``: one more topic on the column (its page links to the topic's page once more);
- ``new``: a new column dated after every other (the home page lists it);
- ``delete``: that column deleted (the home page no longer lists it).

With ``--memory N``, no browser and no Hugo: our devserver alone takes N edits (the five kinds in
turn, each once the last build ended) and its resident memory is reported after the first build and
after every ``--batch`` edits, with the most it held so far (``VmHWM``: during a build).

The time runs from just before the file is written to the first check (every 10 ms, in the
page) that finds the page showing the change: the server's work, its message to the page,
the reload. Before the next edit the server's build must have ended (our ``Done:`` line,
Hugo's ``Total in``). Hugo runs in its default mode (fast render, site in memory).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from . import competitors, corpus, trash
from .report import progress

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Flags that keep Chromium quiet on a closed network (as the browser tests launch it).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
KINDS = ("word", "title", "topic", "new", "delete")
#: The new column's date: after every column of the archive, before today.
NEWEST = (corpus.FIRST_DATE + corpus.SPAN + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
#: Seconds between a page's load and the edit.
SETTLE = 1.0
#: Seconds the page may take to show an edit once the server's build ended.
GRACE = 20
#: Seconds an edit may take to show before the benchmark gives up on it.
TIMEOUT = 600


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server started in its own process group, its terminal in ``log``; ``done`` matches the
    line it ends each build with."""

    done = None

    def __init__(self, command, log, cwd=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(log)
        with open(self.log, "w", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [str(part).format(port=self.port) for part in command], stdout=out,
                stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def builds(self):
        return len(self.done.findall(self.log.read_text(encoding="utf-8", errors="replace")))

    def wait_for_builds(self, count, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while self.builds() < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"{self.log}: no build {count}:\n{tail}")
            time.sleep(0.05)

    def rss(self, peak=False):
        """The resident memory (bytes) of the largest process of the server's group; with ``peak``,
        the most each process has held (``VmHWM``)."""
        largest = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.getpgid(int(entry)) != self.process.pid:
                    continue
                if peak:
                    with open(f"/proc/{entry}/status", encoding="ascii") as status:
                        found = re.search(r"^VmHWM:\s+(\d+) kB", status.read(), re.M)
                    largest = max(largest, int(found.group(1)) * 1024 if found else 0)
                    continue
                with open(f"/proc/{entry}/statm", encoding="ascii") as statm:
                    largest = max(largest, int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
            except (OSError, ValueError):
                continue
        return largest

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Ours(Server):
    done = re.compile(r"^Done: Processed", re.M)

    def __init__(self, content, output, log):
        trash.set_aside(output)  # a cold first build, in a folder never used (see bench.trash)
        super().__init__(["make", "--no-print-directory", "-C", ROOT, "devserver", f"INPUTDIR={content}",
                          f"OUTPUTDIR={output}", "PORT={port}"], log)


class Hugo(Server):
    done = re.compile(r"^(?:Built|Total) in \d+ ms", re.M)

    def __init__(self, binary, site, log):
        super().__init__([binary, "server", "--source", site, "--bind", "127.0.0.1", "--port", "{port}",
                          "--baseURL", "http://127.0.0.1:{port}/", "--appendPort=false"], log)


class Site:
    """One server's copy of the archive, edited as an editor edits it; ``hugo`` when its files
    are Hugo's (TOML front matter)."""

    def __init__(self, columns, hugo):
        self.columns, self.hugo = Path(columns), hugo

    def column(self, slug):
        return self.columns / f"{slug}.md"

    def replace(self, slug, pattern, replacement):
        path = self.column(slug)
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.M), encoding="utf-8")

    def edit(self, kind, slug, mark, topic, new_slug):
        """Make one edit of ``kind``; ``mark`` is the new text."""
        if kind == "word":
            path = self.column(slug)
            path.write_text(path.read_text(encoding="utf-8") + f"\nOne more thought: {mark}.\n",
                            encoding="utf-8")
        elif kind == "title":
            pattern, line = ((r'^title = ".*"$', f'title = "{mark}"') if self.hugo
                             else (r"^Title: .*$", f"Title: {mark}"))
            self.replace(slug, pattern, line)
        elif kind == "topic":
            pattern, line = ((r"^topics = \[(.*)\]$", rf'topics = [\1, "{topic}"]') if self.hugo
                             else (r"^Topics: (.*)$", rf"Topics: \1, {topic}"))
            self.replace(slug, pattern, line)
        elif kind == "new":
            text = (f"Title: {mark}\nDate: {NEWEST}\nSlug: {new_slug}\nTopics: {topic}\n\n"
                    f"Q. A new letter arrived.\n\nA. A new answer, {mark}.\n")
            if self.hugo:
                front, body = competitors.hugo_front_matter(text)
                text = front + body
            self.column(new_slug).write_text(text, encoding="utf-8")
        elif kind == "delete":
            self.column(new_slug).unlink()


def topic_links(slug):
    return f"document.querySelectorAll('a[href$=\"/topics/{slug}/\"]').length"


def check(kind, mark, topic, before):
    """A JavaScript expression true once the open page shows the edit."""
    text = f"(document.body && document.body.innerText.includes({mark!r}))"
    if kind == "topic":
        return f"{topic_links(topic)} > {before}"
    return f"!{text}" if kind == "delete" else text


def shows(page, expression):
    try:
        return bool(page.evaluate(expression))
    except Exception:  # the page is reloading: its document is gone for a moment
        return False


def time_edit(server, site, browser, kind, round_, slug, topic):
    """Seconds from writing the file to a new page of ``browser`` showing the edit of ``kind``."""
    new_slug = f"bench-new-{round_}"
    mark = {"word": f"quillwort{round_}", "title": f"A retitled question, take {round_}",
            "new": f"The newest question, take {round_}", "delete": f"The newest question, take {round_}",
            "topic": topic}[kind]
    page = browser.new_page()
    page.goto(server.url + (f"/columns/{slug}/" if kind in ("word", "title", "topic") else "/"))
    time.sleep(SETTLE)  # the page's live-reload connection opens after its load
    before = page.evaluate(topic_links(topic)) if kind == "topic" else 0
    expression = check(kind, mark, topic, before)
    if kind == "delete" and not shows(page, f"!{expression}"):
        raise RuntimeError(f"{server.log}: the home page does not list {mark!r} before it is deleted")
    builds = server.builds()
    start = time.perf_counter()
    site.edit(kind, slug, mark, topic, new_slug)
    built = None  # when the server's build was seen to end
    while not shows(page, expression):
        now = time.perf_counter()
        if built is None and server.builds() > builds:
            built = now
        if now - start > TIMEOUT or (built is not None and now - built > GRACE):
            raise RuntimeError(f"{server.log}: the {kind} edit did not show in the page "
                               f"({now - start:.0f} s after the save)")
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    server.wait_for_builds(builds + 1)
    page.close()
    return seconds


def measure(archive, work, hugo_binary, rounds):
    """Save to visible on both servers at one archive size; our build time and memory too."""
    from playwright.sync_api import sync_playwright

    work = Path(work)
    ours_content = work / "live-ours" / "content"
    trash.set_aside(ours_content.parent)
    shutil.copytree(archive.content, ours_content)
    hugo_site = competitors.write_hugo(archive, work / "live-hugo")
    slug = archive.slugs[len(archive.slugs) // 2]
    topics = [t for t in archive.topics
              if t not in (archive.columns / f"{slug}.md").read_text(encoding="utf-8")][:rounds]
    results = {"edits": rounds * len(KINDS)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, start, site in (
            ("ours", lambda: Ours(ours_content, work / "live-ours" / "output", work / "live-ours.log"),
             Site(ours_content / "columns", hugo=False)),
            ("hugo", lambda: Hugo(hugo_binary, hugo_site, work / "live-hugo.log"),
             Site(hugo_site / "content" / "columns", hugo=True)),
        ):
            progress(f"{len(archive.slugs):,} columns: save to visible, {name}: starting the server")
            server = start()
            try:
                server.wait_for_builds(1)
                results[f"{name}_first_rss"] = server.rss()
                times = {kind: [] for kind in KINDS}
                build_times = []
                for round_ in range(1, rounds + 1):
                    for kind in KINDS:
                        times[kind].append(time_edit(server, site, browser, kind, round_, slug,
                                                     topics[round_ - 1]))
                    progress(f"{len(archive.slugs):,} columns, {name}, round {round_}/{rounds}: "
                             + ", ".join(f"{kind} {times[kind][-1]:.2f} s" for kind in KINDS))
                results[name] = {kind: statistics.median(values) for kind, values in times.items()}
                results[f"{name}_median"] = statistics.median(v for values in times.values() for v in values)
                results[f"{name}_rss"] = server.rss()
                if name == "ours":
                    results["ours_builds"] = build_seconds(server.log)
            finally:
                server.stop()
        browser.close()
    results["ratio"] = results["ours_median"] / results["hugo_median"]
    return results


def memory(archive, work, edits, batch):
    """Our devserver's resident memory (bytes) after its first build and after every ``batch``
    of ``edits`` edits (the five kinds in turn): ``[(edits made, bytes)]``."""
    work = Path(work)
    content = work / "memory-ours" / "content"
    trash.set_aside(content.parent)
    shutil.copytree(archive.content, content)
    site = Site(content / "columns", hugo=False)
    slug = archive.slugs[len(archive.slugs) // 2]
    text = (content / "columns" / f"{slug}.md").read_text(encoding="utf-8")
    topics = [t for t in archive.topics if t not in text]
    size = f"{len(archive.slugs):,} columns"
    progress(f"{size}: memory over {edits} edits, starting our devserver")
    server = Ours(content, work / "memory-ours" / "output", work / "memory-ours.log")
    try:
        server.wait_for_builds(1)
        found = [(0, server.rss())]
        progress(f"{size}: {found[-1][1] / 2**20:.0f} MiB after the first build")
        original = text
        for made in range(1, edits + 1):
            kind, round_ = KINDS[(made - 1) % len(KINDS)], (made - 1) // len(KINDS) + 1
            if kind == "topic" and round_ % 4 == 0:  # the column's topics back as they were
                (content / "columns" / f"{slug}.md").write_text(original, encoding="utf-8")
            builds = server.builds()
            site.edit(kind, slug, f"memory edit {made}", topics[round_ % len(topics)], f"bench-new-{round_}")
            server.wait_for_builds(builds + 1)
            if made % batch == 0 or made == edits:
                found.append((made, server.rss()))
                progress(f"{size}: {found[-1][1] / 2**20:.0f} MiB after {made} edits "
                         f"(the most held so far: {server.rss(peak=True) / 2**20:.0f} MiB)")
    finally:
        server.stop()
    return found


def build_seconds(log):
    """The median of our builds after the first, from Pelican's ``Done: … in N seconds`` lines."""
    found = [float(s) for s in re.findall(r"pages in (\d+(?:\.\d+)?) seconds",
                                          " ".join(Path(log).read_text(encoding="utf-8").split()))]
    return statistics.median(found[1:]) if len(found) > 1 else None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated column counts (1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the five edits (3)")
    parser.add_argument("--memory", type=int, metavar="N",
                        help="only our devserver's memory over N edits (no browser, no Hugo)")
    parser.add_argument("--batch", type=int, default=10, help="edits between memory readings (10)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    binary = competitors.hugo_binary() if args.memory is None else None
    for n in (int(size) for size in args.sizes.split(",")):
        archive = corpus.generate(args.work / str(n), n)
        if args.memory is not None:
            found = memory(archive, args.work / str(n), args.memory, args.batch)
            print(n, ", ".join(f"{made} edits: {rss / 2**20:.0f} MiB" for made, rss in found), flush=True)
            continue
        result = measure(archive, args.work / str(n), binary, args.rounds)
        print(n, result, flush=True)
    trash.empty(args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
