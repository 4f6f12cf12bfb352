"""The receiver's throughput and tail latency (`make bench`, table 6), beside a static file
served by the same server as the ceiling.

    python -m bench.receiver --posts 2000 --concurrency 32 --work /tmp/receiver-bench

The receiver's application runs in its own process under uvicorn, as `make receiver` runs
it, with one more route (``GET /ceiling.html``, a file of the size of the thank-you page)
for the ceiling. A client of a few coroutines on this machine's loopback, ``concurrency``
keep-alive connections, sends distinct letters (a bounded count) and then as many
requests for the file; a letter counts when it was answered 303 and its file is on disk.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
POSTS = 1000
CONCURRENCY = 32
CEILING_BYTES = 4096


def serve(submissions, port):
    """Run in the server process: the receiver's app, plus the ceiling's static file."""
    import uvicorn
    from starlette.responses import FileResponse
    from starlette.routing import Route

    from advice_column.receiver.app import create_app
    from advice_column.receiver.config import ReceiverConfig
    from advice_column.settings import load

    settings = {**load(str(ROOT / "pelicanconf.py")), "RECEIVER_RATE": 10**9}
    app = create_app(ReceiverConfig.from_settings(settings, Path(submissions)))
    ceiling = Path(submissions) / "ceiling.html"
    app.router.routes.append(Route("/ceiling.html", lambda request: FileResponse(ceiling)))
    uvicorn.run(app, host="127.0.0.1", port=int(port), access_log=False, log_level="warning")


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def letter_request(number, port):
    body = urlencode({"question": f"[bench-{number}] My manager keeps moving my deadlines. " * 12,
                      "signoff": f"Reader {number}", "email": f"reader{number}@example.com",
                      "consent": "yes", "_gotcha": ""}).encode()
    return (f"POST /letters HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:8000\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def static_request(port):
    return f"GET /ceiling.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


async def response(reader):
    """The status of one response, its body read (Content-Length)."""
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def drive(port, requests, concurrency):
    """Send ``requests`` over ``concurrency`` connections; ``(seconds, [(status, latency)])``."""
    queue = list(reversed(requests))
    results = []

    async def connection():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            request = queue.pop()
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            results.append((await response(reader), time.perf_counter() - start))
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return time.perf_counter() - start, results


def summary(seconds, results, ok):
    latencies = sorted(latency for _status, latency in results)
    cut = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    good = sum(status == ok for status, _ in results)
    return {"requests": len(results), "good": good, "seconds": seconds, "per_second": good / seconds,
            "p50_ms": cut[49] * 1000, "p95_ms": cut[94] * 1000, "p99_ms": cut[98] * 1000,
            "max_ms": latencies[-1] * 1000}


def measure(work, posts=POSTS, concurrency=CONCURRENCY, progress=print):
    """Table 6: ``{"letters": {...}, "static": {...}, "concurrency": n}``; letters' ``stored``
    is the number of letter files on disk afterwards."""
    work = Path(work)
    shutil.rmtree(work, ignore_errors=True)
    submissions = work / "submissions"
    submissions.mkdir(parents=True)
    (submissions / "ceiling.html").write_bytes(b"<!DOCTYPE html>" + b"x" * (CEILING_BYTES - 15))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    server = subprocess.Popen([sys.executable, "-c", f"from bench.receiver import serve; "
                               f"serve({str(submissions)!r}, {port})"], env=env, start_new_session=True)
    try:
        wait_for(port)
        progress(f"receiver: {posts:,} letters over {concurrency} connections")
        seconds, results = asyncio.run(drive(port, [letter_request(n, port) for n in range(posts)], concurrency))
        letters = summary(seconds, results, 303)
        letters["stored"] = sum(1 for path in (submissions / "received").glob("*/*.json")
                                if json.loads(path.read_text(encoding="utf-8")))
        progress(f"receiver: {posts:,} requests for a static file (the ceiling)")
        seconds, results = asyncio.run(drive(port, [static_request(port)] * posts, concurrency))
        static = summary(seconds, results, 200)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    progress(f"receiver: {letters['per_second']:,.0f} letters/s (p99 {letters['p99_ms']:.0f} ms), "
             f"static file {static['per_second']:,.0f}/s (p99 {static['p99_ms']:.0f} ms)")
    return {"letters": letters, "static": static, "concurrency": concurrency}


def wait_for(port, timeout=30):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the receiver did not listen on 127.0.0.1:{port} within {timeout} s")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.receiver", description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=POSTS)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "receiver")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.work, args.posts, args.concurrency), indent=1))


if __name__ == "__main__":
    main()
