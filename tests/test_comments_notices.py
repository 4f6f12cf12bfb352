"""Reply notices as a commenter gets them: `make approve` (and `make notify`, for the columnist's
replies and retries) hands one plain-text e-mail to a real SMTP server on a loopback port for the
writer of the comment replied to, when they left an address; never twice, never with the replier's
address, never a header from a name; a server that is down or refuses leaves one clear line and a
later run sends it; no address ever reaches the built site."""

import json
import subprocess
from datetime import datetime, timedelta, timezone

import pytest

from advice_column.receiver import storage
from comments_helpers import add_comment
from conftest import ROOT
from receiver_helpers import Receiver
from smtp_server import PASSWORD, USER, SMTPServer, certificate, one_login, server_context

COLUMN = "2024-03-05-boss"
SITEURL = "https://columns.example.net"
SENDER = "Ask the Career Coach <notices@example.org>"


class Desk:
    """A site with one column, the receiver's and the editorial folders, and the public build's
    settings pointing at a mail server on ``port``."""

    def __init__(self, site, port, **settings):
        self.site = site
        self.submissions = site.root / "submissions"
        self.editorial = site.root / "editorial"
        site.add_column("boss", title="My boss")
        self.count = 0
        self.publishconf = site.root / "noticeconf.py"  # not publishconf.py: Pelican loads it by that name
        values = {"NOTICE_SMTP_HOST": "127.0.0.1", "NOTICE_SMTP_PORT": port, "NOTICE_SMTP_SECURITY": "none",
                  "NOTICE_FROM": SENDER, **settings}
        self.publishconf.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
            + "".join(f"{name} = {value!r}\n" for name, value in values.items()), encoding="utf-8")

    def receive(self, comment_id, body="Same here.", name="Pat", email="pat@example.com", parent="", **fields):
        """A comment stored as the receiver stores it, a few minutes ago."""
        self.count += 1
        when = datetime.now(timezone.utc) - timedelta(minutes=30 - self.count)
        item = {"column": COLUMN, "parent": parent, "page": "columns/boss/", "name": name, "email": email,
                "body": body, "_gotcha": "", **fields, "id": comment_id, "received": when.isoformat()}
        return storage.store(self.submissions / "comments", [item], when)

    def variables(self, **variables):
        return {"INPUTDIR": self.site.content, "SUBMISSIONS_DIR": self.submissions, "EDITORIAL_DIR": self.editorial,
                "PUBLISHCONF": self.publishconf, "SITEURL": SITEURL, **variables}

    def make(self, target, **variables):
        return self.site.make(target, **self.variables(**variables))

    def approve(self, ids):
        result = self.make("approve", ID=ids)
        assert result.returncode == 0, result.stderr
        return result

    def notices(self):
        path = self.editorial / "notices.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@pytest.fixture
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def desk(site, smtp):
    return Desk(site, smtp.port)


def test_approving_a_reply_mails_the_parent_commenter_once_with_a_link_and_no_replier_address(desk, smtp):
    desk.receive("a00000000001", body="My boss does this too.", name="Pat", email="pat@example.com")
    desk.receive("a00000000002", body="Talk to *HR* first.\n\nThen write it all down. " + "Word " * 100,
                 name="Sam", email="sam-private@example.com", parent="a00000000001")
    first = desk.approve("a00000000001")
    assert smtp.messages == [] and "eply notice" not in first.stdout  # a comment that replies to nobody
    result = desk.approve("a00000000002")
    assert "Reply notice sent for comment a00000000002 (to the writer of a00000000001)" in result.stdout
    [(recipients, mail)] = smtp.messages
    assert recipients == ["pat@example.com"]
    assert mail["To"] == "pat@example.com" and mail["From"] == SENDER
    assert mail["Subject"] == "Sam replied to your comment on \u201cMy boss\u201d"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail.get_content_type() == "text/plain"
    text = mail.get_content()
    assert f"{SITEURL}/columns/boss/#comment-a00000000002" in text.split()
    assert "> Talk to *HR* first. Then write it all down. Word" in text and "…" in text
    assert "never published" in text and "stop" in text
    assert "sam-private" not in mail.as_string()
    assert desk.notices()["sent"]["a00000000002"]["parent"] == "a00000000001"
    again = desk.approve("a00000000002")
    assert "Reply notice" not in again.stdout
    assert "No reply notice is due" in desk.make("notify").stdout
    assert len(smtp.messages) == 1


def test_a_name_with_line_breaks_adds_no_header(desk, smtp):
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam\r\nBcc: victim@example.com\r\nX-Injected: yes", email="",
                 parent="a00000000001", body="Hi\r\nBcc: other@example.com")
    desk.approve("a00000000001 a00000000002")
    [(recipients, mail)] = smtp.messages
    assert recipients == ["pat@example.com"]
    assert mail["Bcc"] is None and mail["X-Injected"] is None
    assert mail["Subject"] == ("Sam Bcc: victim@example.com X-Injected: yes replied to your comment on "
                               "\u201cMy boss\u201d")
    assert [name.lower() for name in mail.keys()].count("to") == 1


