"""What a page shows, as a digest: a page whose digest did not change is not rendered again.

A page's inputs are the site as a whole (the settings, the plugin's code, the
theme's templates, and the context's site-wide values other than the lists of
columns) and the values the page is written with: the column of a column page
and the columns it names (neighbours, related columns, follow-ups), the columns
on one page of a paginated list. Each is described by its values, never by its
address in memory, so the same input gives the same digest in every build.

Site-wide lists (every column, every topic) are not a page's input: a template
shows the columns it is given. The pages that show site-wide lists (archives,
sitemap, the topic index, …) are written without a column or a list page, and
:class:`~.writer.Writer` always renders those.
"""

import dataclasses
import hashlib
import os
from datetime import date, datetime
from pathlib import Path

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from ..fingerprint import fingerprint
from ..parallel import forked

#: Context entries that list the whole site's content (``feed_channels``: every feed and its
#: columns, for the subscribe page; ``advice_column``: the build): never part of a page's digest.
SITE_WIDE = frozenset((
    "articles", "dates", "drafts", "hidden_articles", "topics", "generated_content",
    "static_content", "static_links", "period_archives", "tags", "categories", "authors",
    "related_posts", "feed_channels", "advice_column",
))
#: Attributes of a column described otherwise: settings (in the site's digest), the JSON-LD (made
#: from the other attributes), and the letters and answers (the reader's, from the source file
#: alone, as is the content). Pelican's own private attributes are never read: what they hold is
#: described through its public properties (``content``, ``summary``, ``status``).
NOT_SHOWN = frozenset(("settings", "structured_data", "exchanges", "comments"))
#: What :meth:`Digests.own` leaves out of a column's attributes: the above, and what it describes
#: through Pelican's properties instead.
NOT_OWN = NOT_SHOWN | {"status", "summary", "metadata"}
#: A column's readers' comments (``comments``) are shown on its own page(s) only, and their count
#: on the lists of columns: they are part of the column's page and of a list page's digest, not of
#: its own (so its neighbours' and related columns' pages do not change with them).
COMMENTS = "comments"
#: The page of a paginated list a template shows, with each column's comment count (a page's
#: ``articles_previous_page``/``…_next_page`` are given for their addresses, a feed's columns for
#: their items: neither shows a count).
LISTED_PAGE = "articles_page"


MISSING = object()
#: Types :meth:`Digests.describe` knows by their type alone (their subclasses, ``Markup`` among
#: them, are checked further).
PLAIN = frozenset((str, int, float, bool, type(None)))


def sha(text):
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def source_state(path):
    """A source file as Pelican's content cache sees it (and its size): ``path size mtime``."""
    try:
        stat = os.stat(path)
    except (OSError, TypeError):
        return f"{path!r} missing"
    return f"{path!r} {stat.st_size} {stat.st_mtime_ns}"


def identity(content):
    """Which column ``content`` is, not what it says (its URL and status are in what it says)."""
    return f"{type(content).__name__}({content.source_path!r})"


def wrapper(value):
    return f"{type(value).__name__}({value.slug!r}, {value.name!r}, {value.url!r})"


