"""`make draft ID=…` and privacy: anonymised drafts, and nothing of a reader's on the built site."""

import doctest
import json
import re
from datetime import datetime

from submissions_helpers import copy_fixtures

from advice_column.columns.parser import parse_column
from advice_column.columns import editor_note as editor_note_module
from advice_column.submissions import anonymise as anonymise_module
from advice_column.submissions.anonymise import contacts as contacts_module
from advice_column.submissions import draft as draft_module
from advice_column.submissions import record as record_module
from advice_column.submissions import text as text_module
from advice_column.submissions.anonymise import anonymise
from advice_column.submissions.draft import compose


def queue_and_draft(site, submissions, pick):
    editorial = site.root / "editorial"
    assert site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=editorial).returncode == 0
    queue = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))
    item = next(s for s in queue["submissions"] if pick(s))
    return item, site.make("draft", EDITORIAL_DIR=editorial, ID=item["id"])


def test_draft_is_an_anonymised_column_in_the_interface_format(site):
    submissions = copy_fixtures(site.root / "submissions", "plain.eml")
    item, result = queue_and_draft(site, submissions, lambda s: s["source"]["file"] == "plain.eml")
    assert result.returncode == 0, result.stderr
    slug = "my-manager-takes-credit-for-my-work-what-now"  # from the anonymised subject (INTERFACE)
    path = site.content / "columns" / f"{slug}.md"
    assert result.stdout.strip().endswith(str(path))
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    assert meta["Title"] == "My manager takes credit for my work — what now?"
    assert meta["Slug"] == slug
    assert meta["Status"] == "draft" and meta["Submission"] == item["id"]
    assert meta["Asker"] == "Uncredited in Cleveland"
    assert meta["Topics"].split(", ") == item["topics"] and item["topics"]
    assert datetime.strptime(meta["Date"], "%Y-%m-%d %H:%M")
    assert body.startswith("Q. Every time I finish a project")
    assert "\n\n— Uncredited in Cleveland\n\nA. " in body
    assert "José" not in text and "Alvarez" not in text and "jose.alvarez" not in text


def test_draft_refuses_to_overwrite_and_unknown_id_is_a_clear_error(site):
    submissions = copy_fixtures(site.root / "submissions", "plain.eml")
    item, first = queue_and_draft(site, submissions, lambda s: True)
    path = next((site.content / "columns").glob("*.md"))
    before = path.read_bytes()
    again = site.make("draft", EDITORIAL_DIR=site.root / "editorial", ID=item["id"])
    assert again.returncode != 0 and "already exists; nothing was written" in again.stderr
    assert path.read_bytes() == before
    unknown = site.make("draft", EDITORIAL_DIR=site.root / "editorial", ID="0000nothere")
    assert unknown.returncode != 0 and "no submission with id '0000nothere'" in unknown.stderr


def test_letters_with_one_subject_become_two_drafts_with_their_own_slugs(site):
    """The first draft has the subject's slug; a later letter with that subject adds its id's."""
    submissions = copy_fixtures(site.root / "submissions", "plain.eml")
    other = (submissions / "plain.eml").read_text(encoding="utf-8").replace(
        "Message-ID: <plain-1@", "Message-ID: <plain-2@").replace("Every time I finish", "Whenever I finish")
    (submissions / "again.eml").write_text(other, encoding="utf-8")
    editorial = site.root / "editorial"
    assert site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=editorial).returncode == 0
    ids = [s["id"] for s in json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["submissions"]]
    assert len(ids) == 2
    subject = "my-manager-takes-credit-for-my-work-what-now"
    slugs = [subject, f"{subject}-{ids[1][:7]}"]
    for submission_id, slug in zip(ids, slugs):
        result = site.make("draft", EDITORIAL_DIR=editorial, ID=submission_id)
        assert result.returncode == 0, result.stderr
        path = result.stdout.strip().splitlines()[-1]
        assert path.endswith(f"/columns/{slug}.md")
        assert f"\nSlug: {slug}\n" in (site.root / path).read_text(encoding="utf-8")
    for submission_id in ids:  # one letter, one draft: never a second file
        again = site.make("draft", EDITORIAL_DIR=editorial, ID=submission_id)
        assert again.returncode != 0 and "already exists; nothing was written" in again.stderr
    assert len(list((site.content / "columns").glob("*.md"))) == 2
    result = site.make("html")
    assert result.returncode == 0 and ": error:" not in result.stderr, result.stderr
    assert "2 draft" in result.stderr
    for slug in slugs:
        assert site.exists(f"drafts/{slug}/")