def test_an_address_that_is_not_one_gets_no_mail_and_is_said_once(desk, smtp):
    desk.receive("a00000000001", email="pat@example.com, everyone@example.com")
    desk.receive("a00000000002", parent="a00000000001", name="Sam", email="")
    result = desk.approve("a00000000001 a00000000002")
    assert "No reply notice for comment a00000000002" in result.stdout
    assert "is not an e-mail address" in result.stdout
    assert smtp.messages == []
    assert "No reply notice is due" in desk.make("notify").stdout


def test_the_columnists_reply_goes_out_with_make_notify_and_a_reply_to_oneself_never(desk, smtp):
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Pat again", email="PAT@example.com", parent="a00000000001")
    desk.approve("a00000000001 a00000000002")
    assert smtp.messages == []  # Pat answering Pat
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M%z")
    add_comment(desk.site, COLUMN, "columnist-1", name=None, date=now, parent="a00000000001", columnist=True,
                body="Thank you, Pat: exactly right.")
    result = desk.make("notify")
    assert result.returncode == 0, result.stderr
    [(recipients, mail)] = smtp.messages
    assert recipients == ["pat@example.com"]
    assert mail["Subject"].startswith("The Career Coach replied to your comment")  # AUTHOR
    assert f"{SITEURL}/columns/boss/#comment-columnist-1" in mail.get_content()
    assert desk.make("notify").returncode == 0 and len(smtp.messages) == 1


def test_a_reply_on_a_later_page_of_comments_links_to_that_page(site, smtp):
    desk = Desk(site, smtp.port, COMMENTS_PER_PAGE=2)
    desk.receive("a00000000001", name="Pat", email="")
    desk.receive("a00000000002", name="Sam", email="sam@example.com")
    desk.receive("a00000000003", name="Kim", email="", parent="a00000000002")
    desk.approve("a00000000001 a00000000002 a00000000003")
    [(recipients, mail)] = smtp.messages
    assert recipients == ["sam@example.com"]
    link = f"{SITEURL}/columns/boss/comments/2/#comment-a00000000003"
    assert link in mail.get_content().split()
    desk.site.build(COMMENTS_PER_PAGE=2)  # the link is where the page shows the reply
    assert desk.site.page("columns/boss/comments/2/").select_one("#comment-a00000000003")


def test_a_server_that_is_down_leaves_one_line_the_approval_stands_and_notify_sends_it_later(site):
    server = SMTPServer()  # not started: nothing listens on its port
    desk = Desk(site, server.port)
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    result = desk.approve("a00000000001 a00000000002")
    lines = [line for line in result.stderr.splitlines() if "a00000000002" in line]
    assert lines == [f"content/comments/{COLUMN}/a00000000002.md: warning: the reply notice for comment a00000000002 "
                     f"was not sent: the mail server 127.0.0.1:{server.port} cannot be reached (Connection refused); "
                     "check NOTICE_SMTP_HOST, NOTICE_SMTP_PORT and NOTICE_SMTP_SECURITY, and that the server is up; "
                     "then `make notify` sends it"]
    assert (site.content / "comments" / COLUMN / "a00000000002.md").exists()
    assert "a00000000002" not in desk.notices().get("sent", {})
    failed = desk.make("notify")
    assert failed.returncode != 0 and "error: the reply notice for comment a00000000002" in failed.stderr
    server.start()
    try:
        result = desk.make("notify")
        assert result.returncode == 0, result.stderr
        assert "Reply notice sent for comment a00000000002" in result.stdout
        assert [recipients for recipients, _ in server.messages] == [["pat@example.com"]]
    finally:
        server.stop()


def test_a_refused_recipient_is_reported_and_retried(desk, smtp):
    smtp.inbox.refuse = "550 5.1.1 Mailbox unavailable"
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    result = desk.approve("a00000000001 a00000000002")
    assert ("warning: the reply notice for comment a00000000002 was not sent: the mail server refused the "
            "commenter's address (550 5.1.1 Mailbox unavailable)") in result.stderr
    assert smtp.messages == []
    smtp.inbox.refuse = None
    assert desk.make("notify").returncode == 0
    assert [recipients for recipients, _ in smtp.messages] == [["pat@example.com"]]


def test_without_a_mail_server_approving_works_and_says_so_in_one_line(site):
    desk = Desk(site, 25, NOTICE_SMTP_HOST="")
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    result = desk.approve("a00000000001 a00000000002")
    assert result.stderr == ""
    [line] = [line for line in result.stdout.splitlines() if "notice not sent" in line]
    assert line.startswith("1 reply notice not sent: no mail server is set (NOTICE_SMTP_HOST)")
    assert (site.content / "comments" / COLUMN / "a00000000002.md").exists()


