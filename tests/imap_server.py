"""A real Dovecot for the IMAP tests: a throwaway config on loopback ports, a self-signed
certificate for 127.0.0.1, one user whose Maildir the tests fill (see README, "Tests")."""

import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "editor", "letters-Pa55"
#: The system user that owns the Maildir (Debian's package creates it).
MAIL_USER = "dovecot"

CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
ssl_cert = <{base}/cert.pem
ssl_key = <{base}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = {mail_user}
default_login_user = dovenull
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
{imaps_listener}}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


IMAPS_LISTENER = """\
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


WORDS = ("manager team review raise schedule office remote contract salary project deadline colleague "
         "interview offer promotion training overtime holiday benefits meeting client report budget "
         "mentor recruiter résumé reference startup layoff notice transfer shift weekend commute "
         "feedback credit conflict burnout career degree skills leave parental sick policy hr union").split()


def words(number, count=40):
    """``count`` words chosen by ``number``: letters that are not near-duplicates of each other."""
    rng = random.Random(number)
    return " ".join(rng.choice(WORDS) for _ in range(count))


def letter(number, text=None, sender=None, attachment=0):
    """The bytes of one reader's letter, dated ``number`` minutes after a fixed time (with an
    attachment of ``attachment`` random bytes: a large message whose letter is short)."""
    message = EmailMessage()
    message["From"] = sender or f"Reader {number} <reader{number}@example.com>"
    message["To"] = "letters@example.org"
    message["Subject"] = f"Question {number}"
    message["Date"] = format_datetime(datetime(2026, 11, 1, 9, tzinfo=timezone.utc) + timedelta(minutes=number))
    message["Message-ID"] = f"<letter-{number}@example.com>"
    message.set_content(text or f"Letter {number}: {words(number)}?\n")
    if attachment:
        message.add_attachment(random.Random(number).randbytes(attachment), maintype="application",
                               subtype="octet-stream", filename="cv.pdf")
    return bytes(message)


def alive(group, pid):
    """Whether any process of ``group`` (or ``pid``, without a group) is left."""
    try:
        os.killpg(group, 0) if group else os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class Dovecot:
    """``start()``, ``stop()``, ``deliver(bytes)``, ``remove()``; ``url(scheme)`` for ``IMAP_URL``."""

    def __init__(self, ssl="yes"):
        # A short path of its own, open to the mail user: Dovecot's sockets have a length
        # limit, and pytest's temporary folders are long and private to root.
        self.root = Path(tempfile.mkdtemp(prefix="dovecot-", dir="/tmp"))
        self.ssl = ssl
        self.imap_port, self.imaps_port = free_port(), free_port()
        import pwd

        entry = pwd.getpwnam(MAIL_USER)
        self.uid, self.gid = entry.pw_uid, entry.pw_gid
        self.maildir = self.root / "home" / USER / "Maildir"
        self.cafile = self.root / "cert.pem"
        self._setup()

    def _setup(self):
        for name in ("run", "state", "home"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(self.root / "key.pem"), "-out", str(self.cafile)],
            check=True, capture_output=True)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        os.chmod(self.root / "passwd", 0o644)
        self.config = self.root / "dovecot.conf"
        self.config.write_text(CONFIG.format(
            base=self.root, ssl=self.ssl, mail_user=MAIL_USER, uid=self.uid, gid=self.gid,
            imap_port=self.imap_port,
            imaps_listener=IMAPS_LISTENER.format(port=self.imaps_port) if self.ssl != "no" else ""))
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        self.own(self.root / "home")
        os.chmod(self.root, 0o755)

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def own(self, top):
        for directory, _dirs, files in os.walk(top):
            os.chown(directory, self.uid, self.gid)
            for name in files:
                os.chown(os.path.join(directory, name), self.uid, self.gid)

    def start(self):
        # Dovecot forks into the background: its output goes to its log, not to a pipe we wait on.
        with open(self.root / "start.log", "ab") as out:
            subprocess.run([DOVECOT, "-c", str(self.config)], check=True, stdout=out, stderr=out)
        wait_for_port(self.imap_port)
        if self.ssl != "no":
            wait_for_port(self.imaps_port)
        return self

    def stop(self):
        """Stop the server and every process of it: the master leaves its children running
        (their connections too), so its whole process group is ended."""
        pidfile = self.root / "run" / "master.pid"
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text().split()[0])
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            return
        if group == os.getpgrp():  # never our own group
            group = None
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(group, sig) if group else os.kill(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and alive(group, pid):
                time.sleep(0.05)
            if not alive(group, pid):
                break
        pidfile.unlink(missing_ok=True)

    def deliver(self, data, folder=None):
        """Put one message into the Maildir (``folder`` a subfolder such as ``Letters``), as
        a mail server's delivery does: written in ``tmp/``, moved into ``new/``."""
        top = self.maildir if folder is None else self.maildir / f".{folder}"
        for sub in ("cur", "new", "tmp"):
            if not (top / sub).is_dir():
                (top / sub).mkdir(parents=True)
                os.chown(top, self.uid, self.gid)
                os.chown(top / sub, self.uid, self.gid)
        self._count = getattr(self, "_count", 0) + 1
        name = f"{time.time_ns()}.M{self._count}P{os.getpid()}.test"
        (top / "tmp" / name).write_bytes(data)
        os.chown(top / "tmp" / name, self.uid, self.gid)
        os.rename(top / "tmp" / name, top / "new" / name)

    def url(self, scheme="imaps", folder="INBOX", user=USER):
        port = self.imaps_port if scheme == "imaps" else self.imap_port
        return f"{scheme}://{user}@127.0.0.1:{port}/{folder}"

    def log(self):
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""
