"""Form exports: the ask form, Netlify, Formspree, Google Forms, any mapping, and broken files."""

from datetime import datetime, timezone

from advice_column.submissions.options import IntakeOptions
from submissions_helpers import read_bytes_as, read_fixture


def test_ask_form_csv_reads_its_field_names_and_judges_each_row():
    records = read_fixture("ask_form.csv")
    assert [r.record for r in records] == [1, 2, 3, 4]
    first = records[0]
    assert first.text == 'My team lead schedules meetings at 7 a.m., "for focus". Is that normal?'
    assert (first.signoff, first.sender_name, first.sender_email) == (
        "Sleepy in Seattle", "Kim Park", "kim.park@example.com")
    assert first.consent is True
    assert [r.reason for r in records] == [None, "spam", "empty", "malformed"]  # honeypot, blank, 7 cells
    assert "line 5" in records[3].detail


def test_netlify_csv_preset():
    letter, = read_fixture("netlify.csv")
    assert letter.text.startswith("I was laid off while on parental leave")
    assert letter.received == datetime(2024, 3, 13, 15, 4, 5, tzinfo=timezone.utc)
    assert letter.sender_email == "adeola@example.com"


def test_google_forms_preset_with_semicolons_bom_and_local_timestamp():
    letter, = read_fixture("google_forms.csv")
    assert letter.text == "My boss texts me on weekends and expects answers within the hour."
    assert letter.signoff == "Always On in Austin"
    assert letter.sender_email == "g.user@example.com"
    assert letter.received.isoformat() == "2024-03-14T10:22:31-04:00"  # TIMEZONE America/New_York


def test_formspree_json_preset_and_honeypot():
    records = read_fixture("formspree.json")
    assert [r.reason for r in records] == [None, "spam"]
    assert records[0].received.isoformat() == "2024-03-15T12:00:00-04:00"
    assert records[0].sender_email == "f.user@example.com"


def test_netlify_api_json_reads_fields_under_data_and_rejects_bad_items():
    records = read_fixture("netlify_api.json")
    assert records[0].text == "My new job is nothing like the description. Quit after two weeks?"
    assert records[0].signoff == "Misled in Minneapolis"
    assert [r.reason for r in records] == [None, "malformed", "malformed"]


def test_windows_1252_export_is_decoded():
    letter, = read_fixture("cp1252.csv")
    assert "café" in letter.text and letter.sender_name == "Rémi"


def test_broken_quoting_makes_the_whole_file_malformed_and_imports_nothing():
    whole, = read_fixture("broken_quoting.csv")
    assert (whole.record, whole.reason) == (None, "malformed")
    assert "none of its rows were imported" in whole.detail


def test_truncated_json_is_malformed_as_a_whole():
    whole, = read_fixture("truncated.json")
    assert (whole.record, whole.reason) == (None, "malformed")
    assert "not valid JSON" in whole.detail


def test_file_without_question_column_is_malformed_and_names_the_setting():
    whole, = read_fixture("no_question_column.csv")
    assert (whole.record, whole.reason) == (None, "malformed")
    assert "SUBMISSION_FIELDS" in whole.detail


def test_header_only_export_is_empty():
    whole, = read_fixture("header_only.csv")
    assert (whole.record, whole.reason) == (None, "empty")


def test_submission_fields_maps_any_other_backend(tmp_path):
    data = "Message Body,Full Name,Sent At\nIs a four-day week worth a pay cut?,Ana,2024-05-01 10:00\n"
    options = IntakeOptions(fields={"question": ["message body"], "name": ["full name"],
                                    "received": ["sent at"]}, timezone="UTC")
    letter, = read_bytes_as(tmp_path, "other.csv", data, options)
    assert letter.text == "Is a four-day week worth a pay cut?"
    assert letter.sender_name == "Ana"
    assert letter.received.isoformat() == "2024-05-01T10:00:00+00:00"


def test_only_the_question_column_is_required(tmp_path):
    letter, = read_bytes_as(tmp_path, "min.csv", "question\nJust the question.\n")
    assert letter.reason is None and letter.sender_name is None and letter.received is None


def test_oversized_question_is_too_large(tmp_path):
    data = "question\n" + "x" * 300 + "\n"
    letter, = read_bytes_as(tmp_path, "big.csv", data, IntakeOptions(max_bytes=200))
    assert letter.reason == "too_large"


def test_json_that_is_not_a_list_of_submissions_is_malformed(tmp_path):
    whole, = read_bytes_as(tmp_path, "odd.json", '{"question": "not in a list"}')
    assert whole.reason == "malformed"
    whole, = read_bytes_as(tmp_path, "none.json", "[]")
    assert whole.reason == "empty"