class Digests:
    """Digests of one build's values, each computed once (objects do not change while pages are written)."""

    def __init__(self, settings, code_and_settings=None):
        self.settings = settings
        self.code_and_settings = code_and_settings or fingerprint(settings)
        self._own = {}
        self._named = {}  # columns and topics named by other values: id -> (value, description)
        self._wrappers = {}
        self._lists = {}
        self._comments = {}

    def own(self, content):
        """A column or page: its source file's state, its content and summary with links resolved,
        its status, and what was set on it besides the reader's text (the columns it names by
        identity only).

        What the reader made of an unchanged file is the same as long as the settings and
        the code are (they are in the site's digest): Pelican's content cache relies on
        the same, and the reader's strings are not described again.
        """
        found = self._own.get(id(content))
        if found is None:
            metadata = content.metadata
            attributes = vars(content)
            read = {id(value) for value in metadata.values() if isinstance(value, str)}
            describe = self.describe
            fields = sorted(f"{name}={describe(value)}" for name, value in attributes.items()
                            if not name.startswith("_") and name not in NOT_OWN
                            and not (isinstance(value, str) and id(value) in read))
            metadata_only = {name: value for name, value in metadata.items()
                             if attributes.get(name.lower(), MISSING) is not value}
            found = self._own[id(content)] = (content, sha("\n".join([
                source_state(content.source_path), sha(content.content), *fields,
                f"status={describe(content.status)}", f"summary={describe(content.summary)}",
                f"metadata={describe(metadata_only)}"])))
        return found[1]

    def compute_own(self, contents, processes):
        """:meth:`own` of each of ``contents``, computed once in ``processes`` forked processes:
        the pages' processes, forked after, find them all (each would compute most of them)."""
        contents = [content for content in contents if id(content) not in self._own]
        digests = forked.run(lambda index: self.own(contents[index]), len(contents), processes,
                             chunksize=256)
        for content, digest in zip(contents, digests):
            self._own[id(content)] = (content, digest)

    def state(self, content):
        """A column as its page shows it: its own digest and those of the columns it names."""
        named = []
        for value in vars(content).values():
            if type(value) in PLAIN:
                continue
            if isinstance(value, Content):
                named.append(value)
            elif value and isinstance(value, (list, tuple)):
                named.extend(item for item in value if isinstance(item, Content))
        return sha(" ".join([self.own(content), self.comments(content),
                             *(self.own(other) for other in named)]))

    def comments(self, content):
        """A column's comments, as its page shows them."""
        key = id(content)
        if key not in self._comments:
            self._comments[key] = (content, sha(self.describe(getattr(content, COMMENTS, None))))
        return self._comments[key][1]

    def comment_count(self, content):
        """The number of comments a list shows beside a column."""
        thread = getattr(content, COMMENTS, None)
        return str(thread.count) if thread is not None else "-"

    def topic(self, value):
        """A topic (or other URL wrapper) given to a page: its simple values, its relatives by name,
        its columns by identity."""
        key = id(value)
        if key not in self._wrappers:
            self._wrappers[key] = (value, sha(wrapper(value) + self.describe(
                {name: item for name, item in vars(value).items() if name != "settings"})))
        return self._wrappers[key][1]

    def describe(self, value):
        """``value`` as text that is the same in every build; nested columns and topics by identity."""
        kind = type(value)  # the most frequent types first, by type alone
        if kind in PLAIN:
            return repr(value)
        if kind is list or kind is tuple:
            return self.sequence(value)
        if kind is dict:
            return self.mapping(value)
        if isinstance(value, (str, int, float, bool)):
            return repr(value)
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        if isinstance(value, (Content, URLWrapper)):  # shared by many values: described once
            found = self._named.get(id(value))
            if found is None:
                found = self._named[id(value)] = (
                    value, identity(value) if isinstance(value, Content) else wrapper(value))
            return found[1]
        if hasattr(value, "__html__"):
            return repr(str(value.__html__()))
        if isinstance(value, dict):
            return self.mapping(value)
        if isinstance(value, (list, tuple)):
            return self.sequence(value)
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(map(self.describe, value))) + "}"
        if callable(value) and hasattr(value, "__qualname__"):
            return f"{getattr(value, '__module__', '')}.{value.__qualname__}"  # a function's repr has its address
        if not dataclasses.is_dataclass(value) and type(value).__repr__ is not object.__repr__:
            return repr(value)  # time zones, enums: their repr is their value
        return f"{type(value).__qualname__}{self.describe(vars(value))}"

    def sequence(self, value):
        return "[" + ",".join(map(self.describe, value)) + "]"

    def mapping(self, value):
        describe = self.describe
        return "{" + ",".join(sorted([f"{describe(k)}:{describe(v)}" for k, v in value.items()])) + "}"

    def page_value(self, value, name=""):
        """One value a page is written with (under ``name``)."""
        if isinstance(value, Content):
            return self.state(value)
        if isinstance(value, Page):
            counts = name == LISTED_PAGE
            return sha(f"page {value.number} of {value.paginator.num_pages} " + " ".join(
                f"{self.own(item)}:{self.comment_count(item)}" if counts else self.own(item)
                for item in value.object_list))
        if isinstance(value, Paginator):
            return f"paginator {value.count} {value.per_page} {value.num_pages}"
        if isinstance(value, URLWrapper):
            return self.topic(value)
        if isinstance(value, (list, tuple)) and any(isinstance(item, Content) for item in value):
            # a whole list, paginated: which columns, in order (one list serves many pages)
            if id(value) not in self._lists:
                self._lists[id(value)] = (value, sha(self.describe(value)))
            return self._lists[id(value)][1]
        return self.describe(value)

    def site(self, context):
        """Everything every page depends on: settings, code, templates, site-wide values.
        ``context``: the generators' shared context, without the values of any one page."""
        parts = [self.code_and_settings, templates_digest(self.settings)]
        for name in sorted(context):
            if name.isupper() or name in SITE_WIDE:
                continue  # settings are in the fingerprint; site-wide lists are never shown whole
            value = context[name]
            if isinstance(value, (list, tuple)) and any(isinstance(v, Content) for v in value):
                parts.append(f"{name}=" + " ".join(self.own(item) for item in value))
            else:
                parts.append(f"{name}={self.describe(value)}")
        return sha("\n".join(parts))


def templates_digest(settings):
    """The theme's templates (and any overrides), file by file."""
    digest = hashlib.sha1()
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()), Path(settings["THEME"]) / "templates"]
    for folder in map(Path, folders):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    digest.update(str(path).encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()
