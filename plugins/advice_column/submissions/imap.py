"""The column's mailbox over IMAP, read-only: each message kept as a raw ``.eml`` file.

``IMAP_URL`` is ``imaps://user@host[:port]/Folder`` (TLS from the start) or
``imap://…`` (STARTTLS required; plain text only to a loopback address). The
password comes from ``IMAP_PASSWORD`` in the environment or from ``~/.netrc``;
``IMAP_CAFILE`` names a CA bundle for a server with its own certificate.

The mailbox is never changed: the folder is opened with ``EXAMINE`` and
messages are fetched with ``BODY.PEEK[]`` (no ``\\Seen`` flag), nothing is
stored, moved or deleted. Message UID ``u`` of a folder whose UIDVALIDITY is
``v`` is kept as ``SUBMISSIONS_DIR/imap/<folder>/<v>-<u>.eml`` (written with
:func:`store.keep`), so a run fetches only what is not kept yet and a
connection lost mid-way keeps every message written before it. When the
server changes the folder's UIDVALIDITY, every message is fetched again, and
one byte for byte equal to a file already kept is not written twice: it is
noted in the folder's hidden ``.same-as.json`` instead (new UID -> kept file).
"""

import hashlib
import imaplib
import ipaddress
import json
import netrc
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from .store import keep

DEFAULT_PORTS = {"imaps": 993, "imap": 143}
#: Seconds without an answer before the server is given up on.
TIMEOUT = 30
#: Messages asked for in one FETCH.
BATCH = 50
#: Progress is reported every this many messages.
PROGRESS_EVERY = 500
ALIASES = ".same-as.json"


class MailboxError(Exception):
    """One line for the editor: what went wrong with which server, and what to do."""

    def __init__(self, what, todo):
        super().__init__(f"{what}; {todo}")
        self.what, self.todo = what, todo


@dataclass(frozen=True)
class Mailbox:
    """Where the letters are, from ``IMAP_URL`` (never with a password)."""

    scheme: str
    user: str
    host: str
    port: int
    folder: str

    @classmethod
    def parse(cls, url):
        parts = urlsplit(url.strip())
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise MailboxError(f"IMAP_URL {url!r} is not an imaps:// or imap:// address",
                               "write it as imaps://user@host[:port]/Folder")
        if parts.password is not None:
            raise MailboxError("IMAP_URL holds a password",
                               "remove it from IMAP_URL and set IMAP_PASSWORD or use ~/.netrc")
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            raise MailboxError(f"IMAP_URL {url!r} has a bad port", "write the port as a number") from None
        folder = unquote(parts.path.lstrip("/")) or "INBOX"
        return cls(parts.scheme, unquote(parts.username or ""), parts.hostname, port, folder)

    def __str__(self):
        user = f"{quote(self.user)}@" if self.user else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}/{quote(self.folder)}"

    @property
    def server(self):
        return f"{self.host}:{self.port}"

    def on_loopback(self):
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def kept_in(self, submissions):
        """The folder under ``submissions`` its messages are kept in (a name safe on any disk)."""
        name = quote(self.folder, safe=" +-_@,")
        return Path(submissions) / "imap" / ("%2E" + name[1:] if name.startswith(".") else name)


def credentials(mailbox, environ=os.environ):
    """``(user, password)`` from ``IMAP_PASSWORD`` or ``~/.netrc`` (never echoed anywhere)."""
    user, password = mailbox.user, environ.get("IMAP_PASSWORD")
    if not password:
        try:
            found = netrc.netrc().authenticators(mailbox.host)
        except FileNotFoundError:
            found = None
        except (netrc.NetrcParseError, OSError) as error:
            raise MailboxError(f"~/.netrc cannot be read ({error.__class__.__name__})",
                               "fix it (mode 600, one 'machine host login user password …' line)") from None
        if found and (not user or found[0] == user):
            user, password = found[0], found[2]
    if not user:
        raise MailboxError(f"IMAP_URL names no user for {mailbox.host}", "write it as imaps://user@host/Folder")
    if not password:
        raise MailboxError(f"no password for {user} at {mailbox.host}",
                           f"set IMAP_PASSWORD in the environment or add 'machine {mailbox.host} login {user} "
                           f"password …' to ~/.netrc")
    return user, password


def connect(mailbox, cafile=None, timeout=TIMEOUT):
    """A client connected over TLS (or STARTTLS, or plain text to a loopback address)."""
    try:
        context = ssl.create_default_context(cafile=cafile or None)
    except (OSError, ssl.SSLError) as error:
        raise MailboxError(f"IMAP_CAFILE {cafile} cannot be read ({error})",
                           "point IMAP_CAFILE at the PEM file of the server's CA") from None
    try:
        if mailbox.scheme == "imaps":
            return IMAPClient(mailbox.host, mailbox.port, ssl=True, ssl_context=context, timeout=timeout)
        client = IMAPClient(mailbox.host, mailbox.port, ssl=False, timeout=timeout)
        if b"STARTTLS" in client.capabilities():
            client.starttls(context)
        elif not mailbox.on_loopback():
            client.shutdown()
            raise MailboxError(f"{mailbox.server} offers no STARTTLS, and the password would travel in clear",
                               "use imaps:// (or a server with STARTTLS)")
        return client
    except MailboxError:
        raise
    except ssl.SSLCertVerificationError as error:
        raise MailboxError(f"the certificate of {mailbox.server} is not trusted ({error.verify_message})",
                           "set IMAP_CAFILE to the CA bundle that signed it, or check the host name") from None
    except ssl.SSLError as error:
        other = "imap://" if mailbox.scheme == "imaps" else "imaps://"
        raise MailboxError(f"no TLS with {mailbox.server} ({error.reason or error})",
                           f"check the port, or use {other} if the server expects it") from None
    except socket.gaierror as error:
        raise MailboxError(f"cannot find the host {mailbox.host} ({error.strerror})",
                           "check the host name in IMAP_URL and the network") from None
    except (TimeoutError, socket.timeout):
        raise MailboxError(f"no answer from {mailbox.server} within {timeout} s",
                           "check the host and port in IMAP_URL and the network") from None
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(f"cannot reach {mailbox.server} ({getattr(error, 'strerror', None) or error})",
                           "check the host and port in IMAP_URL and that the server runs") from None


