"""The topic vocabulary, ``content/topics.toml``: read, checked, and turned into :class:`Topic`.

One table per topic, keyed by its slug::

    [follow-up]
    name = "Follow-up"
    parent = "interviews"            # optional
    description = "After the interview: thank-you notes, ..."
    keywords = ["thank-you note", "heard back", "ghosted"]

Every problem names the entry and the line of the field at fault (the entry's
``[slug]`` line when there is no such field). A bad entry is still kept when it
has a valid slug (with the fields that are right), so one typo in the
vocabulary does not turn every column that uses the topic into an error too.
"""

import difflib
import functools
import os
import re
import tomllib

from pelican.urlwrappers import URLWrapper

from ..diagnostics import Problem, display_path
from .text import fold

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Every field of an entry, with its type and whether it is required.
FIELDS = {"name": (str, True), "description": (str, True), "parent": (str, False),
          "keywords": (list, False)}
#: A table header (``[slug]``) or a top-level key (``slug = {...}``) at the start of a line.
ENTRY_LINE = re.compile(r"""\s*(?:\[\[?\s*(?P<table>"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*\]"""
                        r"""|(?P<key>"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=)""")


class Topic(URLWrapper):
    """A vocabulary topic: URLs from ``TOPIC_URL`` / ``TOPIC_SAVE_AS``, sorted and compared by slug.

    ``articles`` (published columns of the topic and of its descendants, newest
    first) is filled in by the build, once every column has been read.
    """

    def __init__(self, slug, name, settings, description="", keywords=(), line=None):
        super().__init__(name, settings)
        self.slug = slug
        self.description = description
        self.keywords = list(keywords)
        self.line = line
        self.parent = None
        self.children = []
        self.articles = []

    @functools.cached_property
    def url(self):
        """As Pelican's (``TOPIC_URL``), worked out once: a topic's slug and settings never change,
        and every list of columns links each column's topics."""
        return super().url

    @functools.cached_property
    def save_as(self):
        return super().save_as

    @property
    def count(self):
        """How many published columns the topic has, its descendants' included."""
        return len(self.articles)

    @property
    def latest(self):
        """The date of the newest of those columns, or None."""
        return max((article.date for article in self.articles), default=None)

    @property
    def ancestors(self):
        """The parent, the parent's parent, ..., nearest first."""
        found, topic = [], self.parent
        while topic is not None:
            found.append(topic)
            topic = topic.parent
        return found

    @property
    def depth(self):
        return len(self.ancestors)


class Vocabulary:
    """Every topic, in display order (parents before their children, siblings by name),
    found by slug or name in any case."""

    def __init__(self, topics, path):
        self.path = path
        self.topics = ordered(topics)
        self.by_key = {}
        for topic in self.topics:
            self.by_key.setdefault(fold(topic.slug), topic)
            self.by_key.setdefault(fold(topic.name), topic)

    def __iter__(self):
        return iter(self.topics)

    def __len__(self):
        return len(self.topics)

    def find(self, value):
        """The topic whose slug or name is ``value`` (any case, surrounding space ignored), or None."""
        return self.by_key.get(fold(value.strip()))

    def closest(self, value, n=3):
        """Slugs of the topics that ``value`` most looks like a misspelling of: their slugs and
        names first, their keywords when no slug or name is close; nearly-best matches only."""
        value = fold(value.strip())
        for fields in (lambda t: (t.slug, t.name), lambda t: t.keywords):
            ratios = {}
            for topic in self.topics:
                for key in fields(topic):
                    ratio = difflib.SequenceMatcher(None, value, fold(key)).ratio()
                    ratios[topic.slug] = max(ratio, ratios.get(topic.slug, 0))
            best = max(ratios.values(), default=0)
            if best >= 0.6:
                close = [slug for slug, ratio in ratios.items() if ratio >= max(0.6, best - 0.1)]
                return sorted(close, key=lambda slug: (-ratios[slug], slug))[:n]
        return []


def ordered(topics):
    """Parents first, each followed by its children (depth first), siblings by name then slug.

    Each topic's ``children`` are sorted the same way.
    """
    def key(topic):
        return (fold(topic.name), topic.slug)

    result = []

    def visit(topic):
        result.append(topic)
        topic.children.sort(key=key)
        for child in topic.children:
            visit(child)

    for topic in sorted((t for t in topics if t.parent is None), key=key):
        visit(topic)
    return result


def field_lines(text):
    """The line of each field of each ``[slug]`` table, by slug then field (``name = ...`` lines;
    a field of an inline table or of a table in another form is not found)."""
    lines, table = {}, None
    for number, line in enumerate(text.splitlines(), start=1):
        match = ENTRY_LINE.match(line)
        if line.lstrip().startswith("["):
            table = match["table"].strip("\"'") if match and match["table"] else None
        elif match and table is not None:
            lines.setdefault(table, {}).setdefault(match["key"].strip("\"'"), number)
    return lines


def entry_lines(text):
    """The line of each top-level entry, by key: ``[slug]`` headers and ``slug = {...}`` lines."""
    lines, in_table = {}, False
    for number, line in enumerate(text.splitlines(), start=1):
        match = ENTRY_LINE.match(line)
        if not match:
            continue
        if match["table"]:
            in_table = True
            lines.setdefault(match["table"].strip("\"'"), number)
        elif not in_table:
            lines.setdefault(match["key"].strip("\"'"), number)
    return lines


