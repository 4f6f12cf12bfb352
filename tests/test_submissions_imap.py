"""`make queue IMAP_URL=…` against a real Dovecot on loopback ports: TLS and STARTTLS, the
mailbox left exactly as it was, incremental runs, a UIDVALIDITY change, a connection cut in
the middle of a fetch, and one clear line for every fault (the queue untouched)."""

import json
import os
import re
import socket
import ssl
import subprocess
import threading
import time

import pytest
from imapclient import IMAPClient

from conftest import ROOT
from advice_column.submissions.imap import Mailbox, MailboxError
from imap_server import DOVECOT, PASSWORD, USER, Dovecot, free_port, letter, words


def dovecot_available():
    if not os.path.exists(DOVECOT):
        return "dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)"
    if os.geteuid() != 0:
        return "dovecot's throwaway config needs root (CI runs as root)"
    return None


@pytest.fixture
def servers():
    """``servers(ssl=…)`` starts a Dovecot; all are stopped and removed after the test.
    Skipped when Dovecot cannot run here, except under CI, where that is a failure."""
    reason = dovecot_available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the IMAP tests: {reason}")
        pytest.skip(reason)
    started = []

    def start(ssl="yes"):
        started.append(Dovecot(ssl=ssl))
        return started[-1].start()

    yield start
    for server in started:
        server.remove()


@pytest.fixture
def dovecot(servers):
    return servers()


def queue(site, url, cafile=None, password=PASSWORD, env=None):
    """`make queue` with the mailbox at ``url``, as an editor runs it."""
    variables = {"INPUTDIR": site.content, "OUTPUTDIR": site.output, "SUBMISSIONS_DIR": site.root / "submissions",
                 "EDITORIAL_DIR": site.root / "editorial", "IMAP_URL": url, "IMAP_CAFILE": cafile or ""}
    environment = {key: value for key, value in os.environ.items() if key != "IMAP_PASSWORD"}
    if password is not None:
        environment["IMAP_PASSWORD"] = password
    environment.update(env or {})
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "queue",
                             *(f"{name}={value}" for name, value in variables.items())],
                            capture_output=True, text=True, timeout=300, env=environment)
    assert PASSWORD not in result.stdout + result.stderr
    return result


def kept(site, folder="INBOX"):
    path = site.root / "submissions" / "imap" / folder
    return sorted(path.glob("*.eml")) if path.is_dir() else []


def queue_json(site):
    return json.loads((site.root / "editorial" / "queue.json").read_text(encoding="utf-8"))


def mailbox_state(server, folder="INBOX"):
    """Every message's UID and flags (``\\Recent`` aside, it belongs to a session) and the count."""
    client = IMAPClient("127.0.0.1", server.imaps_port, ssl=True,
                        ssl_context=ssl.create_default_context(cafile=str(server.cafile)))
    client.login(USER, PASSWORD)
    status = client.select_folder(folder, readonly=True)
    flags = {uid: sorted(set(item[b"FLAGS"]) - {b"\\Recent"})
             for uid, item in client.fetch(client.search("ALL"), ["FLAGS"]).items()}
    client.logout()
    return status[b"UIDVALIDITY"], status[b"EXISTS"], flags


def same_message(path, delivered):
    """The kept file holds the delivered message (the server speaks CRLF)."""
    return path.read_bytes().replace(b"\r\n", b"\n") == delivered


