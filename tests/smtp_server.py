"""A real SMTP server on a loopback port for the tests (aiosmtpd), keeping what it is handed; with
a self-signed certificate for 127.0.0.1 it speaks STARTTLS or TLS and takes one login."""

import ssl
import subprocess
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from imap_server import free_port

USER, PASSWORD = "notices", "s3cret-notices"


def certificate(folder):
    """``(cert.pem, key.pem)``: a self-signed certificate for 127.0.0.1 in ``folder``."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def server_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def one_login(server, session, envelope, mechanism, auth_data):
    """aiosmtpd's authenticator: only ``USER`` with ``PASSWORD``."""
    return AuthResult(success=auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode(),
                      handled=False)


class Inbox:
    """aiosmtpd's handler: every message accepted, as ``(envelope recipients, parsed message)``;
    ``refuse`` set to an SMTP answer makes it refuse every recipient with it."""

    def __init__(self):
        self.messages = []
        self.refuse = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"


class SMTPServer:
    """An SMTP server on 127.0.0.1 (a free port unless given), started and stopped on demand."""

    def __init__(self, port=None, **options):
        self.inbox = Inbox()
        self.port = port or free_port()
        self.options = options
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.inbox.messages