def toml_type(value):
    """What TOML calls the type of a parsed ``value``: ``toml_type(3)`` is ``'an integer'``."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
             list: "an array", dict: "a table"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a date or time")


def check_entry(slug, entry, slugs):
    """What is wrong with one entry, as ``(field, what, what to do)`` (``field`` None for the whole
    entry, or a missing field), and its usable fields."""
    wrong, fields = [], {}
    if not isinstance(entry, dict):
        return [(None, f"is {toml_type(entry)}, not a table",
                 f"write it as a table [{slug}] with name, description, parent and keywords")], fields
    for key, value in entry.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            wrong.append((key, f"unknown field '{key}'",
                          (f"did you mean '{close[0]}'? " if close else "")
                          + f"The fields are {', '.join(FIELDS)}"))
            continue
        kind = FIELDS[key][0]
        if not isinstance(value, kind):
            wrong.append((key, f"'{key}' is {toml_type(value)}",
                          "make it a string" if kind is str else "make it an array of strings"))
        elif kind is list and not all(isinstance(k, str) and k.strip() for k in value):
            wrong.append((key, f"'{key}' holds something other than non-empty strings",
                          "make it an array of non-empty strings"))
        elif kind is str and not value.strip():
            wrong.append((key, f"'{key}' is empty", f"give the topic a {key}"))
        else:
            fields[key] = value
    for key, (_, required) in FIELDS.items():
        if required and key not in entry:
            wrong.append((None, f"'{key}' is missing", f"give the topic a {key}"))
    parent = fields.pop("parent", None)
    if parent == slug:
        wrong.append(("parent", "is its own parent", "remove 'parent' or name a broader topic"))
    elif parent is not None and parent not in slugs:
        close = difflib.get_close_matches(parent, slugs, n=1)
        wrong.append(("parent", f"parent '{parent}' is not a topic",
                      (f"did you mean '{close[0]}'? " if close else "")
                      + "A parent is the slug of another topic in this file"))
    elif parent is not None:
        fields["parent"] = parent
    return wrong, fields


def parse(text, path, settings, content_path):
    """The :class:`Vocabulary` in ``text`` (the file at ``path``) and a list of :class:`Problem`.

    The vocabulary is None when the file cannot be read as TOML at all.
    """
    shown = display_path(path, content_path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = getattr(error, "lineno", None)
        if line is None:
            found = re.search(r"\(at line (\d+), column \d+\)", message)
            line = int(found[1]) if found else None
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        return None, [Problem(shown, line, "error", f"the topic vocabulary is not valid TOML: {what}",
                              "fix the syntax (https://toml.io); no column's topics were checked")]
    return build(data, entry_lines(text), path, settings, content_path, field_lines(text))


def build(data, lines, path, settings, content_path, fields_at=None):
    """The :class:`Vocabulary` of parsed TOML ``data`` and its problems; ``lines`` maps slugs to
    lines, ``fields_at`` slugs to their fields' lines."""
    shown = display_path(path, content_path)
    problems, topics, parents = [], {}, {}
    fields_at = fields_at or {}

    def report(slug, what, todo, field=None):
        line = fields_at.get(slug, {}).get(field) or lines.get(slug)
        problems.append(Problem(shown, line, "error", f"topic '{slug}': {what}", todo))

    for slug, entry in data.items():
        if not SLUG.fullmatch(slug):
            report(slug, "the slug is not lower-case letters and digits joined by single hyphens",
                   "rename the table, as in [work-life-balance]")
            continue
        wrong, fields = check_entry(slug, entry, list(data))
        if isinstance(entry, dict):
            topic = Topic(slug, fields.get("name", slug), settings,
                          description=fields.get("description", ""),
                          keywords=fields.get("keywords", ()), line=lines.get(slug))
            twin = next((other for other in topics.values() if fold(other.name) == fold(topic.name)), None)
            if twin is not None:
                wrong.append(("name", f"topic '{twin.slug}' has the same name, '{twin.name}'",
                              "give each topic its own name, so a column's Topics line can tell them apart"))
            topics[slug] = topic
            parents[slug] = fields.get("parent")
        for field, what, todo in wrong:
            report(slug, what, todo, field)
    link_parents(topics, parents, report)
    problems.sort(key=lambda problem: problem.line or 0)
    return Vocabulary(topics.values(), path), problems


def link_parents(topics, parents, report):
    """Set each topic's ``parent`` and ``children``; a parent cycle is reported and broken."""
    for slug in topics:
        chain, current = [slug], parents.get(slug)
        while current is not None and current in topics and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == slug:
            report(slug, f"its parents form a cycle ({' → '.join(chain + [slug])})",
                   "a topic cannot be its own ancestor: remove one of these parents", "parent")
            parents[slug] = None
    for slug, topic in topics.items():
        parent = topics.get(parents.get(slug))
        if parent is not None:
            topic.parent = parent
            parent.children.append(topic)


def vocabulary_path(settings):
    """Where the vocabulary lives: ``TOPICS_VOCABULARY`` under the content folder."""
    return os.path.join(settings["PATH"], settings["TOPICS_VOCABULARY"])


def read(settings):
    """The site's :class:`Vocabulary` (None when unreadable) and the problems found in it."""
    path = vocabulary_path(settings)
    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        return None, [Problem(display_path(path, settings["PATH"]), None, "error",
                              f"cannot read the topic vocabulary: {reason}",
                              "create it as UTF-8 TOML, one table per topic (docs/topics.md); "
                              "no column's topics were checked")]
    return parse(text, path, settings, settings["PATH"])
