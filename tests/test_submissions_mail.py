"""E-mail intake: every kind of message a reader's mail client produces, and the broken ones."""

from datetime import datetime, timezone

from submissions_helpers import read_bytes_as, read_fixture


def only(records):
    assert len(records) == 1
    return records[0]


def test_plain_message_with_encoded_words_and_quoted_printable():
    letter = only(read_fixture("plain.eml"))
    assert letter.reason is None
    assert letter.subject == "My manager takes credit for my work — what now?"
    assert (letter.sender_name, letter.sender_email) == ("José Alvarez", "jose.alvarez@example.com")
    assert letter.received == datetime(2024, 3, 5, 14, 15, tzinfo=timezone.utc)
    assert "presents it to the directors as his own work" in letter.text
    assert letter.text.endswith("keep quiet and start looking?")
    assert letter.signoff == "Uncredited in Cleveland"


def test_html_only_body_becomes_text_without_script_style_or_quotes():
    letter = only(read_fixture("html_only.eml"))
    assert letter.text.startswith("I had three interviews")
    assert "naïve" in letter.text  # iso-8859-1 decoded
    assert "alert" not in letter.text and "color:red" not in letter.text
    assert "Earlier quoted text" not in letter.text
    assert "<p>" not in letter.text


def test_multipart_alternative_prefers_plain_text_in_base64_latin1():
    letter = only(read_fixture("alternative.eml"))
    assert "Can I negotiate without losing the offer?" in letter.text
    assert "café" in letter.text
    assert "HTML VERSION" not in letter.text


def test_quoted_reply_text_is_removed():
    letter = only(read_fixture("reply.eml"))
    assert letter.text.endswith("Do I have any leverage?")
    assert "Thank you for writing" not in letter.text and "wrote:" not in letter.text


def test_letter_forwarded_as_attached_message_is_the_letter():
    letter = only(read_fixture("forwarded_attachment.eml"))
    assert letter.sender_email == "dana.whitfield@example.com"
    assert letter.subject == "Burned out after a promotion"
    assert letter.text.startswith("I was promoted to team lead")
    assert "FYI" not in letter.text


def test_inline_forwarding_wrapper_is_removed_and_its_sender_kept():
    letter = only(read_fixture("forwarded_inline.eml"))
    assert letter.sender_email == "olu.bankole@example.com"
    assert letter.text.startswith("My former boss refuses")
    assert "see below" not in letter.text and "Forwarded message" not in letter.text


def test_attachments_are_ignored():
    letter = only(read_fixture("attachment.eml"))
    assert letter.text == "I attached my CV. It is four pages after twenty years of work. Too long?"
    assert "SECRET" not in letter.text


def test_auto_replies_are_spam():
    for name in ("autoreply.eml", "out_of_office.eml"):
        assert only(read_fixture(name)).reason == "spam"


def test_unknown_charset_broken_bytes_and_bad_date_never_crash():
    letter = only(read_fixture("broken_charset.eml"))
    assert letter.reason is None
    assert "My coworker eats my lunch" in letter.text and "\ufffd" in letter.text
    assert letter.received is None
    assert letter.subject.startswith("Caf")


def test_empty_body_and_empty_file_are_empty():
    assert only(read_fixture("empty_body.eml")).reason == "empty"
    whole = only(read_fixture("empty_file.eml"))
    assert (whole.reason, whole.record) == ("empty", None)


def test_mbox_messages_are_numbered_and_each_judged_alone():
    records = read_fixture("inbox.mbox")
    assert [r.record for r in records] == [1, 2, 3, 4]
    assert [r.reason for r in records] == [None, None, "malformed", "spam"]
    assert "From what I hear" in records[0].text  # mboxrd ">From " unquoted


def test_mbox_with_text_before_the_first_separator_is_malformed_as_a_whole(tmp_path):
    data = b"garbage first\nFrom a@b Tue Mar 12 08:00:00 2024\nFrom: a@b\nSubject: x\n\nhello\n"
    whole = only(read_bytes_as(tmp_path, "odd.mbox", data))
    assert (whole.reason, whole.record) == ("malformed", None)
    assert "From " in whole.detail


def test_text_over_the_size_limit_is_too_large(tmp_path):
    from advice_column.submissions.options import IntakeOptions

    data = b"From: a@example.com\nSubject: long\n\n" + b"word " * 100
    letter = only(read_bytes_as(tmp_path, "long.eml", data, IntakeOptions(max_bytes=200)))
    assert letter.reason == "too_large"
    attached = (b"From: a@example.com\nSubject: short\nContent-Type: multipart/mixed; boundary=B\n\n"
                b"--B\nContent-Type: text/plain\n\nShort letter.\n--B\nContent-Type: application/pdf\n"
                b"Content-Transfer-Encoding: base64\n\n" + b"QUFB" * 200 + b"\n--B--\n")
    assert only(read_bytes_as(tmp_path, "att.eml", attached, IntakeOptions(max_bytes=200))).reason is None


def test_header_newlines_stay_on_one_line(tmp_path):
    data = b"From: Evil <e@example.com>\nSubject: =?utf-8?q?Hi=0AStatus=3A_published?=\n\nHello there.\n"
    letter = only(read_bytes_as(tmp_path, "nl.eml", data))
    assert "\n" not in letter.subject and "Status: published" in letter.subject


def test_header_folded_without_leading_space_is_repaired(tmp_path):
    data = (b'From: "Odd"=?utf-8?b?wqDgoIA=?=\n" <reader@example.org>"\nSubject: Folded badly\n'
            b"Date: Tue, 05 Mar 2024 09:00:00 -0500\n\nMy question is in the body.\n")
    letter = only(read_bytes_as(tmp_path, "folded.eml", data))
    assert letter.text == "My question is in the body."
    assert letter.subject == "Folded badly"
    body_without_separator = only(read_bytes_as(tmp_path, "nosep.eml", b"From: a@example.com\nJust text\n"))
    assert body_without_separator.text == "Just text"
