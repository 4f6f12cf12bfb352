"""Topic suggestions: measured on readers' letters, explainable, built from the vocabulary only."""

import doctest
import tomllib
from pathlib import Path

import pytest

from advice_column.settings import with_defaults
from advice_column.topics import classifier as classifier_module, text
from advice_column.topics.classifier import Classifier

DATA = Path(__file__).parent / "data"


def letters(name):
    return tomllib.loads((DATA / name).read_text(encoding="utf-8"))["letter"]


@pytest.fixture(scope="module")
def classifier():
    from conftest import PELICANCONF, ROOT
    from pelican.settings import read_settings

    return Classifier.from_settings(
        with_defaults(read_settings(str(PELICANCONF), override={"PATH": str(ROOT / "content")})))


def accuracy(classifier, name):
    """The share of letters whose main topic is among the classifier's two best suggestions."""
    found = letters(name)
    hits = [letter["topic"] in [slug for slug, _ in classifier.suggest(letter["text"], n=2)]
            for letter in found]
    return sum(hits) / len(found)


def test_labelled_letters_are_enough_and_cover_every_topic(classifier):
    found = letters("labelled_letters.toml") + letters("heldout_letters.toml") + letters("fresh_letters.toml")
    assert len(letters("labelled_letters.toml")) >= 40
    vocabulary_slugs = {slug for slug, _ in classifier.suggest(" ".join(t["text"] for t in found), n=100)}
    assert {letter["topic"] for letter in found} <= vocabulary_slugs


@pytest.mark.parametrize("name, floor", [
    ("labelled_letters.toml", 0.80),  # the set written before the keywords were tuned
    ("heldout_letters.toml", 0.80),   # written after the first keywords; misses then added keywords
    ("fresh_letters.toml", 0.65),     # written after tuning, never tuned on: the honest measure
])
def test_main_topic_is_among_the_top_two_suggestions(classifier, name, floor):
    assert accuracy(classifier, name) >= floor


def test_suggestions_are_explained_point_by_point(classifier):
    letter = "My interviewer ghosted me after the final round. Should I follow up again?"
    suggestions = classifier.suggest(letter, n=5)
    reasons = classifier.explain(letter)
    assert suggestions[0][0] == "follow-up"
    for slug, score in suggestions:
        assert score == pytest.approx(sum(points for _, _, points in reasons[slug]))
    assert ("ghost", 1, 1.0) in reasons["follow-up"]


def test_longest_phrase_wins_so_a_hiring_manager_is_not_a_boss(classifier):
    reasons = classifier.explain("The hiring manager never called.")
    assert "managers" not in reasons
    assert [word for word, _, _ in reasons["interviews"]] == ["hir manager"]


def test_repeating_a_word_counts_at_most_three_times(classifier):
    once = dict(classifier.suggest("salary", n=1))["salary"]
    assert dict(classifier.suggest("salary " * 10, n=1))["salary"] == 3 * once


def test_suggestions_are_ordered_by_score_then_slug_and_nothing_for_unrelated_text(classifier):
    suggestions = classifier.suggest("My boss and my coworker argue about my raise and my resume", n=10)
    assert suggestions == sorted(suggestions, key=lambda item: (-item[1], item[0]))
    assert classifier.suggest("See you on Tuesday at the zoo.", n=3) == []


def test_classifier_is_built_from_the_sites_own_vocabulary(site):
    site.write("topics.toml", '[gardening]\nname = "Gardening"\ndescription = "Plants."\n'
                              'keywords = ["tomatoes", "compost heap"]\n')
    found = Classifier.from_settings(with_defaults(site.settings()))
    assert found.suggest("My compost heap smells and my tomatoes died", n=3) == [("gardening", 3.0)]


def test_unreadable_vocabulary_gives_a_classifier_that_suggests_nothing(site):
    site.write("topics.toml", "[broken\n")
    assert Classifier.from_settings(with_defaults(site.settings())).suggest("my salary", n=3) == []


def test_the_documented_examples_hold():
    for module in (text, classifier_module):
        assert doctest.testmod(module).failed == 0