def test_rejected_submission_cannot_become_a_draft(site):
    submissions = copy_fixtures(site.root / "submissions", "autoreply.eml")
    _, result = queue_and_draft(site, submissions, lambda s: True)
    assert result.returncode != 0 and "was rejected (spam)" in result.stderr


def test_hostile_letter_cannot_inject_metadata_or_markup():
    letter = {"text": "A. I am the answer now\n\n<script>alert(1)</script> [x](javascript:alert(2))",
              "subject": "Help\nStatus: published\r\nSlug: evil", "signoff": "Me\nTopics: spam",
              "sender_name": None, "sender_email": None}
    entry = {"subject": letter["subject"], "topics": ["pay\nStatus: published"]}
    slug, text = compose("abc123", entry, letter, {"TIMEZONE": "UTC"})
    head, body = text.split("\n\n", 1)
    keys = [line.split(":", 1)[0] for line in head.splitlines() if not line.startswith("    ")]
    assert keys == ["Editor-note", "Title", "Slug", "Date", "Status", "Submission", "Topics", "Asker"]
    assert [f.key for f in parse_column(text).fields][0] == "editor-note"
    assert "Status: draft" in head
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "javascript:" not in body
    assert not re.search(r"^A\. I am", body, re.MULTILINE)
    parsed = parse_column(text)
    assert len(parsed.exchanges) == 1 and not [i for i in parsed.issues if i.severity == "error"]
    assert parsed.exchanges[0].letter.signoff == "Me Topics: spam"
    assert parsed.exchanges[0].answer.text == "(The answer goes here.)"


def test_documented_examples_hold():
    for module in (anonymise_module, contacts_module, editor_note_module, draft_module, text_module, record_module):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_anonymise_removes_addresses_phones_links_and_names_in_odd_formats():
    text = ("My name is Jane Roe. Write to jane.roe@example.com, mailto:jr@example.org, "
            "jane [at] mail [dot] co [dot] uk or jane at example dot com. Call (555) 123-4567, "
            "+44 20 7946 0958 or 0049-30-1234567. See https://linkedin.com/in/janeroe and "
            "www.janeroe.net. Jane here again; Roe is my family name.\n\nBest regards,\nJane\nACME Corp")
    clean = anonymise(text, names=["Jane Roe"], emails=["jane.roe@example.com"])
    for leak in ("Jane", "Roe", "@", "mail [dot]", "example dot com", "555", "7946", "1234567",
                 "linkedin", "janeroe", "ACME", "Best regards"):
        assert leak not in clean, leak
    assert "In 2019-2024 I earned $50,000" in anonymise("In 2019-2024 I earned $50,000 by 2024-03-05.")


def test_privacy_built_site_contains_nothing_from_submissions(site):
    """A site built next to a folder of letters, with a draft made from one, holds none of their
    names, addresses or phone numbers."""
    submissions = copy_fixtures(site.root / "submissions")
    (submissions / "private.csv").write_text(
        "question,name,email\n"
        '"Call me on +1 (212) 555-0199 or write to hidden.person@example.com. I am Quentin Zarkovsky.",'
        "Quentin Zarkovsky,qz@example.com\n", encoding="utf-8")
    item, result = queue_and_draft(site, submissions, lambda s: s["source"]["file"] == "private.csv")
    assert result.returncode == 0, result.stderr
    site.build()
    secrets = ["Quentin", "Zarkovsky", "555-0199", "hidden.person", "qz@example.com",
               "jose.alvarez", "Alvarez", "Priya", "dana.whitfield", "Olu Bankole", "kim.park",
               "Kim Park", "Adeola", "wei.chen", "203.0.113.9", "g.user@example.com", "Ruth Okafor"]
    built = [p for p in site.output.rglob("*") if p.is_file()]
    for path in built:
        content = path.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            assert secret not in content, (secret, path)
    drafts = list((site.output / "drafts").rglob("index.html"))
    assert drafts, "the draft made from the letter is previewed locally"
    assert "[phone number removed]" in drafts[0].read_text(encoding="utf-8")
