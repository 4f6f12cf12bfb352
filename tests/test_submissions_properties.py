"""Property tests: whatever bytes arrive, the intake never crashes and accounts for every record."""

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advice_column.submissions.intake import read_file
from advice_column.submissions.options import IntakeOptions
from advice_column.submissions.queue import build_entries, counts
from advice_column.submissions.record import REASONS

OPTIONS = IntakeOptions(max_bytes=2000, timezone="America/New_York")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def accounted(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    records = read_file(path, name, OPTIONS)
    assert records, "every file yields at least one record"
    for record in records:
        assert record.reason is None or record.reason in REASONS
        assert record.reason is not None or record.text.strip()
        assert record.record is None or record.record >= 1
    entries = build_entries(records, {}, lambda text: [], lambda text, topics: [])
    tally = counts(entries)
    assert tally["read"] == len(records) == sum(tally[k] for k in ("new", "answered", "duplicate", "rejected"))
    assert len({entry["id"] for entry in entries}) == len(entries)
    return records


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".eml", ".mbox", ".csv", ".json"]))
def test_random_bytes_never_crash_any_reader(tmp_path, data, suffix):
    accounted(tmp_path, "random" + suffix, data)


@FAST
@given(body=st.binary(max_size=1500), headers=st.lists(
    st.tuples(st.sampled_from(["From", "Subject", "Date", "Content-Type", "Content-Transfer-Encoding",
                               "Auto-Submitted", "MIME-Version"]), st.binary(max_size=80)), max_size=6))
def test_random_messages_never_crash(tmp_path, body, headers):
    data = b"".join(name.encode() + b": " + value.replace(b"\n", b" ") + b"\n" for name, value in headers)
    accounted(tmp_path, "m.eml", data + b"\n" + body)
    accounted(tmp_path, "m.mbox", b"From x@y Mon Jan  1 00:00:00 2024\n" + data + b"\n" + body)


cells = st.text(max_size=60)


@FAST
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=12),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_random_csv_rows_are_all_accounted_for(tmp_path, rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["question", "name", "email", "_gotcha"])
    writer.writerows(rows)
    records = accounted(tmp_path, "r.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))
    numbered = [r for r in records if r.record is not None]
    if numbered:
        assert [r.record for r in numbered] == list(range(1, len(numbered) + 1))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=3), max_leaves=8)


@FAST
@given(items=st.lists(st.one_of(json_values, st.fixed_dictionaries(
    {"question": json_values}, optional={"name": json_values, "_gotcha": json_values})), max_size=8))
def test_random_json_items_are_all_accounted_for(tmp_path, items):
    records = accounted(tmp_path, "r.json", json.dumps(items).encode())
    if any(r.record for r in records):
        assert len(records) == len(items)