def test_a_site_that_shows_no_comments_sends_no_notice(site, smtp):
    desk = Desk(site, smtp.port, COMMENTS=False)
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    result = desk.approve("a00000000001 a00000000002")
    assert "notice" not in result.stdout.split("\n", 1)[1] and smtp.messages == []


def test_stop_keeps_an_address_from_every_later_notice(desk, smtp):
    assert "\nNo more reply notices to Pat@Example.com\n" in desk.make("notify", STOP="Pat@Example.com").stdout
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    desk.approve("a00000000001 a00000000002")
    assert smtp.messages == []
    bad = desk.make("notify", STOP="not an address")
    assert bad.returncode != 0 and "is not an e-mail address" in bad.stderr


def test_no_address_reaches_the_built_site(desk, smtp):
    desk.receive("a00000000001", email="pat-secret@example.com")
    desk.receive("a00000000002", name="Sam", email="sam-secret@example.com", parent="a00000000001")
    desk.approve("a00000000001 a00000000002")
    assert len(smtp.messages) == 1
    desk.site.build()
    assert desk.site.page("columns/boss/").select_one("#comment-a00000000002")
    for root in (desk.site.output, desk.site.content):
        for path in root.rglob("*"):
            if path.is_file():
                assert b"-secret@" not in path.read_bytes(), path


def secure_server(tmp_path, mode):
    """A server that takes mail only over TLS (STARTTLS, or ``ssl`` from the start) after a login."""
    cert, key = certificate(tmp_path)
    context = server_context(cert, key)
    options = ({"ssl_context": context} if mode == "ssl" else {"tls_context": context, "require_starttls": True})
    # aiosmtpd offers no login over TLS from the start when it requires TLS for it (it sees no STARTTLS)
    return SMTPServer(authenticator=one_login, auth_require_tls=mode != "ssl", **options).start(), cert


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_a_server_with_tls_and_a_login_takes_the_notice(site, tmp_path, monkeypatch, mode):
    server, cert = secure_server(tmp_path, mode)
    try:
        desk = Desk(site, server.port, NOTICE_SMTP_SECURITY=mode, NOTICE_SMTP_USER=USER,
                    NOTICE_SMTP_CAFILE=str(cert))
        desk.receive("a00000000001", email="pat@example.com")
        desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
        monkeypatch.setenv("NOTICE_SMTP_PASSWORD", PASSWORD)
        result = desk.approve("a00000000001 a00000000002")
        assert "Reply notice sent for comment a00000000002" in result.stdout, result.stderr
        assert [recipients for recipients, _ in server.messages] == [["pat@example.com"]]
        assert PASSWORD not in result.stdout + result.stderr
    finally:
        server.stop()


@pytest.mark.parametrize("settings, password, said", [
    pytest.param({}, "wrong", f"refused the login {USER!r} (535); check NOTICE_SMTP_USER and NOTICE_SMTP_PASSWORD",
                 id="wrong password"),
    pytest.param({}, None, f"NOTICE_SMTP_USER is {USER!r} but NOTICE_SMTP_PASSWORD is not set", id="no password"),
    pytest.param({"NOTICE_SMTP_CAFILE": ""}, PASSWORD, "certificate is not trusted (self-signed certificate); "
                 "set NOTICE_SMTP_CAFILE", id="untrusted certificate"),
])
def test_a_login_or_certificate_problem_is_one_line_and_sends_nothing(site, tmp_path, monkeypatch, settings,
                                                                      password, said):
    server, cert = secure_server(tmp_path, "starttls")
    try:
        desk = Desk(site, server.port, NOTICE_SMTP_SECURITY="starttls", NOTICE_SMTP_USER=USER,
                    **{"NOTICE_SMTP_CAFILE": str(cert), **settings})
        desk.receive("a00000000001", email="pat@example.com")
        desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
        if password:
            monkeypatch.setenv("NOTICE_SMTP_PASSWORD", password)
        else:
            monkeypatch.delenv("NOTICE_SMTP_PASSWORD", raising=False)
        approved = desk.approve("a00000000001 a00000000002")
        result = desk.make("notify")
        assert result.returncode != 0
        for severity, output in (("warning", approved.stderr), ("error", result.stderr)):
            [line] = [line for line in output.splitlines() if not line.startswith("make")]
            assert line.startswith(f"content/comments/{COLUMN}/a00000000002.md: {severity}: the reply notice for "
                                   "comment a00000000002 was not sent: "), line
            assert said in line
        assert server.messages == [] and "a00000000002" not in desk.notices().get("sent", {})
    finally:
        server.stop()


