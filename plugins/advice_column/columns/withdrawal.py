"""Withdrawn columns (``Status: withdrawn``): what leads to them, and what a host is told of them.

A withdrawn column keeps its address with a notice (the theme's ``withdrawn``
template, also at its aliases) and leaves every list, feed, sitemap and search
shard, as a hidden one does. What other columns do about it:

- a link in another column to it (``{filename}/columns/x.md``, its URL, an alias's URL) is
  found in the source (:func:`addresses`), reported with its line (:func:`link_problems`) and
  shown as plain text (:func:`unlink`);
- ``Follows`` naming it is a warning; the follow-up says it follows a withdrawn column, unlinked;
- the public build writes ``REDIRECTS_SAVE_AS`` (``_redirects``): each of its addresses answers
  ``410 Gone`` with the notice (:class:`GoneRules`).
"""

import html
import os
import re

from pelican.generators import Generator

from .dead_links import site_path
from .parser import Issue

#: Link addresses in a column's source: Markdown inline links and images, reference definitions,
#: and raw HTML ``href``/``src`` attributes.
SOURCE_ADDRESS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"
    r"|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(?P<reference>[^\s>]+)"
    r"""|\b(?:href|src)\s*=\s*["'](?P<attribute>[^"']+)["']""",
    re.MULTILINE | re.IGNORECASE,
)
#: A link in rendered (sanitised, so well-formed and double-quoted) HTML, with its text.
HTML_LINK = re.compile(r'<a\b[^>]*?\shref="(?P<href>[^"]*)"[^>]*>(?P<text>.*?)</a>', re.DOTALL)
#: Pelican's intra-site link to a file: ``{filename}path`` (or the older ``|filename|path``).
FILENAME_LINK = re.compile(r"^(?:\{filename\}|\|filename\|)(?P<path>[^#?]*)")


def addresses(lines, first_line):
    """``[(line, address)]``: every link address in ``lines`` (the body, from ``first_line``).

    >>> addresses(["See [this]({filename}/columns/a.md#q2).", "", "[1]: /columns/b/"], 5)
    [(5, '{filename}/columns/a.md#q2'), (7, '/columns/b/')]
    """
    found = []
    for number, line in enumerate(lines, first_line):
        if "](" not in line and "]:" not in line and "=" not in line:
            continue  # none of the three forms can be in it (most lines of prose)
        for match in SOURCE_ADDRESS.finditer(line):
            found.append((number, next(value for value in match.groups() if value)))
    return found


def column_url(meta, settings, slug):
    """``ARTICLE_URL`` for a column with ``slug``, as Pelican would work it out, or None when the
    setting needs a value only the built column has."""
    try:
        return settings["ARTICLE_URL"].format(
            slug=slug, date=meta.pelican.get("date"), lang=settings.get("DEFAULT_LANG", "en"),
            category=settings.get("DEFAULT_CATEGORY", ""), author="", path="")
    except (KeyError, IndexError, AttributeError, ValueError):
        return None


def page_path(path):
    """A site path without ``index.html`` and slashes at its ends, to compare addresses.

    >>> page_path("columns/a/index.html"), page_path("columns/a/"), page_path("columns/a")
    ('columns/a', 'columns/a', 'columns/a')
    """
    return path.removesuffix("index.html").strip("/")


class Targets:
    """The withdrawn columns of a set of sources, by file and by address."""

    def __init__(self, sources, settings):
        self.settings = settings
        self.by_file = {}
        self.by_path = {}
        for source in sources:
            if source.meta.status != "withdrawn" or not source.meta.slug:
                continue
            self.by_file[os.path.abspath(source.path)] = source
            for slug in (source.meta.slug, *source.meta.aliases):
                url = column_url(source.meta, settings, slug)
                if url is not None:
                    self.by_path[page_path(url)] = source

    def __bool__(self):
        return bool(self.by_file)

    def find(self, address, source):
        """The withdrawn source ``address`` (a link in ``source``) leads to, else None."""
        if match := FILENAME_LINK.match(address.strip()):
            path = match["path"]
            base = self.settings["PATH"] if path.startswith("/") else os.path.dirname(source.path)
            return self.by_file.get(os.path.abspath(os.path.join(base, path.lstrip("/"))))
        page_url = column_url(source.meta, self.settings, source.meta.slug or "") or ""
        path = site_path(address, page_url, self.settings.get("SITEURL") or "")
        return None if path is None else self.by_path.get(page_path(path))


def link_problems(source, targets):
    """The warnings for ``source``'s links to withdrawn columns; sets ``source.unlinked``, the
    addresses shown as plain text."""
    if source.meta.status == "withdrawn" or not targets:
        return []
    issues, unlinked = [], set()
    for line, address in source.links:
        target = targets.find(address, source)
        if target is None or target is source:
            continue
        unlinked.add(address)
        issues.append(Issue(line, "warning", f"the link `{address}` leads to a withdrawn column "
                                             f"(`{target.meta.slug}`): it is shown as plain text",
                            "remove the link, or link to another column"))
    source.unlinked = tuple(sorted(unlinked))
    return issues


def unlink(fragment, unlinked):
    """``fragment`` (sanitised HTML) with each link to one of the ``unlinked`` addresses replaced
    by its text.

    >>> unlink('<p>See <a href="/columns/a/">this <em>one</em></a>.</p>', ["/columns/a/"])
    '<p>See this <em>one</em>.</p>'
    """
    if not unlinked:
        return fragment
    wanted = set(unlinked)
    return HTML_LINK.sub(lambda m: m["text"] if html.unescape(m["href"]) in wanted else m[0], fragment)


def addresses_of(column):
    """Every address of a built column: its URL and its aliases' URLs."""
    from .links import alias_url  # links imports this module

    return [column.url, *(alias_url(column, alias, "ARTICLE_URL") for alias in column.aliases)]


class GoneRules(Generator):
    """Writes ``REDIRECTS_SAVE_AS`` (the public build's ``_redirects``): one rule per address of each
    withdrawn column, answering ``410 Gone`` with its notice page (forced: the page exists)."""

    def generate_context(self):
        """Nothing to read: the columns come from the articles generator."""

    def generate_output(self, writer):
        save_as = self.settings.get("REDIRECTS_SAVE_AS")
        if not save_as:
            return
        withdrawn = sorted((column for column in self.context.get("hidden_articles", ())
                            if getattr(column, "withdrawn", None)), key=lambda column: column.url)
        writer.write_file(save_as, Rules(withdrawn), self.context)


class Rules:
    """The ``_redirects`` file as the writer renders a page: ``render(context)`` gives its text."""

    name = "redirects"

    def __init__(self, withdrawn):
        self.withdrawn = withdrawn

    def render(self, context):
        lines = ["# Withdrawn columns: 410 Gone, with their notice (Netlify; written by the build)"]
        for column in self.withdrawn:
            notice = "/" + column.save_as
            lines += [f"/{url} {notice} 410!" for url in addresses_of(column)]
        return "\n".join(lines) + "\n"


def get_generators(pelican):
    return GoneRules

