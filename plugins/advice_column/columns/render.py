"""A parsed column rendered: each part through Python-Markdown, then assembled as sections.

``article.content`` is the optional introduction, then one
``<section class="exchange" id="qN">`` per exchange holding a letter region and
an answer region (``role="region"`` with an accessible name), the ``Q.``/``A.``
markers as visible labels and the reader's sign-off in ``<p class="signoff">``.
"""

import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader
from markdown import Markdown
from markupsafe import Markup

from .sanitise import clean

META_EXTENSION = "markdown.extensions.meta"


@dataclass(frozen=True)
class Exchange:
    """One letter and its answer, as templates and feeds get them."""

    number: int
    anchor: str
    letter_html: str
    letter_text: str
    answer_html: str
    signoff: str | None


def plain_text(html):
    """The text of an HTML fragment as Python-Markdown writes it (a newline between blocks).

    >>> plain_text("<p>Hello <em>you</em>, &amp;\\n  me</p>\\n<ul>\\n<li>Bye.</li>\\n</ul>")
    'Hello you, & me Bye.'
    """
    return Markup(html).striptags()


def cut(text, limit):
    """``text`` cut on a word boundary to at most ``limit`` characters (plus an ellipsis).

    >>> cut("The job search is not tennis.", 16)
    'The job search…'
    >>> cut("Short.", 16)
    'Short.'
    """
    if len(text) <= limit:
        return text
    match = re.match(rf"(.{{1,{limit}}})(?=\s)", text, re.S)
    kept = match[1] if match else text[:limit]
    return kept.rstrip(" ,;:—–-") + "…"


def with_marker(html, marker, meaning):
    """``html`` with a visible ``Q.``/``A.`` label at the start of its first paragraph."""
    label = Markup('<span class="marker" aria-hidden="true" title="{}">{}</span>').format(meaning, marker)
    if html.startswith("<p>"):
        return Markup("<p>") + label + Markup(" ") + Markup(html[3:])
    return Markup("<p>") + label + Markup("</p>\n") + Markup(html)


class ColumnRenderer:
    """Renders columns with one Markdown instance (reset between parts) for one build."""

    def __init__(self, settings):
        self.settings = settings
        config = settings["MARKDOWN"]
        configs = {k: v for k, v in config.get("extension_configs", {}).items() if k != META_EXTENSION}
        extensions = [e for e in dict.fromkeys([*config.get("extensions", []), *configs])
                      if e != META_EXTENSION]
        self.markdown = Markdown(**{**config, "extensions": extensions, "extension_configs": configs})
        environment = Environment(loader=PackageLoader(__package__, "templates"), autoescape=True,
                                  trim_blocks=True, lstrip_blocks=True)
        environment.globals["with_marker"] = with_marker
        self.body_template = environment.get_template("column_body.html")

    def markdown_to_html(self, source, references=""):
        """Markdown ``source`` as HTML, sanitised (``sanitise``); ``references`` are the column's
        link definitions."""
        self.markdown.reset()
        return clean(self.markdown.convert(f"{source}\n\n{references}" if references else source))

    def render(self, parsed, askers=()):
        """``(content_html, [Exchange])`` for a parsed column; ``askers``: sign-offs from ``Asker``."""
        exchanges = []
        for source in parsed.exchanges:
            letter_html = self.markdown_to_html(source.letter.text, parsed.references)
            signoff = source.letter.signoff
            if not signoff and source.number <= len(askers):
                signoff = askers[source.number - 1] or None
            exchanges.append(Exchange(
                number=source.number,
                anchor=f"q{source.number}",
                letter_html=letter_html,
                letter_text=plain_text(letter_html),
                answer_html=self.markdown_to_html(source.answer.text, parsed.references),
                signoff=signoff,
            ))
        intro_html = self.markdown_to_html(parsed.intro, parsed.references) if parsed.intro.strip() else ""
        content = self.body_template.render(intro_html=Markup(intro_html), exchanges=[
            _TemplateExchange(e) for e in exchanges])
        return content.strip() + "\n", exchanges


class _TemplateExchange:
    """An :class:`Exchange` whose rendered HTML is marked safe for the body template."""

    def __init__(self, exchange):
        self.number, self.anchor, self.signoff = exchange.number, exchange.anchor, exchange.signoff
        self.letter_html = Markup(exchange.letter_html)
        self.answer_html = Markup(exchange.answer_html)


def content_note(notes):
    """What a column with ``Content-note`` shows before its letter, and instead of its excerpt.

    >>> content_note(["suicide", "workplace harassment"])
    'Content note: suicide, workplace harassment.'
    """
    return f"Content note: {', '.join(notes)}."


def excerpt(exchanges, summary_html, limit):
    """The plain-text excerpt: ``Summary`` when given, else the first letter, cut at ``limit``."""
    if summary_html:
        return plain_text(summary_html)
    return cut(exchanges[0].letter_text, limit) if exchanges else ""

