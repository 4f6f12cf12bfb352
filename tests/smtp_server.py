"""A real SMTP server on a loopback port for the tests (aiosmtpd), keeping what it is handed."""

from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from imap_server import free_port


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
