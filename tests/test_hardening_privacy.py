"""Hardening: a reader's name, address and phone number never reach the site, even in odd spellings.

Hostile letters sit in ``submissions/`` next to ``content/``, as on an editor's
machine: e-mail, mailbox, form CSV and JSON, with addresses written to dodge
filters (``jane (at) example (dot) com``, ``mailto:``), names in the signature,
the sign-off and the body, and phone numbers in several national formats. The
queue is made, each letter becomes a draft, the editor answers and publishes
them, and the public build (pages, feeds, sitemap, everything) and the drafts
are searched for every private detail.
"""

import json
import re
from email.message import EmailMessage

import pytest
from conftest import PUBLISHCONF, PELICANCONF

from advice_column.__main__ import main

#: Everything private about the readers, as it may appear (case-insensitive).
SECRETS = ["Jane", "Roe-Whitaker", "jane.rw", "janerw", "Omar", "Haddad", "haddad", "Zoë", "Müller",
           "zmuller", "Priya", "Raman", "praman"]
#: Phone numbers, as digits (searched with separators removed).
PHONES = ["5550104477", "4477009001", "447700900123", "00442079460958", "4930123456"]

JANE_BODY = """\
Hello,

My name is Jane Roe-Whitaker and I work in logistics. My manager keeps my
ideas for himself. Write to me at jane (at) example (dot) com, or
mailto:jane.rw@example.com, or JANE [at] mail [dot] co [dot] uk. My cell is
+1 (555) 010-4477, or 555.010.4477 at home. Jane is tired of this.

Should I speak to HR?

Thanks so much,
Jane Roe-Whitaker
Senior Coordinator | +1 555 010 4477
"""


def jane_eml():
    mail = EmailMessage()
    mail["From"] = '"Roe-Whitaker, Jane" <jane.rw@example.com>'
    mail["Subject"] = "Re: Jane Roe-Whitaker: my manager takes my ideas (call 555-010-4477)"
    mail["Date"] = "Tue, 05 Mar 2024 09:00:00 -0500"
    mail.set_content(JANE_BODY)
    return bytes(mail)


OMAR_CSV = (
    "question,subject,name,email,signoff\n"
    '"I am Omar, a nurse. My colleague Haddad-style jokes aside, reach me at omar dot haddad at gmail '
    'dot com or +44 7700 900123.\n\nHow do I ask for a raise?\n\n— Omar in Leeds",'
    '"Raise question from Omar Haddad",Omar Haddad,omar.haddad@mail.example.org,Omar H.\n'
)

ZOE_JSON = {"submissions": [{
    "question": "Zoë here (Zoë Müller). My number is 0044 20 7946 0958 and my site is zmuller.dev. "
                "Should I take the job in Berlin? Call 030 123456 (+49 30 123456).",
    "_replyto": "zmuller@example.de", "name": "Zoë Müller", "_subject": "Berlin offer",
    "_date": "2024-03-05T10:00:00Z"}]}


def priya_mbox():
    mail = EmailMessage()
    mail["From"] = "Priya Raman <praman@example.in>"
    mail["Subject"] = "Switching careers"
    mail["Date"] = "Wed, 06 Mar 2024 08:00:00 +0530"
    mail.set_content("Is it too late to switch careers at 45? Priya (praman [at] example [dot] in)\n\n"
                     "-- \nPriya Raman\nhttps://linkedin.com/in/praman\n")
    return b"From praman@example.in Wed Mar  6 08:00:00 2024\n" + bytes(mail) + b"\n"


def leaks(text):
    """The secrets found in ``text``."""
    found = [secret for secret in SECRETS if secret.lower() in text.lower()]
    digits = re.sub(r"[\s().+\-/]", "", text)
    return found + [phone for phone in PHONES if phone in digits]


@pytest.fixture
def published(site):
    """The site after the editor drafted, answered and published every letter."""
    submissions = site.root / "submissions"
    submissions.mkdir()
    (submissions / "jane.eml").write_bytes(jane_eml())
    (submissions / "form.csv").write_text(OMAR_CSV, encoding="utf-8")
    (submissions / "formspree.json").write_text(json.dumps(ZOE_JSON, ensure_ascii=False), encoding="utf-8")
    (submissions / "inbox.mbox").write_bytes(priya_mbox())
    editorial = site.root / "editorial"
    conf = str(PELICANCONF)
    assert main(["--conf", conf, "queue", "--content", str(site.content), "--submissions", str(submissions),
                 "--editorial", str(editorial)]) == 0
    queue = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["submissions"]
    assert [entry["status"] for entry in queue] == ["new"] * 4
    drafts = []
    for entry in queue:
        before = set((site.content / "columns").glob("*.md"))
        assert main(["--conf", conf, "draft", "--content", str(site.content), "--editorial", str(editorial),
                     "--id", entry["id"]]) == 0
        [path] = set((site.content / "columns").glob("*.md")) - before
        drafts.append(path)
    site.drafts = {path.name: path.read_text(encoding="utf-8") for path in drafts}
    for path in drafts:  # the editor answers, checks and deletes the editor's note, and publishes
        text = path.read_text(encoding="utf-8").replace("Status: draft", "Status: published")
        text = re.sub(r"^Editor-note:.*\n(    .*\n)*", "", text, flags=re.MULTILINE)
        path.write_text(text.replace("(The answer goes here.)", "Talk to them."), encoding="utf-8")
    return site


def test_drafts_of_hostile_letters_are_anonymised(published):
    assert len(published.drafts) == 4
    for name, text in published.drafts.items():
        assert not leaks(text), (name, leaks(text), text)
        assert "removed" in text  # every letter had something private in it


def test_the_public_build_holds_nothing_private(published):
    published.build(PUBLISHCONF)  # in process, not `make publish`: the drafts' missing topics only warn
    files = [p for p in published.output.rglob("*") if p.is_file()]
    assert len([p for p in files if p.parts[-3:-2] == ("columns",)]) == 4, "every letter was published"
    assert any(p.suffix == ".xml" for p in files) and any(p.name == "sitemap.xml" for p in files)
    found = {}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if leaks(text):
            found[str(path.relative_to(published.output))] = leaks(text)
    assert not found


def test_a_local_build_next_to_the_queue_reads_nothing_of_it(published):
    published.build()
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in published.output.rglob("*") if p.is_file())
    assert not leaks(text)
    assert "queue.json" not in text and "letters.json" not in text
