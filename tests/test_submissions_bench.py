"""The synthetic submissions of the benchmark: deterministic, and exactly n records as the intake reads them."""

import hashlib

from advice_column.submissions.intake import read_folder
from advice_column.submissions.options import IntakeOptions
from bench.submissions import generate


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_generator_is_deterministic_and_writes_exactly_n_records(tmp_path):
    first, second = generate(tmp_path / "a", 300), generate(tmp_path / "b", 300)
    assert digest(first) == digest(second)
    records = read_folder(first, IntakeOptions())
    assert len(records) == 300
    reasons = {r.reason for r in records}
    assert {None, "spam", "empty", "malformed"} <= reasons
    assert {p.suffix for p in first.iterdir()} == {".mbox", ".eml", ".csv", ".json"}
