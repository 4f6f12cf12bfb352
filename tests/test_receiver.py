"""`make receiver` over HTTP: a letter stored then 303 to the thank-you page, every refusal
with its status and nothing stored, the honeypot, a full or unwritable disk, what it logs,
and `make queue` reading what it stored with no configuration."""

import http.client
import json
import os
import subprocess
from datetime import datetime, timezone

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from receiver_helpers import RATE, Receiver, address, new_address, receiver  # noqa: F401 (fixtures)


def letter(marker, **fields):
    return {"question": f"My manager reads my private messages. What can I do? [{marker}]",
            "subject": "Privacy at work", "signoff": "Watched in Walla Walla", "name": "Pat Doe",
            "email": f"{marker}@example.com", "consent": "yes", "_gotcha": "", **fields}


def stored_with(receiver, marker):
    return [items for items in receiver.stored().values() if marker in items[0]["question"]]


def test_a_letter_is_stored_in_the_ask_form_format_then_303_to_the_thank_you_page(receiver, address):
    status, headers, _ = receiver.post(letter("good-1"), headers=address)
    assert status == 303
    assert headers["location"] == f"http://127.0.0.1:{receiver.site_port}/ask/thanks/"
    [items] = stored_with(receiver, "good-1")
    assert len(items) == 1
    item = items[0]
    assert {k: v for k, v in item.items() if k != "received"} == letter("good-1")
    received = datetime.fromisoformat(item["received"])
    assert abs((datetime.now(timezone.utc) - received).total_seconds()) < 60
    path = next(p for p, items in receiver.stored().items() if "good-1" in items[0]["question"])
    assert path.parent.name == received.strftime("%Y-%m")


def test_the_honeypot_gets_the_same_answer_and_is_stored_as_spam(receiver, address):
    status, headers, _ = receiver.post(letter("bot-1", _gotcha="http://spam.example"), headers=address)
    assert status == 303 and headers["location"].endswith("/ask/thanks/")
    [items] = stored_with(receiver, "bot-1")
    assert items[0]["_gotcha"] == "http://spam.example"


REFUSALS = {
    "no question": (400, {"fields": {"subject": "Hello", "email": "x@example.com"}}, "has no question"),
    "a blank question": (400, {"fields": {"question": "  \n "}}, "has no question"),
    "invalid UTF-8 escaped": (400, {"body": b"question=caf%E9+%5Bbad-1%5D"}, "UTF-8"),
    "invalid UTF-8 raw": (400, {"body": b"question=caf\xe9 [bad-2]"}, "UTF-8"),
    "a field over its limit": (400, {"fields": {**letter("long-1"), "signoff": "x" * 81}}, "“signoff” is over 80"),
    "a body over SUBMISSION_MAX_BYTES": (413, {"fields": {"question": "[big-1] " + "a" * 262144}},
                                         "over 262,144 bytes"),
    "plain text": (415, {"fields": letter("type-1"), "headers": {"Content-Type": "text/plain"}}, "form only"),
    "JSON": (415, {"body": json.dumps(letter("type-2")).encode(),
                   "headers": {"Content-Type": "application/json"}}, "form only"),
    "multipart": (415, {"body": b"--x\r\nContent-Disposition: form-data; name=question\r\n\r\n[type-3]\r\n--x--\r\n",
                        "headers": {"Content-Type": "multipart/form-data; boundary=x"}}, "form only"),
    "another charset": (415, {"fields": letter("type-4"),
                              "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"}},
                        "form only"),
    "another site's Origin": (403, {"fields": letter("csrf-1"), "headers": {"Origin": "https://evil.example"}},
                              "only from the column's own ask page"),
    "another site's Referer": (403, {"fields": letter("csrf-2"),
                                     "headers": {"Origin": None, "Referer": "https://evil.example/ask/"}},
                               "only from the column's own ask page"),
    "Origin null": (403, {"fields": letter("csrf-3"), "headers": {"Origin": "null"}}, "own ask page"),
    "the right host on another port": (403, {"fields": letter("csrf-4"),
                                             "headers": {"Origin": "http://127.0.0.1:9"}}, "own ask page"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_bad_input_gets_its_status_and_a_plain_page_and_nothing_is_stored(receiver, address, case):
    status, request, says = REFUSALS[case]
    before = receiver.all_files()
    got, headers, text = receiver.post(fields=request.get("fields"), body=request.get("body"),
                                       headers={**address, **request.get("headers", {})})
    assert got == status
    assert headers["content-type"].startswith("text/html")
    page = BeautifulSoup(text, "html.parser")
    assert says in page.get_text()
    assert page.find("a", href=f"http://127.0.0.1:{receiver.site_port}/ask/")
    assert receiver.all_files() == before


def test_a_body_over_the_limit_without_a_length_is_cut_off_at_the_limit(receiver, address):
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=30)
    chunks = (b"question=" if i == 0 else b"a" * 65536 for i in range(8))
    connection.request("POST", "/letters", body=chunks, encode_chunked=True,
                       headers={"Content-Type": "application/x-www-form-urlencoded", **address})
    assert connection.getresponse().status == 413
    connection.close()


