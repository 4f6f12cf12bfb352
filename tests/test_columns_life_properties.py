"""Property tests of the parsers behind a column's later life: `Corrections` lines, link addresses in a
column's source, and links turned into plain text; on any text they never fail and lose nothing."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advice_column.columns.metadata import read_corrections
from advice_column.columns.sanitise import clean
from advice_column.columns.withdrawal import addresses, unlink

MODEST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)
LINES = st.lists(TEXT, max_size=8)


@MODEST
@given(LINES)
def test_each_corrections_line_is_a_correction_a_continuation_or_an_error_at_its_line(lines):
    found, issues = read_corrections("\n".join(line.replace("\n", " ") for line in lines), 7)
    assert all(7 <= issue.line < 7 + max(len(lines), 1) for issue in issues)
    assert all(7 <= number < 7 + len(lines) for _, number in found)
    assert all("\n" not in correction.text for correction, _ in found)
    words = " ".join(" ".join(line.split()) for line in lines).split()
    kept = " ".join(f"{c.day.isoformat()}: {c.text}" for c, _ in found).split()
    assert set(kept) <= set(words) | {c.day.isoformat() + ":" for c, _ in found}


@MODEST
@given(LINES)
def test_addresses_are_found_on_their_own_line(lines):
    lines = [line.replace("\n", " ").replace("\r", " ") for line in lines]
    for number, address in addresses(lines, 3):
        assert address and address in lines[number - 3]


@MODEST
@given(TEXT, TEXT)
def test_unlinking_keeps_every_word_and_removes_only_the_named_links(text, other):
    html = clean(f'<p><a href="/columns/gone/">{text}</a> and <a href="/columns/kept/">{other}</a></p>')
    result = unlink(html, ["/columns/gone/"])
    assert 'href="/columns/gone/"' not in result
    assert result.count('href="/columns/kept/"') == html.count('href="/columns/kept/"')
    assert clean(result) == result