def test_tls_fetch_keeps_each_message_raw_leaves_the_mailbox_unchanged_and_queues_it(site, dovecot):
    delivered = [letter(n) for n in range(1, 4)]
    for data in delivered:
        dovecot.deliver(data)
    validity, count, flags = mailbox_state(dovecot)
    assert count == 3 and all(b"\\Seen" not in f for f in flags.values())

    result = queue(site, dovecot.url("imaps"), dovecot.cafile)
    assert result.returncode == 0, result.stderr
    files = kept(site)
    assert [p.name for p in files] == [f"{validity}-{uid:010d}.eml" for uid in (1, 2, 3)]
    assert all(same_message(path, data) for path, data in zip(files, delivered))
    assert not list((site.root / "submissions" / "imap" / "INBOX").glob(".partial-*"))
    assert mailbox_state(dovecot) == (validity, count, flags)
    assert "deleted=0 expunged=0" in dovecot.log() and "body_count=3" in dovecot.log()

    document = queue_json(site)
    assert document["counts"]["new"] == document["counts"]["read"] == 3
    sources = {entry["source"]["file"] for entry in document["submissions"]}
    assert sources == {f"imap/INBOX/{p.name}" for p in files}
    assert "3 messages fetched, 0 kept before" in result.stderr


def test_starttls_to_a_server_that_requires_tls_and_a_subfolder(site, servers):
    server = servers(ssl="required")
    server.deliver(letter(7), folder="Letters")
    result = queue(site, server.url("imap", folder="Letters"), server.cafile)
    assert result.returncode == 0, result.stderr
    assert [same_message(p, letter(7)) for p in kept(site, "Letters")] == [True]
    logins = [line for line in server.log().splitlines() if "Login: user=<editor>" in line]
    assert len(logins) == 1 and ", TLS," in logins[0]  # upgraded with STARTTLS before the login


def test_plain_imap_is_allowed_to_a_loopback_server(site, servers):
    server = servers(ssl="no")
    server.deliver(letter(8))
    result = queue(site, server.url("imap"))
    assert result.returncode == 0, result.stderr
    assert len(kept(site)) == 1


def test_a_second_run_fetches_only_new_messages(site, dovecot):
    for n in range(1, 4):
        dovecot.deliver(letter(n))
    assert queue(site, dovecot.url(), dovecot.cafile).returncode == 0
    before = {p.name: p.stat().st_mtime_ns for p in kept(site)}
    for n in range(4, 6):
        dovecot.deliver(letter(n))
    result = queue(site, dovecot.url(), dovecot.cafile)
    assert result.returncode == 0, result.stderr
    assert "2 messages fetched, 3 kept before" in result.stderr
    after = {p.name: p.stat().st_mtime_ns for p in kept(site)}
    assert len(after) == 5 and {name: after[name] for name in before} == before
    assert queue_json(site)["counts"]["new"] == 5
    result = queue(site, dovecot.url(), dovecot.cafile)
    assert "0 messages fetched, 5 kept before" in result.stderr


def test_a_changed_uidvalidity_refetches_without_duplicate_queue_entries(site, dovecot):
    for n in range(1, 4):
        dovecot.deliver(letter(n))
    assert queue(site, dovecot.url(), dovecot.cafile).returncode == 0
    first_validity = mailbox_state(dovecot)[0]
    dovecot.stop()
    for path in dovecot.maildir.iterdir():  # the server forgets its UIDs, as after a restore
        if path.name.startswith("dovecot"):
            path.unlink()
    time.sleep(1.1)  # Dovecot's new UIDVALIDITY is the time in seconds
    dovecot.deliver(letter(4))
    dovecot.start()
    validity, count, _flags = mailbox_state(dovecot)
    assert validity != first_validity and count == 4

    result = queue(site, dovecot.url(), dovecot.cafile)
    assert result.returncode == 0, result.stderr
    assert "4 messages fetched, 0 kept before" in result.stderr
    names = [p.name for p in kept(site)]
    assert len(names) == 4 and sum(name.startswith(f"{validity}-") for name in names) == 1
    document = queue_json(site)
    assert document["counts"] == {"read": 4, "new": 4, "answered": 0, "duplicate": 0, "rejected": 0}
    again = queue(site, dovecot.url(), dovecot.cafile)
    assert "0 messages fetched, 4 kept before" in again.stderr


