"""Rendering a parsed column: Markdown in each part, and the accessible exchange sections."""

import doctest

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import PELICANCONF
from pelican.settings import read_settings

from advice_column.columns import parser, render as render_module, structured_data
from advice_column.columns.parser import parse_column
from advice_column.columns.render import ColumnRenderer, cut, excerpt


@pytest.fixture(scope="module")
def renderer():
    return ColumnRenderer(read_settings(str(PELICANCONF)))


def render(renderer, body, askers=()):
    content, exchanges = renderer.render(parse_column("Title: T\n\n" + body), askers)
    return BeautifulSoup(content, "html.parser"), exchanges


@pytest.mark.parametrize("source, html", [
    ("Q. I *really* tried.", "<p>I <em>really</em> tried.</p>"),
    ("Q. Options:\n\n- stay\n- go", "<p>Options:</p>\n<ul>\n<li>stay</li>\n<li>go</li>\n</ul>"),
    ("Q. My boss wrote:\n\n> You are late.",
     "<p>My boss wrote:</p>\n<blockquote>\n<p>You are late.</p>\n</blockquote>"),
    ("Q. See [the rules](https://example.org/rules).", '<p>See <a href="https://example.org/rules">the rules</a>.</p>'),
    ("Q. Fish & chips <3", "<p>Fish &amp; chips &lt;3</p>"),
    ("**Q.** Is “this” fine — or not? 🙂", "<p>Is “this” fine — or not? 🙂</p>"),
])
def test_markdown_inside_a_letter_renders_normally(renderer, source, html):
    _, exchanges = render(renderer, source + "\n\nA. Yes.")
    assert exchanges[0].letter_html == html


@pytest.mark.parametrize("ending, items", [
    ("- stay\n- go", ["stay", "go"]),
    ("- stay\n- go\n— Torn", ["stay", "go\n— Torn"]),
    ("1. stay\n-- go", ["stay\n-- go"]),
])
def test_a_letter_ending_with_a_list_keeps_every_item_and_has_no_signoff(renderer, ending, items):
    soup, exchanges = render(renderer, f"Q. My options:\n\n{ending}\n\nA. Stay.")
    assert [li.get_text() for li in soup.select(".letter li")] == items
    assert soup.select_one(".signoff") is None and exchanges[0].signoff is None


def test_a_link_reference_defined_at_the_end_works_in_the_letter(renderer):
    _, exchanges = render(renderer, "Q. Read [this][1].\n\nA. Done.\n\n[1]: https://example.org/a")
    assert exchanges[0].letter_html == '<p>Read <a href="https://example.org/a">this</a>.</p>'
    assert exchanges[0].answer_html == "<p>Done.</p>"


def test_an_answer_starting_like_metadata_is_text(renderer):
    _, exchanges = render(renderer, "Q. Hm?\n\nA.\nNote: this is advice.")
    assert exchanges[0].answer_html == "<p>Note: this is advice.</p>"


def test_each_exchange_is_a_section_with_labelled_letter_and_answer_regions(renderer):
    soup, exchanges = render(renderer, "Intro *text*.\n\nQ. One?\n— Reader One\n\nA. Yes.\n\nQ. Two?\n\nA. No.",
                             askers=["Ignored", "Reader Two"])
    assert soup.select_one("div.intro").decode_contents().strip() == "<p>Intro <em>text</em>.</p>"
    sections = soup.select("section.exchange")
    assert [s["id"] for s in sections] == ["q1", "q2"]
    for n, section in enumerate(sections, 1):
        letter, answer = section.select("[role=region]")
        assert (letter["class"], letter["aria-label"]) == (["letter"], f"Letter {n}")
        assert (answer["class"], answer["aria-label"]) == (["answer"], f"Answer {n}")
        assert letter.select_one(".marker").get_text() == "Q."
        assert answer.select_one(".marker").get_text() == "A."
    assert [s.select_one(".signoff").get_text() for s in sections] == ["— Reader One", "— Reader Two"]
    assert [e.signoff for e in exchanges] == ["Reader One", "Reader Two"]
    assert sections[0].select_one(".letter").get_text(" ", strip=True) == "Q. One? — Reader One"