def test_a_post_cut_off_by_the_sender_stores_nothing_and_the_receiver_goes_on(receiver, address):
    import socket

    before = receiver.all_files()
    with socket.create_connection(("127.0.0.1", receiver.port)) as sock:
        sock.sendall(b"POST /letters HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 5000\r\nX-Forwarded-For: " + address["X-Forwarded-For"].encode() +
                     b"\r\n\r\nquestion=[cut-1] half a letter")
    assert receiver.post(letter("after-cut"), headers=address)[0] == 303
    assert not any("cut-1" in items[0]["question"] for items in receiver.stored().values())
    assert len(receiver.all_files()) == len(before) + 1
    assert "Traceback" not in receiver.log()


def test_more_letters_a_minute_than_receiver_rate_from_one_address_get_429(receiver, address):
    statuses = [receiver.post(letter(f"rate-{n}"), headers=address)[0] for n in range(RATE + 2)]
    assert statuses == [303] * RATE + [429, 429]
    assert len([1 for n in range(RATE + 2) if stored_with(receiver, f"rate-{n}]")]) == RATE
    assert receiver.post(letter("rate-other"), headers=new_address())[0] == 303


def test_posts_from_the_site_served_locally_or_with_no_origin_at_all_are_taken(receiver, address):
    for marker, headers in (("same-1", {"Origin": f"http://localhost:{receiver.site_port}"}),
                            ("same-2", {"Origin": None, "Referer": f"{receiver.site}/ask/"}),
                            ("same-3", {"Origin": None})):
        assert receiver.post(letter(marker), headers={**address, **headers})[0] == 303, marker
        assert stored_with(receiver, marker), marker


def test_the_public_receiver_sends_readers_to_siteurl_and_takes_posts_from_it_only(tmp_path):
    public = "https://columns.example.com"
    server = Receiver(tmp_path / "submissions", tmp_path / "receiver.log", conf=ROOT / "publishconf.py",
                      siteurl=public).start()
    try:
        status, headers, _ = server.post(letter("public-1"))
        local = server.post(letter("public-2"), headers={"Origin": "http://127.0.0.1:8000"})[0]
        plain = server.post(letter("public-3"), headers={"Origin": "http://columns.example.com"})[0]
    finally:
        server.stop()
    assert (status, headers["location"]) == (303, f"{public}/ask/thanks/")
    assert (local, plain) == (403, 403)
    assert len(server.stored()) == 1


def test_it_never_serves_what_it_stored_and_answers_only_posts_to_letters_and_comments(receiver, address):
    receiver.post(letter("secret-1"), headers=address)
    path = next(p for p, items in receiver.stored().items() if "secret-1" in items[0]["question"])
    relative = path.relative_to(receiver.submissions)
    for method, target in (("GET", "/letters"), ("GET", "/"), ("GET", f"/{relative}"),
                           ("GET", f"/{path.relative_to(receiver.submissions / 'received')}"),
                           ("GET", "/comments"), ("PUT", "/letters"), ("PUT", "/comments")):
        status, _headers, text = receiver.post(method=method, path=target, headers=address)
        assert status in (404, 405), (method, target)
        assert "secret-1" not in text


def test_the_log_holds_no_letter_text_and_no_address(receiver, address):
    receiver.post(letter("logged-1", question="Quokka question [logged-1]"), headers=address)
    receiver.post(letter("logged-2", signoff="y" * 100), headers=address)
    log = receiver.log()
    assert "letter stored" in log and "refused: 400" in log
    for secret in ("Quokka", "logged-1", "logged-2@example.com", "Pat Doe", "Walla Walla",
                   address["X-Forwarded-For"]):
        assert secret not in log


