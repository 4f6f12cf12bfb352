"""Sparing plain prose Python-Markdown's tries of every syntax changes no byte of HTML."""

import copy
import xml.etree.ElementTree as etree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from conftest import ROOT
from advice_column.performance.prose import PlainProseExtension

#: Pieces of Markdown that every inline pattern (and most block syntaxes) matches, with plain words between.
PIECES = ["word", "Plain words, here.", "don't", '"quoted"', "*", "**", "_", "__", "`", "``", "\\", "\\*", "[",
          "]", "(", ")", "[a link](https://example.org/x)", "[ref]", "[ref][]", "[Ref]: https://example.org/r",
          "![an image](/a.png)", "![img][ref]", "<b>", "</b>", "<br/>", "<!-- note -->", "&amp;", "&", "&#39;",
          "&nope", "<https://example.org>", "<someone@example.org>", "a@b.c", "  \n", "\n", "\n\n", "[^1]",
          "[^1]: A footnote.", "{: .special }", "*[HTML]: Hyper Text", "HTML", "- item", "1. item", "> quoted",
          "    code", "```", "~~~", "| a | b |\n|---|---|\n| c | d |", "Term\n: Definition", '<div markdown="1">',
          "</div>", "#", "## Heading", "---", "===", "\t", "  ", "é", "—", "<", ">", "!", "Q.", "A.", "+", ":",
          "2011.", "1.", "   - item", "Term", ": definition", "|", "~"]
#: What comes between the pieces: the start of a line matters to block syntaxes.
SEPARATORS = [" ", "", "\n", "\n\n", "\n  ", "\n    ", "\n\t"]


def markdown(with_extension, extensions=()):
    """A Markdown set up as Pelican's reader sets it up from Pelican's default ``MARKDOWN``."""
    config = copy.deepcopy(DEFAULT_CONFIG["MARKDOWN"])
    config["extensions"] = [*extensions, *([PlainProseExtension()] if with_extension else [])]
    MarkdownReader({**DEFAULT_CONFIG, "MARKDOWN": config})  # fills in the extensions as in a build
    return Markdown(**config)


def convert(md, text):
    md.reset()
    return md.convert(text)


@pytest.fixture(scope="module")
def pair():
    return markdown(False), markdown(True)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=40)
       .map(lambda pieces: "".join(piece + separator for piece, separator in pieces)))
def test_any_mix_of_markdown_converts_to_the_same_html(pair, text):
    plain, quick = pair
    assert convert(quick, text) == convert(plain, text)


@pytest.mark.parametrize("text", [
    "# Heading", "Title\n=====", "Title\n-----", "---", "* * *", "___", "1. one\n2. two", "- one", "+ one",
    "* one", "> quoted\nlazy line", "Term\n: definition", "Text[^1].\n\n[^1]: The note.",
    "HTML here.\n\n*[HTML]: Hyper Text", "[a link][ref]\n\n[ref]: /x", "a | b\n--|--\n1 | 2",
    "    code", "\tcode", "- item\nlazy line\n\n- second\nlazy", "1. item\n\n    indented paragraph",
    "<div>raw</div>\n\nafter", '<div markdown="1">\ninside\n</div>', "```\nfenced\n```", "line  \nbreak",
])
def test_each_block_syntax_converts_to_the_same_html(pair, text):
    plain, quick = pair
    assert convert(quick, f"Plain prose first.\n\n{text}\n\nPlain prose after.") == \
        convert(plain, f"Plain prose first.\n\n{text}\n\nPlain prose after.")


def test_every_markdown_file_of_the_repository_converts_to_the_same_html(pair):
    plain, quick = pair
    sources = [path for folder in ("content", "docs", "tests") for path in (ROOT / folder).rglob("*.md")]
    assert len(sources) > 3
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert convert(quick, text) == convert(plain, text), path


def test_plain_prose_is_spared_the_tries_with_pelicans_default_extensions():
    """With the pinned Python-Markdown every block processor and inline pattern is known: a release that
    changes one fails here, and ``KNOWN_BLOCKS`` and ``KNOWN_PATTERNS`` must be checked against it again."""
    md = markdown(True)
    assert convert(md, "Plain prose, no markup at all.\n\nAnd *some* here.") == \
        "<p>Plain prose, no markup at all.</p>\n<p>And <em>some</em> here.</p>"
    assert md.treeprocessors["plain_text_mark"].active is True
    assert md.parser.blockprocessors["plain_paragraph"].active is True


class Smiles(Extension):
    """An inline pattern of another extension, matching what no known pattern needs."""

    class Smile(InlineProcessor):
        def handleMatch(self, match, data):
            element = etree.Element("span", {"class": "smile"})
            element.text = "smile"
            return element, match.start(0), match.end(0)

    def extendMarkdown(self, md):
        md.inlinePatterns.register(self.Smile(r":\)"), "smile", 5)


def test_a_pattern_of_another_extension_turns_the_skipping_off():
    quick, plain = markdown(True, [Smiles()]), markdown(False, [Smiles()])
    text = "Plain words :) and more."
    assert convert(quick, text) == convert(plain, text) == '<p>Plain words <span class="smile">smile</span> and more.</p>'
    assert quick.treeprocessors["plain_text_mark"].active is False


def test_smartypants_sees_plain_strings_after_the_inline_patterns():
    """SmartyPants runs its own patterns after Python-Markdown's: the text is plain again by then."""
    quick, plain = markdown(True, ["smarty"]), markdown(False, ["smarty"])
    text = "It's a \"plain\" line -- with dashes..."
    assert convert(quick, text) == convert(plain, text) == \
        "<p>It&rsquo;s a &ldquo;plain&rdquo; line &ndash; with dashes&hellip;</p>"
