"""A reply notice as a plain-text e-mail, and the mail server it goes out through (``NOTICE_SMTP_*``).

The message names the replier by the name shown on the site (never an address),
quotes the start of the reply and links to it; every header value is one line of
text, so no name or title can add a header. The password is read from
``NOTICE_SMTP_PASSWORD`` in the environment, never from the settings.
"""

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from ..settings import SECURITY

#: Seconds to wait for the mail server.
TIMEOUT = 30
#: Characters of the reply quoted in the notice.
EXCERPT = 300
PASSWORD = "NOTICE_SMTP_PASSWORD"


class NoticeError(Exception):
    """A notice (or every notice of the run) could not be sent: ``what`` went wrong, ``todo`` fixes it."""

    def __init__(self, what, todo):
        super().__init__(what)
        self.what, self.todo = what, todo


def one_line(text):
    """``text`` with every run of white space (line breaks included) as one space."""
    return " ".join(str(text).split())


def excerpt(body, length=EXCERPT):
    """The start of ``body`` on one line, cut at a word, with "…" when cut."""
    text = one_line(body)
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def message(notice, settings, sent):
    """The :class:`~email.message.EmailMessage` of ``notice`` (a :class:`~.notices.Notice`), ``sent`` at
    that aware datetime."""
    site, who, title = one_line(settings["SITENAME"]), one_line(notice.who), one_line(notice.title)
    mail = EmailMessage()
    mail["From"] = settings["NOTICE_FROM"]
    mail["To"] = notice.to
    mail["Subject"] = f"{who} replied to your comment on \u201c{title}\u201d"
    sender = parseaddr(settings["NOTICE_FROM"])[1]
    mail["Date"] = format_datetime(sent)
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to it
    mail["List-Unsubscribe"] = f"<mailto:{sender}?subject=stop>"
    mail.set_content("\n".join([
        "Hello,",
        "",
        f"{who} replied to your comment on \u201c{title}\u201d ({site}):",
        "",
        f"> {excerpt(notice.reply.body)}",
        "",
        "Read the reply (it is on the page once the site is next updated):",
        notice.link,
        "",
        "-- ",
        f"You get this notice because you left your e-mail address with your comment on {site}.",
        "Your address is never published, and is used only for notices of replies to your comments.",
        "To get no more notices, answer this e-mail with the word \u201cstop\u201d.",
    ]) + "\n")
    return mail


class Server:
    """The mail server of ``NOTICE_SMTP_*``, connected (and logged in) on entering; each failure a
    :class:`NoticeError`."""

    def __init__(self, settings, environ=os.environ):
        self.settings, self.environ = settings, environ
        self.host = settings["NOTICE_SMTP_HOST"]
        self.security = settings["NOTICE_SMTP_SECURITY"]
        self.port = settings["NOTICE_SMTP_PORT"] or SECURITY[self.security]
        self.smtp = None

    def __enter__(self):
        user, password = self.settings["NOTICE_SMTP_USER"], self.environ.get(PASSWORD)
        if user and not password:
            raise NoticeError(f"NOTICE_SMTP_USER is {user!r} but {PASSWORD} is not set",
                              f"set {PASSWORD} in the environment of `make approve`/`make notify`")
        where = f"the mail server {self.host}:{self.port}"
        try:
            context = ssl.create_default_context(cafile=self.settings["NOTICE_SMTP_CAFILE"] or None)
        except (OSError, ssl.SSLError) as error:
            raise NoticeError(f"NOTICE_SMTP_CAFILE {self.settings['NOTICE_SMTP_CAFILE']} cannot be read ({error})",
                              "give a CA bundle in PEM format, or leave it empty") from None
        step = "connect"
        try:
            if self.security == "ssl":
                self.smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=context)
            else:
                self.smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
                if self.security == "starttls":
                    step = "starttls"
                    self.smtp.starttls(context=context)
            if user:
                step = "login"
                self.smtp.login(user, password)
        except smtplib.SMTPNotSupportedError:
            self.close()
            if step == "starttls":
                raise NoticeError(f"{where} offers no STARTTLS", "set NOTICE_SMTP_SECURITY to 'ssl' (port 465) "
                                                                 "if it takes TLS from the start") from None
            raise NoticeError(f"{where} offers no login", "leave NOTICE_SMTP_USER empty if it takes mail "
                                                          "without one") from None
        except smtplib.SMTPAuthenticationError as error:
            self.close()
            raise NoticeError(f"{where} refused the login {user!r} ({error.smtp_code})",
                              f"check NOTICE_SMTP_USER and {PASSWORD}") from None
        except ssl.SSLCertVerificationError as error:
            self.close()
            raise NoticeError(f"{where}'s certificate is not trusted ({error.verify_message})",
                              "set NOTICE_SMTP_CAFILE to the CA that signed it") from None
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise NoticeError(f"{where} cannot be reached ({describe(error)})",
                              "check NOTICE_SMTP_HOST, NOTICE_SMTP_PORT and NOTICE_SMTP_SECURITY, "
                              "and that the server is up") from None
        return self

    def send(self, mail, to):
        """Hand ``mail`` to the server for ``to`` alone."""
        try:
            self.smtp.send_message(mail, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as error:
            code, answer = next(iter(error.recipients.values()))
            raise NoticeError(f"the mail server refused the commenter's address ({code} {text(answer)})",
                              "a later run tries again; the address may be wrong or the server busy") from None
        except smtplib.SMTPSenderRefused as error:
            raise NoticeError(f"the mail server refused the sender NOTICE_FROM ({error.smtp_code} "
                              f"{text(error.smtp_error)})", "use an address the server may send from") from None
        except smtplib.SMTPResponseException as error:
            raise NoticeError(f"the mail server refused it ({error.smtp_code} {text(error.smtp_error)})",
                              "a later run tries again") from None
        except (OSError, smtplib.SMTPException) as error:
            raise NoticeError(f"the mail server broke off ({describe(error)})", "a later run tries again") from None

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def __exit__(self, *exc):
        self.close()


def text(answer):
    return one_line(answer.decode("utf-8", "replace") if isinstance(answer, bytes) else answer)


def describe(error):
    return one_line(getattr(error, "strerror", None) or error) or error.__class__.__name__
