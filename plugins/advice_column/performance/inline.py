"""Python-Markdown's inline patterns not tried on text that none of them can match.

Python-Markdown tries every inline pattern (code, links, emphasis, raw HTML,
entities…), one regular expression search each, on every run of text: half of
a column's conversion, though most paragraphs of prose hold nothing they match.
Each pattern of Python-Markdown's own set and of ``extra``'s (:data:`KNOWN`)
can only match text holding one of a few characters, or two spaces before a
line's end (:data:`TRIGGER`). Text holding none of them is marked as an
:class:`~markdown.util.AtomicString` just before the inline processor, which
leaves such text as it is, and made a plain string again right after it: the
tree, and so the HTML, is the same as without this extension.

When a pattern is registered that :data:`KNOWN` does not hold as it is
(another extension's, or a release of Python-Markdown that changed one),
nothing is skipped.
"""

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

#: The inline patterns of Python-Markdown 3.11 (with ``extra``) by name, as their regular expressions read,
#: each needing a character of :data:`TRIGGER` in the text to match.
KNOWN = {
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
#: What text must hold for a pattern of :data:`KNOWN` to match, and the start of Python-Markdown's placeholders.
TRIGGER = re.compile(r"[`\\\[<&*_\x02]|  \n")


#: The inline processor's priority in Python-Markdown: :class:`Mark` runs just before it, :class:`Unmark` after.
INLINE = 20


def all_known(md):
    """Whether each of ``md``'s inline patterns is one of :data:`KNOWN`, as it is there."""
    known = {id(md.inlinePatterns[name]) for name, regex in KNOWN.items()
             if name in md.inlinePatterns and md.inlinePatterns[name].getCompiledRegExp().pattern == regex}
    return all(id(pattern) in known for pattern in md.inlinePatterns)


class Mark(Treeprocessor):
    """Marks each text and tail that no inline pattern can match as atomic, when all of them are known."""

    def __init__(self, md, marked):
        super().__init__(md)
        self.marked = marked
        self.active = None  # known once every extension has registered its patterns

    def run(self, root):
        if self.active is None:
            self.active = all_known(self.md)
        if not self.active:
            return
        for parent in root.iter():
            for child in parent:
                if type(child.text) is str and not TRIGGER.search(child.text):
                    child.text = AtomicString(child.text)
                    self.marked.append((child, "text"))
                if type(child.tail) is str and not TRIGGER.search(child.tail):
                    child.tail = AtomicString(child.tail)
                    self.marked.append((child, "tail"))


class Unmark(Treeprocessor):
    """Makes what :class:`Mark` marked plain strings again, as the inline processor leaves them."""

    def __init__(self, md, marked):
        super().__init__(md)
        self.marked = marked

    def run(self, root):
        for element, part in self.marked:
            setattr(element, part, str(getattr(element, part)))
        self.marked.clear()


class PlainTextExtension(Extension):
    """Registers :class:`Mark` just before Python-Markdown's inline processor, :class:`Unmark` just after."""

    def extendMarkdown(self, md):
        marked = []  # per Markdown instance: the extension object is shared
        md.treeprocessors.register(Mark(md, marked), "plain_text_mark", INLINE + 0.5)
        md.treeprocessors.register(Unmark(md, marked), "plain_text_unmark", INLINE - 0.5)


def add_to_markdown(pelican):
    """``initialized``: :class:`PlainTextExtension` among the ``MARKDOWN`` extensions (columns and pages)."""
    markdown = pelican.settings["MARKDOWN"]
    extensions = markdown.get("extensions", [])
    if not any(isinstance(extension, PlainTextExtension) for extension in extensions):
        pelican.settings["MARKDOWN"] = {**markdown, "extensions": [*extensions, PlainTextExtension()]}
