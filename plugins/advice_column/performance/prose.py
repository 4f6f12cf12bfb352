"""Plain prose spared Python-Markdown's tries of every syntax it knows.

Python-Markdown asks each block processor in turn (lists, headings, quotes,
tables, footnotes…) whether a block is theirs before the last one makes it a
paragraph, and tries each inline pattern (code, links, emphasis, raw HTML,
entities…) on every run of text, one regular expression search each: together
three quarters of a column's conversion, though most paragraphs of a column
are prose that none of them matches.

Each processor and pattern of Python-Markdown's own set and of ``extra``'s
(:data:`KNOWN_BLOCKS`, :data:`KNOWN_PATTERNS`) needs one of a few characters to
claim a block (at the start of a line: :data:`BLOCK_TRIGGER`) or to match text
(anywhere: :data:`TEXT_TRIGGER`). So :class:`PlainParagraph`, asked first, makes
a block without them a paragraph as Python-Markdown's ``ParagraphProcessor``
does; :class:`Mark` marks text without them as an
:class:`~markdown.util.AtomicString` just before the inline processor, which
leaves such text as it is, and :class:`Unmark` makes it a plain string again
right after. The tree, and so the HTML, is the same as without them.

When another extension registers a processor or a pattern, or a release of
Python-Markdown changes one of these, they stand aside.
"""

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