def queue_of(site, submissions, conf=None):
    editorial = site.root / "editorial"
    result = site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=editorial,
                       **({"CONFFILE": conf} if conf else {}))
    assert result.returncode == 0, result.stderr
    return (json.loads((editorial / "queue.json").read_text(encoding="utf-8")),
            (editorial / "queue.html").read_text(encoding="utf-8"), result)


def test_make_queue_reads_the_stored_letters_with_no_configuration(site, tmp_path):
    server = Receiver(tmp_path / "submissions", tmp_path / "receiver.log").start()
    try:
        assert server.post(letter("queue-1"))[0] == 303
        assert server.post(letter("queue-2", _gotcha="buy now"))[0] == 303
    finally:
        server.stop()
    document, _page, _result = queue_of(site, tmp_path / "submissions")
    assert document["counts"]["read"] == 2
    entries = {e["reason"]: e for e in document["submissions"]}
    good = entries[None]
    assert good["status"] == "new" and good["signoff"] == "Watched in Walla Walla"
    assert good["sender"] == {"name": "Pat Doe", "email": "queue-1@example.com"}
    assert good["source"]["file"].startswith("received/")
    assert entries["spam"]["status"] == "rejected"


def test_a_hostile_letter_is_stored_as_data_and_shown_escaped_in_the_queue(site, tmp_path):
    conf = tmp_path / "bigconf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                    f"SUBMISSION_MAX_BYTES = 4_000_000\n")
    server = Receiver(tmp_path / "submissions", tmp_path / "receiver.log", conf=conf).start()
    hostile = {
        "question": '<script>alert("q")</script><img src=x onerror=alert(1)> Is my boss allowed to '
                    'read my chat? ' + "A long story about my workplace. " * 31000,
        "subject": "Help\r\nBcc: everyone@example.com\r\nX-Injected: yes",
        "signoff": '"><script>alert(3)</script>',
        "name": "</td><script>alert(4)</script>", "email": "x@example.com\r\nCc: y@example.com",
        "consent": "yes", "_gotcha": "",
    }
    assert len(hostile["question"]) > 1_000_000
    try:
        assert server.post(hostile)[0] == 303
    finally:
        server.stop()
    [items] = server.stored().values()
    assert {k: v for k, v in items[0].items() if k != "received"} == hostile
    document, page, _result = queue_of(site, tmp_path / "submissions", conf)
    [entry] = document["submissions"]
    assert entry["status"] == "new"
    soup = BeautifulSoup(page, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    assert not soup.find("img", onerror=True)
    assert '<script>alert("q")</script>' in soup.get_text()


def mount_tmpfs(folder, size):
    folder.mkdir(parents=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({done.stderr.strip()}); needs root")


def test_a_full_disk_answers_503_and_keeps_nothing_partial_then_recovers(site, tmp_path):
    submissions = tmp_path / "small-disk"
    mount_tmpfs(submissions, "64k")
    try:
        server = Receiver(submissions, tmp_path / "receiver.log").start()
        try:
            status, _headers, text = server.post({"question": "[full-1] " + "a" * 200_000})
            assert status == 503 and "was not kept" in text
            assert [p for p in server.all_files()] == []
            assert server.post(letter("full-2"))[0] == 303
            assert len(server.stored()) == 1 and server.all_files() == list(server.stored())
        finally:
            server.stop()
    finally:
        subprocess.run(["umount", str(submissions)], check=True)


def test_an_unwritable_folder_answers_503(tmp_path):
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "received").write_text("not a folder\n")  # fails for root too
    server = Receiver(submissions, tmp_path / "receiver.log").start()
    try:
        status, _headers, text = server.post(letter("unwritable-1"))
    finally:
        server.stop()
    assert status == 503 and "please send it again" in text
    assert (submissions / "received").read_text() == "not a folder\n"
    assert "storing a post" in server.log()


def test_bad_receiver_settings_are_one_error_line(tmp_path):
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "receiver",
                             f"SUBMISSIONS_DIR={tmp_path}", "RECEIVER_PORT=99999"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "RECEIVER_PORT is 99999; use a port number from 1 to 65535" in errors[0]


def test_it_refuses_to_store_letters_inside_the_content_folder(site):
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "receiver", f"INPUTDIR={site.content}",
                             f"SUBMISSIONS_DIR={site.content / 'letters'}"], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SUBMISSIONS_DIR is inside" in result.stderr and not (site.content / "letters").exists()
