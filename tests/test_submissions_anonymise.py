"""The anonymiser of `make draft`: measured on labelled letters, and what each kind of detail becomes."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import anonymiser as measured
from advice_column.submissions.anonymise import anonymise_letter

ISSUE_LETTER = ("Six weeks ago I started as a research associate at Halvorsen Biotech in South San Francisco,\n"
                "working under Dr. Elaine Marsh. Dr. Marsh presents my results as her own, and when I raised it,\n"
                "Elaine said that is how science works. Marsh's last associate quit after four months.")


@pytest.fixture(scope="module")
def letters():
    return measured.labelled()


def test_labelled_set_is_large_varied_and_partly_held_out(letters):
    assert len(letters) >= 60
    held_out = [letter for letter in letters if letter.get("heldout")]
    assert len(held_out) >= 20
    for part in (held_out, [letter for letter in letters if not letter.get("heldout")]):
        assert all(any(letter.get(label) for letter in part) for label in measured.LABELS)
    people = [name for letter in letters for name in letter.get("people", [])]
    assert any(name.startswith(("Dr.", "Mr.", "Ms.", "Mrs.", "Professor")) for name in people)
    assert sum(bool(letter.get("keep")) for letter in letters) >= 20, "products and tools that are no one"
    for letter in letters:  # every label is in its letter: a typo would silently lower the bar
        source = f"{letter.get('subject', '')}\n\n{letter['text']}"
        for label in (*measured.LABELS, "keep"):
            for value in letter.get(label, []):
                assert re.search(r"\s+".join(map(re.escape, value.split())), source), (label, value)


@pytest.mark.parametrize("part", ["tuned", "heldout"])
def test_recall_on_people_organisations_places_and_precision_meet_the_targets(letters, part):
    chosen = [letter for letter in letters if bool(letter.get("heldout")) == (part == "heldout")]
    result = measured.score(chosen)
    assert result["names_recall"] >= 0.95, result["misses"]
    assert result["precision"] >= 0.85, result["false"]
    assert result["recall"]["contacts"] >= 0.95, result["misses"]


def test_words_that_name_no_one_are_kept(letters):
    for letter in letters:
        result = anonymise_letter(letter["text"], subject=letter.get("subject"))
        originals = " ".join(r.original for r in result.replacements)
        for word in letter.get("keep", []):
            assert word not in originals, (word, originals)


def test_letters_that_name_no_one_get_almost_no_replacement():
    letters, replaced = measured.false_alarms()
    assert letters == 100 and replaced <= 2


def test_one_entity_gets_one_placeholder_in_every_form_subject_included():
    result = anonymise_letter(ISSUE_LETTER, subject="Re: Dr. Marsh takes my results")
    for leak in ("Halvorsen", "San Francisco", "Elaine", "Marsh"):
        assert leak not in result.text and leak not in result.subject
    assert result.subject == "Re: [my supervisor] takes my results"
    assert result.text.count("[my supervisor]") == 4
    assert "[my supervisor]'s last associate" in result.text
    assert "at [a biotech company] in [a city]," in result.text
    assert {str(r) for r in result.replacements} >= {
        "Dr. Elaine Marsh → [my supervisor]", "Dr. Marsh → [my supervisor]", "Elaine → [my supervisor]",
        "Marsh → [my supervisor]", "Halvorsen Biotech → [a biotech company]", "South San Francisco → [a city]"}


def test_a_stated_role_becomes_the_placeholder_and_two_people_never_share_one():
    result = anonymise_letter("My manager, Kevin Doyle, blames me. My other coworker Priya Raman agrees, "
                              "and my coworker Sam Okafor says nothing. I told Rosa Lindqvist.")
    assert result.text == ("[my manager] blames me. [my other coworker] agrees, and [my coworker] says "
                           "nothing. I told [name].") or result.text == (
        "[my manager] blames me. [my coworker] agrees, and [my other coworker] says nothing. I told [name].")


def test_organisations_read_as_what_they_are():
    result = anonymise_letter("I work at Corvid Analytics. My wife teaches at Lincoln Elementary School, "
                              "and her sister is a nurse at Mercy General Hospital. We bank with Garnet "
                              "Valley Credit Union and I studied at the University of Wisconsin.")
    for placeholder in ("[a tech company]", "[a school]", "[a hospital]", "[a credit union]", "[a university]"):
        assert placeholder in result.text
    assert anonymise_letter("I work for Quillfeather, a small startup.").text == \
        "I work for [my company], a small startup."


def test_contact_details_and_numbers_are_replaced():
    text = ("Write to jo.reader@example.com or @jo_reader, call (207) 555-0143, see "
            "facebook.com/jo.reader. I live at 418 Elm Street, Apt 4. I was born on 14 March 1989; "
            "my employee ID is QS-448120, my SSN 123-45-6789, my account number 004417829.")
    result = anonymise_letter(text)
    for leak in ("jo.reader", "@jo_reader", "555-0143", "418 Elm", "1989", "448120", "6789", "004417829"):
        assert leak not in result.text, leak
    for placeholder in ("[e-mail address removed]", "[handle removed]", "[phone number removed]",
                        "[link removed]", "[street address removed]", "[date of birth removed]",
                        "[ID number removed]"):
        assert placeholder in result.text, placeholder
    originals = [r.original for r in result.replacements]  # listed in the draft's note by kind only
    assert originals == ["(e-mail address 1)", "(handle 1)", "(phone number 1)", "(link 1)", "(street address 1)",
                         "(date of birth 1)", "(ID number 1)", "(ID number 2)", "(ID number 3)"]
    assert anonymise_letter("In 2019-2024 I earned $50,000 over 12 months.").replacements == []


def test_what_the_tool_cannot_place_is_listed_not_replaced():
    result = anonymise_letter("Every ticket goes through Jira, and Blorvax decides.")
    assert result.text == "Every ticket goes through Jira, and Blorvax decides."
    assert result.unsure == ["Jira", "Blorvax"]


def test_the_writers_own_name_and_address_are_never_written_into_the_note():
    result = anonymise_letter("My name is Jo Bloggs; write to jo@example.org.", names=["Jo Bloggs"],
                              emails=["jo@example.org"])
    assert "Jo" not in result.text and "jo@example.org" not in result.text
    assert not any("Jo" in r.original or "example" in r.original for r in result.replacements)
    assert {r.original for r in result.replacements} == {"(the writer's name)", "(the writer's e-mail address)"}


WORDS = ["Dr.", "Ms.", "Elaine", "Marsh", "Marsh's", "Kevin", "Doyle", "Priya", "Grace", "Will", "my", "manager",
         "coworker", "at", "in", "work", "Halvorsen", "Biotech", "Inc.", "Portland", "Boston", "Ohio", "the",
         "University", "of", "Wisconsin", "I", "said", "Jira", "Monday", "HR", "and", ",", ".", "\n", "\n\n"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.lists(st.sampled_from(WORDS), max_size=8))
def test_any_letter_one_placeholder_per_value_and_no_replaced_value_left(words, subject):
    text = " ".join(words)
    result = anonymise_letter(text, subject=" ".join(subject) or None)
    placeholders = {}
    for replacement in result.replacements:
        assert placeholders.setdefault(replacement.original, replacement.placeholder) == replacement.placeholder
        if replacement.kind in ("person", "organisation", "place"):
            assert re.search(r"\s+".join(map(re.escape, replacement.original.split())), result.source)
            for part in (result.text, result.subject or ""):
                assert not re.search(rf"(?<!\w){re.escape(replacement.original)}(?!\w)", part), replacement
    spans = sorted((span.start, span.end) for span in result.spans)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:])), "replaced spans overlap"