class CuttingProxy:
    """A loopback TCP relay to the server that drops both sides once ``limit`` bytes came back."""

    def __init__(self, port, limit):
        self.target, self.limit = port, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            sent = [0]
            threading.Thread(target=self.pipe, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self.pipe, args=(server, client, sent), daemon=True).start()

    def pipe(self, source, sink, sent):
        try:
            while data := source.recv(16384):
                sink.sendall(data)
                if sent is not None:
                    sent[0] += len(data)
                    if sent[0] >= self.limit:
                        break
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self):
        self.listener.close()


def test_a_connection_cut_mid_fetch_keeps_what_was_written_and_the_next_run_completes(site, dovecot):
    delivered = [letter(n, text=words(n, count=600)) for n in range(1, 121)]
    for data in delivered:
        dovecot.deliver(data)
    editorial = site.root / "editorial"
    proxy = CuttingProxy(dovecot.imaps_port, limit=300_000)
    try:
        cut = queue(site, f"imaps://{USER}@127.0.0.1:{proxy.port}/INBOX", dovecot.cafile)
    finally:
        proxy.close()
    assert cut.returncode != 0
    errors = [line for line in cut.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "was lost after" in errors[0] and "run make queue again" in errors[0]
    assert not editorial.exists()  # the queue is not written from half a mailbox
    partial = kept(site)
    assert 0 < len(partial) < 120
    assert all(same_message(path, delivered[int(path.stem.split("-")[1]) - 1]) for path in partial)

    result = queue(site, dovecot.url(), dovecot.cafile)
    assert result.returncode == 0, result.stderr
    assert f"{120 - len(partial)} messages fetched, {len(partial)} kept before" in result.stderr
    files = kept(site)
    assert len(files) == 120
    assert all(same_message(path, data) for path, data in zip(files, delivered))
    assert queue_json(site)["counts"]["new"] == 120


def test_the_server_stopped_mid_fetch_keeps_what_was_written_and_the_next_run_completes(site, dovecot):
    total = 400
    for n in range(1, total + 1):
        dovecot.deliver(letter(n, attachment=80_000))
    folder = site.root / "submissions" / "imap" / "INBOX"
    variables = {"INPUTDIR": site.content, "SUBMISSIONS_DIR": site.root / "submissions",
                 "EDITORIAL_DIR": site.root / "editorial", "IMAP_URL": dovecot.url(), "IMAP_CAFILE": dovecot.cafile}
    running = subprocess.Popen(["make", "--no-print-directory", "-C", str(ROOT), "queue",
                                *(f"{name}={value}" for name, value in variables.items())],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "IMAP_PASSWORD": PASSWORD})
    deadline = time.monotonic() + 120
    while len(list(folder.glob("*.eml"))) < 50 and time.monotonic() < deadline and running.poll() is None:
        time.sleep(0.01)
    dovecot.stop()  # the whole server goes away in the middle of the fetch
    _out, err = running.communicate(timeout=120)
    assert running.returncode != 0, "the fetch ended before the server was stopped"
    assert "was lost after" in err and "Traceback" not in err
    partial = len(list(folder.glob("*.eml")))
    assert 50 <= partial < total and not (site.root / "editorial").exists()

    dovecot.start()
    result = queue(site, dovecot.url(), dovecot.cafile)
    assert result.returncode == 0, result.stderr
    assert f"{total - partial} messages fetched, {partial} kept before" in result.stderr
    assert len(list(folder.glob("*.eml"))) == total
    assert queue_json(site)["counts"]["read"] == total


def test_progress_is_shown_on_a_large_mailbox(site, dovecot):
    total = 10_000
    for n in range(1, total + 1):
        dovecot.deliver(letter(n))
    result = queue(site, dovecot.url(), dovecot.cafile)
    assert result.returncode == 0, result.stderr
    assert f"{total} messages, {total} not kept yet" in result.stderr
    shown = re.findall(rf"(\d+) of {total} messages fetched", result.stderr)
    assert [int(n) for n in shown] == list(range(500, total, 500))
    assert len(kept(site)) == total and queue_json(site)["counts"]["read"] == total


