"""Duplicates: exact and near copies fold onto the earliest; different letters never do."""

import random

from advice_column.submissions import dedup
from advice_column.submissions.dedup import find_duplicates

LETTER = ("My manager keeps scheduling our one to one meetings at seven in the morning and then "
          "cancels them at the last minute. I have asked twice to move them to the afternoon, and "
          "each time she agreed and then changed nothing. Should I raise it with her manager, or is "
          "that going over her head in a way that will hurt me at review time?")


def reworded(text, changes, seed=1):
    words = text.split()
    rng = random.Random(seed)
    for position in rng.sample(range(len(words)), changes):
        words[position] = "changed"
    return " ".join(words)


def test_exact_copy_ignoring_case_and_punctuation_is_a_duplicate_of_the_earliest():
    letters = [("late", (1,), LETTER.upper() + "!!"), ("early", (0,), LETTER)]
    assert find_duplicates(letters) == {"late": "early"}


def test_slightly_reworded_letter_is_a_near_duplicate():
    letters = [("first", (0,), LETTER), ("again", (1,), reworded(LETTER, 4))]
    assert find_duplicates(letters) == {"again": "first"}


def test_a_different_letter_on_the_same_topic_is_not_a_duplicate():
    other = ("My manager schedules meetings at seven in the morning. I am a night owl and I cannot "
             "think that early. Is it reasonable to ask the whole team to start at ten instead?")
    assert find_duplicates([("a", (0,), LETTER), ("b", (1,), other)]) == {}


def test_short_letters_and_empty_shingle_sets_do_not_crash():
    letters = [("a", (0,), "Help!"), ("b", (1,), "help"), ("c", (2,), "Why"), ("d", (3,), "")]
    assert find_duplicates(letters) == {"b": "a"}


def test_signature_is_deterministic_and_densified():
    hashes = dedup.shingles("one two three four")
    first, second = dedup.signature(hashes), dedup.signature(dedup.shingles("one two three four"))
    assert first == second and len(first) == dedup.BINS
    assert dedup._EMPTY not in first


def test_candidates_per_letter_are_bounded_by_the_bucket_limit(monkeypatch):
    """Many distinct letters sharing words: comparisons stay within bands × bucket limit."""
    calls = []
    real = dedup.jaccard
    monkeypatch.setattr(dedup, "jaccard", lambda a, b: calls.append(1) or real(a, b))
    rng = random.Random(7)
    common = "my boss my boss my boss my boss "
    letters = [(f"l{n}", (n,), common + " ".join(rng.choice("abcdefghij") + str(rng.randrange(10**6))
                                                   for _ in range(12))) for n in range(400)]
    find_duplicates(letters)
    assert len(calls) <= len(letters) * dedup.BANDS * dedup.BUCKET_LIMIT
    assert len(calls) < len(letters) ** 2 / 2