def open_folder(client, mailbox, user, password):
    """Log in and ``EXAMINE`` the folder; its ``(UIDVALIDITY, message count)``."""
    try:
        client.login(user, password)
    except LoginError:
        raise MailboxError(f"{mailbox.server} refused the login of {user}",
                           f"check IMAP_PASSWORD or the password for {mailbox.host} in ~/.netrc") from None
    try:
        status = client.select_folder(mailbox.folder, readonly=True)
    except IMAPClientError:
        folders = ", ".join(sorted(name for _flags, _sep, name in client.list_folders()))
        raise MailboxError(f"{mailbox.server} has no folder {mailbox.folder!r} (it has: {folders})",
                           "fix the folder at the end of IMAP_URL") from None
    return int(status[b"UIDVALIDITY"]), int(status[b"EXISTS"])


@dataclass
class Fetched:
    """What one run did: messages in the folder, fetched now, and already kept before."""

    total: int = 0
    fetched: int = 0
    kept: int = 0


def fetch(mailbox, submissions, cafile=None, report=None, environ=os.environ):
    """Keep every message of the folder not kept yet; a :class:`Fetched`. Raises MailboxError."""
    report = report or (lambda message: None)
    user, password = credentials(mailbox, environ)
    folder = mailbox.kept_in(submissions)
    client = connect(mailbox, cafile)
    done = Fetched()
    try:
        validity, _count = open_folder(client, mailbox, user, password)
        uids = sorted(client.search("ALL"))
        aliases = read_aliases(folder)
        kept = already_kept(folder, validity) | {int(uid) for uid in aliases.get(str(validity), {})}
        missing = [uid for uid in uids if uid not in kept]
        done.total, done.kept = len(uids), len(uids) - len(missing)
        report(f"{mailbox}: {len(uids)} messages, {len(missing)} not kept yet")
        earlier = kept_digests(folder, validity) if missing and other_validities(folder, validity) else {}
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            messages = client.fetch(batch, ["BODY.PEEK[]"])
            for uid in batch:
                if uid not in messages:  # deleted by someone else since the search: nothing to keep
                    continue
                data = messages[uid][b"BODY[]"]
                same = earlier.get(hashlib.sha256(data).digest())
                if same:
                    aliases.setdefault(str(validity), {})[str(uid)] = same
                else:
                    kept_safely(folder, f"{validity}-{uid:010d}.eml", data, done)
                done.fetched += 1
            if earlier:
                kept_safely(folder, ALIASES, json.dumps(aliases, sort_keys=True).encode(), done)
            if done.fetched % PROGRESS_EVERY < BATCH and done.fetched < len(missing):
                report(f"{mailbox}: {done.fetched} of {len(missing)} messages fetched")
    except MailboxError:
        raise
    except (OSError, imaplib.IMAP4.abort, imaplib.IMAP4.error, IMAPClientError) as error:
        reason = getattr(error, "strerror", None) or str(error) or error.__class__.__name__
        raise MailboxError(
            f"the connection to {mailbox.server} was lost after {done.fetched} of "
            f"{done.total - done.kept} new messages ({reason})",
            f"the {done.fetched} fetched are kept in {folder}; run make queue again to fetch the rest") from None
    finally:
        try:
            client.logout()
        except (OSError, imaplib.IMAP4.error, IMAPClientError):
            pass
    return done


def already_kept(folder, validity):
    """UIDs kept as ``<validity>-<uid>.eml`` in ``folder``."""
    prefix = f"{validity}-"
    return {int(path.stem[len(prefix):]) for path in folder.glob(f"{prefix}*.eml")
            if path.stem[len(prefix):].isdigit()}


def other_validities(folder, validity):
    return any(not path.name.startswith(f"{validity}-") for path in folder.glob("*.eml"))


def kept_digests(folder, validity):
    """SHA-256 -> file name of the messages kept under another UIDVALIDITY."""
    return {hashlib.sha256(path.read_bytes()).digest(): path.name for path in sorted(folder.glob("*.eml"))
            if not path.name.startswith(f"{validity}-")}


def read_aliases(folder):
    try:
        return json.loads((folder / ALIASES).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except (OSError, ValueError) as error:
        raise MailboxError(f"{folder / ALIASES} cannot be read ({error})",
                           "remove it: the next run fetches those messages again") from None


def kept_safely(folder, name, data, done):
    """:func:`store.keep`, a failure said as one line (the disk, not the connection)."""
    try:
        keep(folder, name, data)
    except OSError as error:
        raise MailboxError(f"cannot write into {folder} ({error.strerror or error})",
                           f"free some space or fix the folder's permissions; the {done.fetched} messages "
                           f"fetched before are kept") from None