FAULTS = {
    "wrong password": (lambda d: d.url(), {"password": "not-the-password"},
                       "refused the login of editor; check IMAP_PASSWORD"),
    "unreachable host": (lambda d: f"imaps://{USER}@127.0.0.1:{free_port()}/INBOX", {},
                         "cannot reach 127.0.0.1:"),
    "bad certificate": (lambda d: d.url(), {"cafile": ""}, "is not trusted (self-signed certificate"),
    "missing folder": (lambda d: d.url(folder="Nowhere"), {},
                       "has no folder 'Nowhere' (it has: INBOX); fix the folder at the end of IMAP_URL"),
    "no password": (lambda d: d.url(), {"password": None}, "set IMAP_PASSWORD in the environment or add"),
    "password in the URL": (lambda d: d.url().replace("editor@", f"editor:{PASSWORD}@"), {},
                            "IMAP_URL holds a password"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_is_one_clear_line_and_leaves_the_queue_untouched(site, dovecot, fault, tmp_path):
    dovecot.deliver(letter(1))
    editorial = site.root / "editorial"
    editorial.mkdir()
    (editorial / "queue.json").write_text("the editor's last queue\n")
    url, options, message = FAULTS[fault]
    options = {"cafile": dovecot.cafile, **options}
    result = queue(site, url(dovecot), env={"HOME": str(tmp_path)}, **options)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert message in errors[0]
    assert "Traceback" not in result.stderr
    assert (editorial / "queue.json").read_text() == "the editor's last queue\n"
    assert list(editorial.iterdir()) == [editorial / "queue.json"]
    assert kept(site) == []


def test_the_password_can_come_from_netrc(site, dovecot, tmp_path):
    dovecot.deliver(letter(1))
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    result = queue(site, dovecot.url(), dovecot.cafile, password=None, env={"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert len(kept(site)) == 1


def test_a_folder_that_cannot_be_written_is_one_line_too(site, dovecot):
    dovecot.deliver(letter(1))
    imap = site.root / "submissions" / "imap"
    imap.mkdir(parents=True)
    (imap / "INBOX").write_text("a file where the folder should be\n")  # fails for root too
    result = queue(site, dovecot.url(), dovecot.cafile)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and f"cannot write into {imap / 'INBOX'}" in errors[0]
    assert "Traceback" not in result.stderr and not (site.root / "editorial").exists()


@pytest.mark.parametrize("url, loopback", [
    ("imap://editor@127.0.0.1:1143/INBOX", True), ("imap://editor@127.8.9.10/INBOX", True),
    ("imap://editor@localhost/INBOX", True), ("imap://editor@[::1]:143/INBOX", True),
    ("imap://editor@mail.example.org/INBOX", False), ("imap://editor@192.0.2.7/INBOX", False),
    ("imap://editor@localhost.example.org/INBOX", False),
])
def test_plain_text_is_only_for_a_loopback_address(url, loopback):
    """Which servers `imap://` may talk to without STARTTLS (the others are refused before the login)."""
    assert Mailbox.parse(url).on_loopback() is loopback


def test_imap_url_is_read_with_its_defaults():
    mailbox = Mailbox.parse("imaps://letters%40example.org@mail.example.org/Letters%2F2026")
    assert (mailbox.user, mailbox.host, mailbox.port, mailbox.folder) == (
        "letters@example.org", "mail.example.org", 993, "Letters/2026")
    assert Mailbox.parse("imap://u@h").port == 143 and Mailbox.parse("imap://u@h").folder == "INBOX"
    assert mailbox.kept_in("submissions").name == "Letters%2F2026"
    assert Mailbox.parse("imaps://u@h/.Hidden").kept_in("s").name == "%2EHidden"  # never a hidden folder
    with pytest.raises(MailboxError, match="not an imaps:// or imap:// address"):
        Mailbox.parse("https://mail.example.org/")