def test_a_comment_and_a_reply_posted_to_make_receiver_then_approved_send_the_notice(desk, smtp, tmp_path):
    receiver = Receiver(desk.submissions, tmp_path / "receiver.log").start()
    try:
        form = {"column": COLUMN, "page": "columns/boss/", "parent": "", "_gotcha": ""}
        assert receiver.post({**form, "name": "Pat", "email": "pat@example.com", "body": "Mine too."},
                             path="/comments")[0] == 303
        [pat] = json.loads(next((desk.submissions / "comments").glob("*/*.json")).read_text(encoding="utf-8"))
        assert receiver.post({**form, "parent": pat["id"], "name": "Sam", "email": "sam@example.com",
                              "body": "Try HR."}, path="/comments")[0] == 303
    finally:
        receiver.stop()
    [sam] = [items[0] for path in (desk.submissions / "comments").glob("*/*.json")
             for items in [json.loads(path.read_text(encoding="utf-8"))] if items[0]["id"] != pat["id"]]
    result = desk.approve(f"{pat['id']} {sam['id']}")
    assert f"Reply notice sent for comment {sam['id']}" in result.stdout
    [(recipients, mail)] = smtp.messages
    assert recipients == ["pat@example.com"] and "sam@example.com" not in mail.as_string()
    assert f"{SITEURL}/columns/boss/#comment-{sam['id']}" in mail.get_content().split()


def test_two_runs_at_once_send_one_notice(desk, smtp):
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    with (desk.site.root / "no-server.py").open("w") as conf:  # approve without notices, notify twice at once
        conf.write(desk.publishconf.read_text(encoding="utf-8") + "NOTICE_SMTP_HOST = ''\n")
    assert desk.make("approve", ID="a00000000001 a00000000002",
                     PUBLISHCONF=desk.site.root / "no-server.py").returncode == 0
    runs = [subprocess.Popen(["make", "--no-print-directory", "-C", str(ROOT), "notify",
                              *(f"{name}={value}" for name, value in desk.variables().items())],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert len(smtp.messages) == 1
    assert sorted("Reply notice sent" in out for out, _ in outputs) == [False, True]


def test_an_unreadable_record_is_one_line_and_the_approval_stands(desk, smtp):
    desk.editorial.mkdir()
    (desk.editorial / "notices.json").write_text("{not json", encoding="utf-8")
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    result = desk.approve("a00000000001 a00000000002")
    [line] = [line for line in result.stderr.splitlines() if "notices.json" in line]
    assert line.startswith(f"{desk.editorial}/notices.json: warning: cannot be read (JSONDecodeError")
    assert line.endswith("restore it from a backup or repair its JSON; no notice is sent until then")
    assert (desk.site.content / "comments" / COLUMN / "a00000000002.md").exists() and smtp.messages == []


@pytest.mark.parametrize("settings, says", [
    pytest.param({"NOTICE_FROM": ""}, "NOTICE_FROM is '' while NOTICE_SMTP_HOST is set; give the notices' sender "
                 "address, as in 'Column <notices@example.org>'", id="no sender"),
    pytest.param({"NOTICE_SMTP_USER": "me"}, "NOTICE_SMTP_USER is set with NOTICE_SMTP_SECURITY 'none'; use "
                 "'starttls' or 'ssl', so the password is never sent in clear", id="login in clear"),
    pytest.param({"NOTICE_SMTP_SECURITY": "tls"}, "NOTICE_SMTP_SECURITY is 'tls'; use 'starttls', 'ssl' or 'none'",
                 id="security"),
    pytest.param({"NOTICE_SMTP_PORT": 0}, "NOTICE_SMTP_PORT is 0; use a port number from 1 to 65535, or None for "
                 "the usual port of NOTICE_SMTP_SECURITY", id="port"),
])
def test_wrong_mail_settings_are_one_line_each_and_approving_still_works(site, smtp, settings, says):
    desk = Desk(site, smtp.port, **settings)
    desk.receive("a00000000001", email="pat@example.com")
    desk.receive("a00000000002", name="Sam", email="", parent="a00000000001")
    approved = desk.approve("a00000000001 a00000000002")
    assert f"settings: error: {says}" in approved.stderr.splitlines()
    assert (site.content / "comments" / COLUMN / "a00000000002.md").exists() and smtp.messages == []
    assert desk.make("notify").returncode != 0


def test_a_stored_file_that_is_no_comment_is_said_once_when_approving(desk, smtp):
    desk.receive("a00000000001", body="My boss does this too.")
    stray = desk.submissions / "comments" / "2026-12-07" / "stray.json"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("{not json", encoding="utf-8")
    result = desk.approve("a00000000001")
    said = [line for line in result.stderr.splitlines() if "stray.json" in line]
    assert len(said) == 1 and "not a comment the receiver stored" in said[0], result.stderr
    assert stray.read_text(encoding="utf-8") == "{not json", "left where it is"