def test_a_letter_starting_with_a_list_gets_its_marker_as_its_own_paragraph(renderer):
    soup, _ = render(renderer, "Q.\n\n- first\n- second\n\nA. Fine.")
    letter = soup.select_one(".letter")
    assert [child.name for child in letter.find_all(recursive=False)] == ["p", "ul"]
    assert letter.p.get_text() == "Q."


def test_signoffs_are_text(renderer):
    soup, exchanges = render(renderer, "Q. Hm?\n— <b>Bold</b> & co\n\nA. Yes.")
    assert soup.select_one(".signoff").get_text() == "— <b>Bold</b> & co"
    assert soup.select_one(".signoff b") is None
    assert exchanges[0].signoff == "<b>Bold</b> & co"


def test_letter_text_is_plain(renderer):
    _, exchanges = render(renderer, "Q. I *did*,\n\nthen [left](https://x.org).\n\nA. Ok.")
    assert exchanges[0].letter_text == "I did, then left."


def test_excerpt_is_cut_on_a_word_boundary(renderer):
    _, exchanges = render(renderer, "Q. " + "word " * 100 + "\n\nA. Ok.")
    text = excerpt(exchanges, "", 42)
    assert text == "word word word word word word word word…"
    assert excerpt(exchanges, "<p>My <em>own</em> summary.</p>", 42) == "My own summary."


@pytest.mark.parametrize("text, limit, expected", [
    ("one two three", 100, "one two three"),
    ("one two three", 9, "one two…"),
    ("one two, three", 9, "one two…"),
    ("unbreakable", 4, "unbr…"),
    ("one two three", 7, "one two…"),
])
def test_cut(text, limit, expected):
    assert cut(text, limit) == expected


@pytest.mark.parametrize("module", [parser, render_module, structured_data])
def test_docstring_examples_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


BODY_LINES = st.sampled_from(["Q. why?", "A. because", "**Q:** hm", "Answer: no", "", "", "— Someone",
                              "```", "- item", "> quote", "<b>bold</b> & <script>x</script>", "[1]: http://x",
                              "see [it][1]", "Note: text", "    code", "# Heading"])


@settings(max_examples=100, deadline=None)
@given(st.lists(BODY_LINES, max_size=25))
def test_any_parsed_column_renders_one_section_per_exchange(renderer, lines):
    content, exchanges = renderer.render(parse_column("Title: T\n\n" + "\n".join(lines)))
    soup = BeautifulSoup(content, "html.parser")
    assert [s["id"] for s in soup.select("section.exchange")] == [e.anchor for e in exchanges]
    assert all(e.letter_text == e.letter_text.strip() for e in exchanges)


@pytest.mark.parametrize("source, html", [
    ("Q. Hi <script>alert(1)</script> there", "<p>Hi  there</p>"),
    ('Q. <img src="x.png" alt="x" onerror="alert(1)">', '<p><img src="x.png" alt="x"></p>'),
    ('Q. <img src="a.png" srcset="a.png 1x, b.png 2x" alt="x">',
     '<p><img src="a.png" srcset="a.png 1x, b.png 2x" alt="x"></p>'),
    ("Q. [click](javascript:alert(1))", "<p><a>click</a></p>"),
    ('Q. <a href="{filename}/columns/other.md#q2" onclick="x()">earlier</a>',
     '<p><a href="{filename}/columns/other.md#q2">earlier</a></p>'),
    ("Q. Note[^1].\n\n[^1]: A footnote.",
     '<p>Note<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'),
    ("Q.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |",
     '<table>\n<thead>\n<tr>\n<th style="text-align:left">a</th>'),
])
def test_pasted_html_is_sanitised_and_markdown_kept(renderer, source, html):
    _, exchanges = render(renderer, source + "\n\nA. Yes.")
    assert exchanges[0].letter_html.startswith(html)
