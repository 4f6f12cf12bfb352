"""The receiver under load on loopback (bounded: a few hundred posts, 32 at a time): every
303 has its file and `make queue` accounts for every one; killed with SIGKILL in the middle
and restarted, every acknowledged letter is there and no file is half-written."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from imap_server import words
from receiver_helpers import Receiver, wait_until

POSTS = 400
CONCURRENCY = 32


def letter(number):
    return {"question": f"[load-{number:04d}] {words(number, count=60)}?", "signoff": f"Reader {number}",
            "email": f"reader{number}@example.com", "consent": "yes", "_gotcha": ""}


def send(receiver, number):
    """The status of one post, or None when the connection failed (the receiver was killed)."""
    try:
        return receiver.post(letter(number), timeout=60)[0]
    except OSError:
        return None


def markers(receiver):
    """The marker of every letter stored, as the receiver's files hold them."""
    return [items[0]["question"][1:10] for items in receiver.stored().values()]


def test_every_acknowledged_letter_under_load_is_stored_and_queued(site, tmp_path):
    server = Receiver(tmp_path / "submissions", tmp_path / "receiver.log", rate=100_000).start()
    try:
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            statuses = list(pool.map(lambda n: send(server, n), range(POSTS)))
    finally:
        server.stop()
    assert statuses == [303] * POSTS
    stored = markers(server)
    assert sorted(stored) == [f"load-{n:04d}" for n in range(POSTS)]
    assert server.all_files() == list(server.stored())  # nothing partial, nothing else
    editorial = tmp_path / "editorial"
    result = site.make("queue", SUBMISSIONS_DIR=tmp_path / "submissions", EDITORIAL_DIR=editorial)
    assert result.returncode == 0, result.stderr
    counts = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["counts"]
    assert counts["read"] == POSTS and counts["new"] == POSTS


def test_sigkill_in_the_middle_of_the_load_loses_no_acknowledged_letter(site, tmp_path):
    submissions = tmp_path / "submissions"
    server = Receiver(submissions, tmp_path / "receiver.log", rate=100_000).start()
    results = {}

    def worker(number):
        results[number] = send(server, number)

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for number in range(POSTS):
            pool.submit(worker, number)
        assert wait_until(lambda: sum(status == 303 for status in list(results.values())) >= 60)
        server.kill()  # SIGKILL to make and the server, with posts in flight
    acknowledged = {f"load-{n:04d}" for n, status in results.items() if status == 303}
    assert 60 <= len(acknowledged) < POSTS and None in results.values()

    restarted = Receiver(submissions, tmp_path / "receiver2.log", rate=100_000, port=server.port).start()
    try:
        stored = markers(restarted)  # every visible file is whole JSON, or this fails
        assert acknowledged <= set(stored)
        assert len(stored) == len(set(stored))
        assert restarted.all_files() == list(restarted.stored())  # no partial file left over
        assert restarted.post(letter(POSTS))[0] == 303
    finally:
        restarted.stop()
    editorial = tmp_path / "editorial"
    result = site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=editorial)
    assert result.returncode == 0, result.stderr
    counts = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["counts"]
    assert counts["read"] == len(stored) + 1 and counts["rejected"] == 0
