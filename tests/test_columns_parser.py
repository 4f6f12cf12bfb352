"""The pure Q&A parser: structure and line numbers straight from the source text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import PELICANCONF
from pelican.readers import BaseReader
from pelican.settings import read_settings

from advice_column.__main__ import main
from advice_column.columns.metadata import read_metadata
from advice_column.columns.parser import parse_column

TWO_LETTERS = """\
Title: Two letters
Date: 2024-03-05 09:00
Summary: First line
    second line

An introduction.

Q. My boss takes credit.

Every time.
— Uncredited in Utah

A. Keep a record.

**Q:** Should I quit?
-- Restless

Answer: Not yet.
"""


def issues(text):
    return [(i.line, i.severity, i.what) for i in parse_column(text).issues]


def test_metadata_fields_keep_their_names_values_and_lines():
    column = parse_column(TWO_LETTERS)
    assert [(f.key, f.name, f.line) for f in column.fields] == [
        ("title", "Title", 1), ("date", "Date", 2), ("summary", "Summary", 3)]
    assert column.first("summary").value == "First line\nsecond line"
    assert column.body_line == 6


def test_introduction_letters_answers_and_signoffs_with_their_lines():
    column = parse_column(TWO_LETTERS)
    assert column.intro == "An introduction."
    first, second = column.exchanges[:2]
    assert (first.letter.line, first.letter.text) == (8, "My boss takes credit.\n\nEvery time.")
    assert (first.letter.signoff, first.letter.signoff_line) == ("Uncredited in Utah", 11)
    assert (first.answer.line, first.answer.text) == (13, "Keep a record.")
    assert (second.letter.line, second.letter.signoff) == (15, "Restless")
    assert (second.answer.line, second.answer.text) == (18, "Not yet.")
    assert parse_column(TWO_LETTERS).issues == []


def test_a_letter_followed_by_a_letter_has_no_answer():
    text = "Title: T\n\nQ. One?\n\nQuestion: Two?\n\nA. Both.\n"
    assert issues(text) == [(3, "error", "this reader's letter has no answer")]


def test_two_answers_in_a_row():
    text = "Title: T\n\nQ. One?\n\nA. Yes.\n\nA. And again.\n"
    assert issues(text) == [(7, "error", "a second answer follows answer 1")]


@pytest.mark.parametrize("marker", ["Q.", "Q:", "**Q.**", "**Q:**", "**Q**.", "__Q.__", "Question:",
                                    "QUESTION:", "question."])
def test_letter_marker_variants(marker):
    column = parse_column(f"Title: T\n\n{marker} Why?\n\nA. Because.\n")
    assert column.exchanges[0].letter.text == "Why?"
    assert column.issues == []


@pytest.mark.parametrize("marker", ["A.", "A:", "**A.**", "**A**:", "Answer:", "ANSWER."])
def test_answer_marker_variants(marker):
    column = parse_column(f"Title: T\n\nQ. Why?\n\n{marker} Because.\n")
    assert column.exchanges[0].answer.text == "Because."


def test_a_marker_alone_on_its_line_starts_the_text_on_the_next():
    column = parse_column("Title: T\n\nQ.\nWhy?\n\n**A.**\n\nBecause.\n")
    assert column.exchanges[0].letter.text == "Why?"
    assert column.exchanges[0].answer.text == "Because."


@pytest.mark.parametrize("line", ["— Ghosted in Ohio", "– Ghosted in Ohio", "-- Ghosted in Ohio",
                                  "—Ghosted in Ohio"])
def test_signoff_variants_end_the_letter(line):
    column = parse_column(f"Title: T\n\nQ. Why?\n{line}\n\nA. Because.\n")
    assert column.exchanges[0].letter.signoff == "Ghosted in Ohio"
    assert column.exchanges[0].letter.text == "Why?"


@pytest.mark.parametrize("text", [
    "Title: T\n\nQ. Hello\n\nAnd. Q. is not a marker mid-paragraph\nA. nor a continuation line\n",
    "Title: T\n\nQ. Hello\n\n```\nA. inside code\n```\n",
    "Title: T\n\nQ. Hello\n\n    A. indented code\n",
    "Title: T\n\nQ. Hello\n\nAbout. A word starting with A is not a marker\n",
])
def test_text_that_only_looks_like_a_marker_is_letter_text(text):
    column = parse_column(text)
    assert column.exchanges == []
    assert issues(text) == [(3, "error", "this reader's letter has no answer")]


def test_a_horizontal_rule_is_not_a_signoff():
    column = parse_column("Title: T\n\nQ. Hello\n---\n\nA. Hi\n")
    assert column.exchanges[0].letter.signoff is None


@pytest.mark.parametrize("ending", [
    "- stay\n- go",  # a Markdown list
    "- stay\n- go\n— Torn",  # a dash line right under a list is the list's (Markdown's lazy line)
    "1. stay\n-- go",
    "* stay\n  – go",
    "– stay\n– go",  # bullets pasted from a word processor
    "He said:\n— Are you coming?\n— No.",  # dialogue
    "- go",  # a single `-` starts a list item, never a sign-off
    "> Stay or go?\n— my manager",  # a dash line right under a quote is the quote's (lazy line)
])
def test_a_letter_ending_with_a_list_or_dialogue_keeps_its_last_line(ending):
    letter = parse_column(f"Title: T\n\nQ. My options:\n\n{ending}\n\nA. Stay.\n").exchanges[0].letter
    assert (letter.text, letter.signoff) == (f"My options:\n\n{ending}", None)


@pytest.mark.parametrize("ending", ["- stay\n- go\n\n— Torn in Tulsa", "- stay\n\n  – Torn in Tulsa",
                                    "Yours,\n-- Torn in Tulsa", "```\n- stay\n```\n— Torn in Tulsa",
                                    "> Stay or go?\n\n— Torn in Tulsa"])
def test_a_signoff_after_a_list_or_code_needs_only_its_own_paragraph_or_a_plain_one(ending):
    letter = parse_column(f"Title: T\n\nQ. Hi.\n\n{ending}\n\nA. Stay.\n").exchanges[0].letter
    assert letter.signoff == "Torn in Tulsa"
    assert "Torn" not in letter.text


def test_column_without_any_letter():
    assert issues("Title: T\nDate: 2024-01-01\n\nDear coach, help.\n") == [
        (4, "error", "no reader's letter: no paragraph starts with `Q.`")]


def test_answer_before_any_letter():
    text = "Title: T\n\nA. An answer first.\n\nQ. Then a letter.\n\nA. Then its answer.\n"
    assert issues(text) == [(3, "error", "an answer (`A.`) comes before any reader's letter")]
    assert len(parse_column(text).exchanges) == 1


def test_letter_without_answer_at_the_end():
    text = "Title: T\n\nQ. One?\n\nA. Yes.\n\nQ. Two?\n"
    assert issues(text) == [(7, "error", "this reader's letter has no answer")]


def test_empty_letter_and_empty_answer():
    text = "Title: T\n\nQ.\n— Just a name\n\nA.\n"
    assert issues(text) == [(3, "error", "the reader's letter is empty"), (6, "error", "the answer is empty")]


def test_metadata_must_end_with_a_blank_line():
    text = "Title: T\nDate: 2024-01-01\nQ. Hello?\n\nA. Hi.\n"
    assert issues(text) == [(3, "error", "the metadata lines must end with a blank line before the text")]
    assert parse_column(text).exchanges[0].letter.line == 3


def test_link_references_are_shared_by_every_part():
    column = parse_column("Title: T\n\nQ. See [this][1].\n\nA. Fine.\n\n[1]: https://example.org/\n")
    assert column.references == "[1]: https://example.org/"


def test_byte_order_mark_and_crlf_line_ends():
    column = parse_column("\ufeffTitle: T\r\n\r\nQ. Hello?\r\n\r\nA. Hi.\r\n")
    assert column.first("title").value == "T"
    assert column.exchanges[0].answer.line == 5
    assert parse_column("Title: T\r\rQ. Hello?\r\rA. Hi.\r").exchanges[0].answer.line == 5


#: What ``str.splitlines()`` breaks lines at besides ``\n`` and ``\r``; editors and Markdown do not.
NOT_LINE_ENDS = ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", NOT_LINE_ENDS)
def test_a_form_feed_or_unicode_line_separator_is_text_inside_its_line(char):
    column = parse_column(f"Title: T{char}x\n\nQ. One{char}two\n— Me{char}you\n\nA. Yes{char}no.\n\nQ. Again?\n")
    exchange = column.exchanges[0]
    assert column.first("title").value == f"T{char}x"
    assert (exchange.letter.text, exchange.letter.signoff, exchange.letter.signoff_line) == (
        f"One{char}two", f"Me{char}you", 4)
    assert (exchange.answer.line, exchange.answer.text) == (6, f"Yes{char}no.")
    assert issues(f"Title: T\n\nQ. One{char}two\n\nA. Yes.\n\nQ. Again?\n") == [
        (7, "error", "this reader's letter has no answer")]


@pytest.mark.parametrize("char", ["\f", "\u2028"])
def test_check_names_the_line_an_editor_sees_after_a_form_feed_or_line_separator(site, capsys, char):
    site.add_column("odd", text=f"Title: Odd\nDate: 2024-03-05 09:00\nTopics: managers\n\n"
                                f"Q. Page one{char}page two\n\nA. Fine.\n\nA. Again.\n")
    main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    assert "content/columns/odd.md:9: error: a second answer follows answer 1" in capsys.readouterr().err


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Title: x", "Date: 2024-01-01", "Q. why", "A. because", "",
                                           "— Someone", "text", "```", "Slug: Not a slug"]),
                          st.sampled_from(["", *NOT_LINE_ENDS])), max_size=20))
def test_characters_that_are_no_line_ends_never_move_a_line_number(lines):
    plain = parse_column("\n".join(line for line, _ in lines))
    marked = parse_column("\n".join(line + char if line else "" for line, char in lines))
    assert [i.line for i in marked.issues] == [i.line for i in plain.issues]
    assert [(e.letter.line, e.letter.signoff_line, e.answer.line) for e in marked.exchanges] == [
        (e.letter.line, e.letter.signoff_line, e.answer.line) for e in plain.exchanges]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_without_exception_and_lines_stay_in_the_file(text):
    column = parse_column(text)
    last = max(len(text.splitlines()), 1)
    assert all(1 <= issue.line <= last for issue in column.issues)
    for exchange in column.exchanges:
        assert exchange.letter.line < exchange.answer.line <= last


LINES = st.sampled_from(["Title: x", "Date: 2024-01-01", "Q. why", "A. because", "**Q.** hm", "Answer: no",
                         "", "", "— Someone", "```", "    code", "text", "Topics: a, b", "[1]: http://x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=30))
def test_column_shaped_text_always_pairs_letters_before_answers(lines):
    column = parse_column("\n".join(lines))
    numbers = [exchange.number for exchange in column.exchanges]
    assert numbers == list(range(1, len(numbers) + 1))
    assert bool(column.exchanges) or any(issue.severity == "error" for issue in column.issues)


METADATA_LINES = st.tuples(
    st.sampled_from(["Title", "Date", "Modified", "Status", "Slug", "Aliases", "Follows", "Asker", "Topic",
                     "Summary", "Whatever"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40),
).map(lambda kv: f"{kv[0]}: {kv[1]}")


@settings(max_examples=300, deadline=None)
@given(st.lists(METADATA_LINES, max_size=8))
def test_any_metadata_is_checked_without_exception(lines):
    pelican_settings = read_settings(None)
    parsed = parse_column("\n".join(lines) + "\n\nQ. Hi?\n\nA. Hello.\n")
    meta, found = read_metadata(parsed, pelican_settings, BaseReader(pelican_settings).process_metadata)
    assert all(1 <= issue.line <= len(lines) + 1 for issue in found)
    assert meta.title is None or meta.title.strip()