#: The block processors of Python-Markdown 3.11 (with ``extra``) by name: their class, and their regular
#: expression where they have one. None claims a block without a :data:`BLOCK_TRIGGER`, but the paragraph.
KNOWN_BLOCKS = {
    "markdown_block": ("markdown.extensions.md_in_html.MarkdownInHtmlProcessor", None),  # a placeholder: \x02
    "empty": ("markdown.blockprocessors.EmptyBlockProcessor", None),  # empty, or a newline first
    "indent": ("markdown.blockprocessors.ListIndentProcessor", None),  # spaces first
    "defindent": ("markdown.extensions.def_list.DefListIndentProcessor", None),
    "code": ("markdown.blockprocessors.CodeBlockProcessor", None),
    "table": ("markdown.extensions.tables.TableProcessor", None),  # "|"
    "hashheader": ("markdown.blockprocessors.HashHeaderProcessor",
                   r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)"),
    "setextheader": ("markdown.blockprocessors.SetextHeaderProcessor", r"^.*?\n(?:=+|-+)[ ]*(\n|$)"),
    "hr": ("markdown.blockprocessors.HRProcessor",
           r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$"),
    "olist": ("markdown.blockprocessors.OListProcessor", r"^[ ]{0,3}\d+\.[ ]+(.*)"),
    "ulist": ("markdown.blockprocessors.UListProcessor", r"^[ ]{0,3}[*+-][ ]+(.*)"),
    "deflist": ("markdown.extensions.def_list.DefListProcessor", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)"),
    "quote": ("markdown.blockprocessors.BlockQuoteProcessor", r"(^|\n)[ ]{0,3}>[ ]?(.*)"),
    "footnote": ("markdown.extensions.footnotes.FootnoteBlockProcessor", r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$"),
    "abbr": ("markdown.extensions.abbr.AbbrBlockprocessor",
             r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$"),
    "reference": ("markdown.blockprocessors.ReferenceProcessor",
                  r"""^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$"""),
    "paragraph": ("markdown.blockprocessors.ParagraphProcessor", None),
}
#: A line starting with a space, a tab, a newline (an empty line), a digit or a character of these block
#: syntaxes; a table's "|" or a placeholder of Python-Markdown's anywhere.
BLOCK_TRIGGER = re.compile(r"(?:^|\n)[\s#=\-*+_>:\[\d]|[|\x02]")

#: The inline patterns of Python-Markdown 3.11 (with ``extra``) by name, as their regular expressions read.
#: Each needs a character of :data:`TEXT_TRIGGER` in the text to match.
KNOWN_PATTERNS = {
    "backtick": r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)",  # "`" (ahead, in the first alternative)
    "escape": r"\\(.)",
    "reference": r"(?<!\!)\[",
    "link": r"(?<!\!)\[",
    "image_link": r"\!\[",
    "image_reference": r"\!\[",
    "short_reference": r"(?<!\!)\[",
    "short_image_ref": r"\!\[",
    "footnote": r"\[\^([^\]]*)\]",
    "autolink": r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>",
    "automail": r"<([^<> !]+@[^@<> ]+)>",
    "linebreak": r"  \n",
    "html": (r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+"""
             r"""\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)"""),
    "entity": r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)",
    "em_strong": r"\*|_",
}
#: What text must hold for a pattern of :data:`KNOWN_PATTERNS` to match, and the start of a placeholder.
TEXT_TRIGGER = re.compile(r"[`\\\[<&*_\x02]|  \n")

#: The inline processor's priority in Python-Markdown: :class:`Mark` runs just before it, :class:`Unmark` after.
INLINE = 20
#: Above the highest of :data:`KNOWN_BLOCKS` (``markdown_block``'s 105).
FIRST_BLOCK = 110


def all_known(registry, known, signature, own=None):
    """Whether each item of Python-Markdown's ``registry`` (but ``own``) is the one of ``known``'s name,
    by its ``signature``."""
    kept = {id(registry[name]) for name, expected in known.items()
            if name in registry and signature(registry[name]) == expected}
    return all(item is own or id(item) in kept for item in registry)


def block_signature(processor):
    expression = getattr(processor, "RE", None)
    return f"{type(processor).__module__}.{type(processor).__qualname__}", getattr(expression, "pattern", expression)


def pattern_signature(pattern):
    return pattern.getCompiledRegExp().pattern


class PlainParagraph(BlockProcessor):
    """A block without a :data:`BLOCK_TRIGGER` made a paragraph, as ``ParagraphProcessor`` makes it."""

    def __init__(self, parser):
        super().__init__(parser)
        self.active = None  # known once every extension has registered its processors

    def test(self, parent, block):
        if self.active is None:
            self.active = all_known(self.parser.blockprocessors, KNOWN_BLOCKS, block_signature, own=self)
        # in a tight list, Python-Markdown adds the block to the item's text instead
        return (self.active and bool(block) and not BLOCK_TRIGGER.search(block)
                and not self.parser.state.isstate("list"))

    def run(self, parent, blocks):
        etree.SubElement(parent, "p").text = blocks.pop(0).lstrip()


class Mark(Treeprocessor):
    """Marks each text and tail without a :data:`TEXT_TRIGGER` as atomic, when all patterns and the
    inline processor are Python-Markdown's own."""

    def __init__(self, md, marked):
        super().__init__(md)
        self.marked = marked
        self.active = None

    def run(self, root):
        self.marked.clear()  # of a conversion that failed before :class:`Unmark`
        if self.active is None:
            self.active = ("inline" in self.md.treeprocessors
                           and type(self.md.treeprocessors["inline"]) is InlineProcessor
                           and all_known(self.md.inlinePatterns, KNOWN_PATTERNS, pattern_signature))
        if not self.active:
            return
        for parent in root.iter():
            for child in parent:
                if type(child.text) is str and not TEXT_TRIGGER.search(child.text):
                    child.text = AtomicString(child.text)
                    self.marked.append((child, "text"))
                if type(child.tail) is str and not TEXT_TRIGGER.search(child.tail):
                    child.tail = AtomicString(child.tail)
                    self.marked.append((child, "tail"))


class Unmark(Treeprocessor):
    """Makes what :class:`Mark` marked plain strings again, as the inline processor leaves them."""

    def __init__(self, md, marked):
        super().__init__(md)
        self.marked = marked

    def run(self, root):
        for element, part in self.marked:
            value = getattr(element, part)
            if isinstance(value, AtomicString):
                setattr(element, part, str(value))
        self.marked.clear()


class PlainProseExtension(Extension):
    """Registers :class:`PlainParagraph` first, :class:`Mark` and :class:`Unmark` around the inline processor."""

    def extendMarkdown(self, md):
        md.parser.blockprocessors.register(PlainParagraph(md.parser), "plain_paragraph", FIRST_BLOCK)
        marked = []  # per Markdown instance: the extension object is shared
        md.treeprocessors.register(Mark(md, marked), "plain_text_mark", INLINE + 0.5)
        md.treeprocessors.register(Unmark(md, marked), "plain_text_unmark", INLINE - 0.5)


def add_to_markdown(pelican):
    """``initialized``: :class:`PlainProseExtension` among the ``MARKDOWN`` extensions (columns and pages)."""
    markdown = pelican.settings["MARKDOWN"]
    extensions = markdown.get("extensions", [])
    if not any(isinstance(extension, PlainProseExtension) for extension in extensions):
        pelican.settings["MARKDOWN"] = {**markdown, "extensions": [*extensions, PlainProseExtension()]}
