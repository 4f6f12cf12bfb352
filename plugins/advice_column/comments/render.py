"""A comment's Markdown as safe HTML: paragraphs, emphasis, links and quotes, nothing else.

Markdown's raw HTML, images, e-mail autolinks, headings, lists and code are
switched off (what they would have made is shown as text), and the HTML made
is sanitised: only ``p``, ``br``, ``em``, ``strong``, ``blockquote`` and ``a``
with an absolute ``http(s)`` address, marked ``rel="nofollow ugc noopener"``.

>>> to_html("Try *this*: <b>[my site](https://example.org)</b>")
'<p>Try <em>this</em>: &lt;b&gt;<a href="https://example.org" rel="nofollow ugc noopener">my site</a>&lt;/b&gt;</p>'
"""

import markdown
import nh3
from markdown.extensions import Extension

TAGS = {"p", "br", "em", "strong", "blockquote", "a"}
REL = "nofollow ugc noopener"
#: Python-Markdown's processors a comment does without.
BLOCKS_OFF = ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "reference")
INLINE_OFF = ("backtick", "reference", "image_link", "image_reference", "short_reference", "short_image_ref",
              "automail", "html")


class Subset(Extension):
    """Markdown without raw HTML, images, headings, lists, code or e-mail links."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        for name in BLOCKS_OFF:
            md.parser.blockprocessors.deregister(name)
        for name in INLINE_OFF:
            md.inlinePatterns.deregister(name)


def to_html(text):
    """The comment's HTML (see the module's docstring)."""
    made = markdown.Markdown(extensions=[Subset()], output_format="html").convert(text)
    return nh3.clean(made, tags=TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https"},
                     url_relative="deny", link_rel=REL, strip_comments=True)
