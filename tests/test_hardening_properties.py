"""Hardening: every parser, on hostile but well-formed input, keeps every piece and never hangs.

The owners' property tests feed random bytes (the parsers must not crash). These
go further on inputs that are *valid* but hostile: every well-formed message,
row or item is a letter (a crash caught and reported as ``malformed`` would lose
it), every line of a column is somewhere in the result, and long runs of the
characters regular expressions trip on are handled in bounded time.
"""

import csv
import io
import json
import mailbox
import signal
from contextlib import contextmanager
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.readers import BaseReader
from pelican.settings import read_settings

from advice_column.columns.metadata import read_metadata
from advice_column.columns.parser import parse_column
from advice_column.columns.render import ColumnRenderer
from advice_column.columns.structured_data import script_json
from advice_column.submissions.anonymise import anonymise
from advice_column.submissions.draft import compose
from advice_column.submissions.intake import read_file
from advice_column.submissions.options import IntakeOptions
from advice_column.submissions.text import clean_letter, html_to_text, split_signoff

OPTIONS = IntakeOptions(timezone="America/New_York")
# Modest: the machine has two cores shared by the team. No deadline: a slow
# example on a busy machine is not a failure; a hang is caught by `hang_guard`.
MODEST = settings(max_examples=40, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

#: Text as readers type it: any printable character of any script, no surrogates or controls.
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=120)
WORDY = st.text(alphabet=st.characters(whitelist_categories=["L", "N"]), min_size=1, max_size=12)
#: A letter: a few paragraphs with a marker word in each, so a dropped one is noticed.
LETTER = st.lists(st.lists(WORDY, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=4)


@contextmanager
def hang_guard(seconds=120):
    """Fail (instead of hanging the suite) when the block runs for minutes: a guard against
    catastrophic regular-expression backtracking, not a performance assertion."""
    def fail(*_):
        raise AssertionError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- Submissions: every well-formed record is a letter, numbered, never "malformed" -------------------

def message(subject, name, body):
    mail = EmailMessage()
    mail["From"] = f'"{name}" <reader@example.org>' if name else "reader@example.org"
    mail["Subject"] = subject
    mail["Date"] = "Tue, 05 Mar 2024 09:00:00 -0500"
    mail.set_content(body)
    return mail


def assert_kept(records, count):
    assert [r.record for r in records] == list(range(1, count + 1))
    for record in records:
        assert record.reason != "malformed", record.detail
        assert record.reason in (None, "empty"), (record.reason, record.detail)


@MODEST
@given(subject=TEXT, name=TEXT, body=LETTER)
def test_any_well_formed_message_is_one_letter_with_its_text(tmp_path, subject, name, body):
    path = tmp_path / "m.eml"
    path.write_bytes(bytes(message(subject, name, "\n\n".join(body))))
    [record] = read_file(path, "m.eml", OPTIONS)
    assert_kept([record], 1)
    assert record.reason is None
    assert body[0].split()[0] in record.text + (record.signoff or "")


@MODEST
@given(letters=st.lists(st.tuples(TEXT, TEXT, LETTER), min_size=1, max_size=5))
def test_every_message_of_a_mailbox_is_one_numbered_letter(tmp_path, letters):
    path = tmp_path / "box.mbox"
    path.unlink(missing_ok=True)  # tmp_path is shared by the examples
    box = mailbox.mbox(path)
    for subject, name, body in letters:
        box.add(message(subject, name, "\n\n".join(body)))
    box.flush()
    box.close()
    records = read_file(path, "box.mbox", OPTIONS)
    assert_kept(records, len(letters))


@MODEST
@given(rows=st.lists(st.tuples(LETTER.map("\n\n".join), TEXT, TEXT, TEXT), min_size=1, max_size=6),
       delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_every_row_of_a_form_export_is_one_letter(tmp_path, rows, delimiter):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["question", "subject", "name", "signoff"])
    writer.writerows(rows)
    path = tmp_path / "form.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    records = read_file(path, "form.csv", OPTIONS)
    assert_kept(records, len(rows))
    assert all(r.reason is None for r in records)


@MODEST
@given(items=st.lists(st.fixed_dictionaries(
    {"question": LETTER.map("\n\n".join)}, optional={"subject": TEXT, "name": TEXT, "email": TEXT,
                                                     "signoff": TEXT, "consent": st.booleans()}),
    min_size=1, max_size=6), shape=st.sampled_from(["list", "formspree"]))
def test_every_item_of_a_json_export_is_one_letter(tmp_path, items, shape):
    document = items if shape == "list" else {"submissions": items}
    path = tmp_path / "form.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    records = read_file(path, "form.json", OPTIONS)
    assert_kept(records, len(items))
    assert all(r.reason is None for r in records)


@MODEST
@given(text=TEXT, subject=TEXT, signoff=TEXT, name=TEXT)
def test_a_draft_of_any_letter_is_a_column_with_one_exchange_and_no_injected_metadata(
        text, subject, signoff, name):
    letter = {"text": text or "Help?", "subject": subject, "signoff": signoff, "sender_name": name,
              "sender_email": "reader@example.org"}
    slug, draft = compose("0123456789ab", {"topics": []}, letter, read_settings(None))
    parsed = parse_column(draft)
    assert [f.key for f in parsed.fields] == ["editor-note", "title", "slug", "date", "status", "submission",
                                              "asker"]
    assert parsed.first("status").value == "draft"
    assert len(parsed.exchanges) == 1
    assert "reader@example.org" not in draft


# --- Columns: nothing of the source is lost, any text renders --------------------------------------

BODY_LINES = st.one_of(
    st.sampled_from(["Q. A letter?", "A. An answer.", "**Q:** Another?", "Answer: yes.", "— Signed Off",
                     "", "", "", "Plain words.", "[1]: https://example.org/", "> quoted", "- item"]),
    TEXT.filter(lambda line: line.strip() and "`" not in line and "~~~" not in line),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(BODY_LINES, max_size=25))
def test_every_line_of_an_error_free_body_is_in_the_column(lines):
    """Intro, letters, answers, sign-offs and references together hold every line of the body."""
    parsed = parse_column("Title: T\nDate: 2024-03-05 09:00\n\n" + "\n".join(lines) + "\n")
    if any(issue.severity == "error" for issue in parsed.issues):
        return
    kept = [parsed.intro, parsed.references]
    for exchange in parsed.exchanges:
        kept += [exchange.letter.text, exchange.letter.signoff or "", exchange.answer.text]
    kept = "\n".join(kept)
    for line in lines:
        for word in line.split():
            if word not in ("Q.", "A.", "**Q:**", "Answer:", "—"):
                assert word in kept, (word, line)


@settings(max_examples=60, deadline=None)
@given(intro=TEXT, letter=TEXT, answer=TEXT, summary=TEXT)
def test_any_error_free_column_renders_and_its_json_ld_stays_in_its_script(intro, letter, answer, summary):
    pelican_settings = read_settings(None)
    text = (f"Title: {letter[:20] or 'T'}\nDate: 2024-03-05 09:00\nSummary: {summary}\n\n{intro}\n\n"
            f"Q. {letter}\n\nA. {answer}\n")
    parsed = parse_column(text)
    meta, issues = read_metadata(parsed, pelican_settings, BaseReader(pelican_settings).process_metadata)
    if any(issue.severity == "error" for issue in [*parsed.issues, *issues]):
        return
    content, exchanges = ColumnRenderer(pelican_settings).render(parsed, meta.askers)
    assert len(exchanges) == len(parsed.exchanges)
    assert content.count('<section class="exchange"') == len(exchanges)
    encoded = script_json({"text": letter + answer, "title": meta.title})
    assert "<" not in encoded and ">" not in encoded
    assert json.loads(encoded)["title"] == meta.title


# --- Never a hang: long runs of what regular expressions trip on ------------------------------------

#: Each is about 256 KiB (SUBMISSION_MAX_BYTES): before the fix, anonymising any of them took hours.
RUNS = {
    "one long word": "a" * 250_000,
    "dotted labels": "a." * 125_000,
    "dashes": "-" * 250_000,
    "www prefixes": "www." * 62_000,
    "digit dashes": "1-" * 125_000 + "1x",
    "mixed token": "a-1.b_" * 42_000,
    "spelled-out at": "a at " * 50_000,
    "bracketed at": "x ( at ) " * 28_000,
    "reply intros": "On Monday " * 25_000,
    "quoted lines": "> x\n" * 62_000,
}


@pytest.mark.parametrize("text", RUNS.values(), ids=RUNS.keys())
def test_a_huge_hostile_letter_is_cleaned_and_anonymised_without_hanging(text):
    with hang_guard():
        letter, _ = split_signoff(clean_letter(text))
        anonymise(letter, names=["Jane Q Public"], emails=["jane@example.org"])
        html_to_text(f"<p>{text[:50_000]}</p>")
