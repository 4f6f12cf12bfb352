"""The pages a save changes that an editor has open, rendered at once from the last build's
model, before the build ends.

The last build leaves, through Pelican's public signals, what it rendered: the
generators' shared context and the columns (``all_generators_finalized``), and
each page's own values (``content_written``): a column page's, and the first page's
of each paginated list (the home page, each topic's). From the saved file:

- an edit of a column whose slug, date, status, aliases and follow-up are what
  they were (a word, the title, the topics): :func:`column_pages` reads the file
  as the build reads it, puts what it read into the model's column (so every
  page of the model shows the new text), and renders that column's page, and
  for a published column the home page and its topics' pages where they list
  it (:func:`edited_lists`); then, if its title, letters or topics changed, ranks its related columns over the
  archive as the build does, and renders it again if they changed;
- a new published column (:func:`new_column`): the home page and its topics'
  pages with it in its place (their first page and the page that lists it),
  then its own page (its neighbours, comments, JSON-LD and related columns, ranked
  over the archive as the build ranks them);
- a deleted published column (:func:`deleted_column`): the same lists without it,
  and its page gone (``None``: the server answers 404).

Whatever the build would do differently (a slug or date shared with another
column, a follow-up or rerun, a draft, a withdrawal, aliases, letters with topics
of their own, a settings file changed) gets no page here: the build alone shows it. The full build follows at
once, writes every page from the content, and so the same bytes for the pages
rendered here (the tests compare them); only a page it changes reloads again.
"""

import os
from operator import attrgetter

from pelican.contents import Article, Content
from pelican.generators import ArticlesGenerator
from pelican.paginator import Paginator
from pelican.readers import Readers
from pelican.utils import order_content

from ..columns.index import COLUMN_SUFFIX, read_source
from ..columns.reader import ColumnReader
from ..columns.structured_data import StructuredData
from ..comments.publish import comments_action, thread_for
from ..performance.collector import forget_memos
from ..topics import assign, related, vocabulary

#: What must be unchanged for the column's page to be rendered before the build: the page's
#: address, its place in the lists, and what links to other columns.
SAME = ("slug", "date", "status", "lang", "template", "aliases", "follows_slug", "follows_number")
#: Set on a column by the build from the other columns (the reader sets placeholders).
ARCHIVE_WIDE = ("follows", "followed_by")
#: What a paginated page adds for each list it paginates (as Pelican's writer names them).
PAGE_KEYS = ("{}_paginator", "{}_page", "{}_previous_page", "{}_next_page")


class Model:
    """What the last build rendered: the shared context, the columns by source file, each
    column page's own values (what its page adds to the shared context) by output file, and
    the first page's own values of each paginated list: ``"index"`` and each topic's slug."""

    def __init__(self):
        self.shared = self.generator = None
        self.columns = {}
        self.pages = {}  # output file -> (column, the page's own values)
        self.lists = {}  # "index" or a topic's slug -> its first page's own values

    def release(self):
        """Let go of the build: its context, its columns and its topics are emptied, so that their
        objects are freed at once, without waiting for the collector (every column refers to the
        context, to its neighbours, its related columns and its topics, which list it)."""
        for topic in (self.shared or {}).get("topics", ()):
            vars(topic).clear()
        for column in self.columns.values():
            vars(column).clear()
        if self.shared is not None:
            self.shared.clear()
        self.shared = self.generator = None
        self.columns.clear()
        self.pages.clear()
        self.lists.clear()

    def finalized(self, generators):
        """``all_generators_finalized``: the shared context and every column."""
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                self.generator, self.shared = generator, generator.context
                for column in (*generator.articles, *generator.hidden_articles, *generator.drafts):
                    self.columns[os.path.abspath(column.source_path)] = column

    def written(self, path, context=None):
        """``content_written``: keep a column page's own values, and a list's first page's."""
        context = context or {}
        column, page = context.get("article"), context.get("articles_page")
        if self.shared is None or not (isinstance(column, Content) or getattr(page, "number", 0) == 1):
            return
        own = {key: value for key, value in context.items() if self.shared.get(key) is not value}
        if isinstance(column, Content):
            self.pages[os.path.abspath(path)] = (column, own)
        elif "topic" in own:
            self.lists[own["topic"].slug] = own
        elif own.get("page_name") == "index":
            self.lists["index"] = own

    def output(self, name):
        """The absolute path of the output file ``name`` (relative to the output folder)."""
        return os.path.abspath(os.path.join(self.generator.output_path, name))


def read(path, settings, context):
    """The column at ``path`` as the build reads it, or None when its file has a problem (the
    build reports it)."""
    readers = Readers({**settings, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False})
    reader = readers.readers.get("md")
    if not isinstance(reader, ColumnReader):
        return None
    source = read_source(path, settings, reader.process_metadata)
    if source.has_errors or any(True for _ in source.problems()):
        return None
    reader.index = {path: source}
    return readers.read_file(base_path=settings["PATH"], path=path, content_class=Article,
                             context=context)


def with_topics(model, fresh):
    """Give ``fresh`` its topics as the model's topic objects (which know their columns); False
    when the vocabulary or the column's topics have a problem (the build reports it)."""
    found, problems = vocabulary.read(model.generator.settings)
    if found is None or problems or assign.attach(fresh, found, model.generator.settings["PATH"]):
        return False
    by_slug = {topic.slug: topic for topic in model.shared.get("topics", ())}

    def same(topics):
        return [by_slug.get(topic.slug, topic) for topic in topics]

    fresh.column_topics, fresh.topics = same(fresh.column_topics), same(fresh.topics)
    fresh.letter_topics = [same(own) for own in fresh.letter_topics]
    return True


def column_pages(model, path):
    """Each ``{output file: bytes}`` of the saved column at ``path`` rendered from the model: its
    page and the lists showing it at once, then its page again if its related columns changed (its title, letters or topics did:
    they are ranked over the archive as the build ranks them); nothing when the build alone can
    show the change."""
    column = model.columns.get(os.path.abspath(path))
    if column is None or not os.path.isfile(path):
        return
    settings = model.generator.settings
    fresh = read(path, settings, model.shared)
    if fresh is None or any(getattr(fresh, key, None) != getattr(column, key, None) for key in SAME):
        return
    if not with_topics(model, fresh):
        return
    if column in model.shared.get("articles", ()) and not fresh.topics:
        return
    about = (assign.column_text(column), related.topic_keys(column))
    listed = (any(article is column for article in model.shared.get("articles", ())) and on_lists(column)
              and not any(column.letter_topics) and not any(fresh.letter_topics))
    before = assign.with_ancestors(column.topics)
    vars(column).update({key: value for key, value in vars(fresh).items() if key not in ARCHIVE_WIDE})
    forget_memos()
    own_pages = {output: own for output, (shown, own) in model.pages.items() if shown is column}
    shown = {output: render_column(model, column, own) for output, own in own_pages.items()}
    if listed:
        shown.update(edited_lists(model, column, before))
    yield shown
    if getattr(column, "withdrawn", None) or about == (assign.column_text(column), related.topic_keys(column)):
        return
    ranked = ranked_related(model.shared["articles"], column, settings)
    if ranked != column.related:
        column.related = ranked
        yield {output: render_column(model, column, own) for output, own in own_pages.items()}


def edited_lists(model, column, before):
    """``{output file: bytes}``: the home page and the pages of the topics an edited published
    column was on (``before``, with their ancestors) and is on, where they list it (its place is
    the same: its date and slug are)."""
    articles = model.shared["articles"]
    pages = {}
    if "index" in model.lists:
        pages.update(list_pages(model, "index", {"articles": articles, "dates": model.shared["dates"]},
                                position(articles, column)))
    after = assign.with_ancestors(column.topics)
    for topic in before | after:
        if topic.slug not in model.lists:
            continue
        listed = [article for article in topic.articles if article is not column]
        at = position(topic.articles, column) if topic in before else 0
        if topic in after:
            listed = sorted([*listed, column], key=lambda a: (a.date, a.slug), reverse=True)
            at = position(listed, column)
        pages.update(list_pages(model, topic.slug, {"articles": listed}, at))
    return pages


def ranked_related(articles, column, settings):
    """``column``'s related columns among the published ``articles``, as the build ranks them."""
    candidates = sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
    return [candidates[at] for at in related.rank([column], candidates, settings["RELATED_COLUMNS"])[0]]


def render_column(model, column, own):
    return model.generator.get_template(column.template).render({**model.shared, **own}).encode("utf-8")


def is_column_file(model, path):
    """Whether ``path`` is where the build looks for columns."""
    settings = model.generator.settings
    folders = [os.path.abspath(os.path.join(settings["PATH"], folder)) for folder in settings["ARTICLE_PATHS"]]
    path = os.path.abspath(path)
    return path.endswith(COLUMN_SUFFIX) and any(path.startswith(folder + os.sep) for folder in folders)


def on_lists(column):
    """Whether the lists show ``column`` as the lists alone decide: published, not withdrawn, and
    neither a rerun nor a column rerun since (the lists show the two as one entry)."""
    return (column.status == "published" and not getattr(column, "withdrawn", None)
            and not getattr(column, "rerun_slug", None) and not getattr(column, "reruns", None)
            and not getattr(column, "rerun_of", None))


def new_column(model, path):
    """Each ``{output file: bytes}`` of a new column at ``path``: first the home page and its
    topics' pages with it, then its own page (its related columns take the longest); nothing
    when the build alone can show it."""
    path = os.path.abspath(path)
    if path in model.columns or not os.path.isfile(path) or not is_column_file(model, path):
        return
    settings, shared = model.generator.settings, model.shared
    fresh = read(path, settings, shared)
    if fresh is None or fresh.status != "published" or fresh.lang != settings["DEFAULT_LANG"]:
        return
    columns = model.columns.values()
    if (not on_lists(fresh) or getattr(fresh, "follows_slug", None) or getattr(fresh, "aliases", None)
            or getattr(fresh, "translation", None) or not with_topics(model, fresh) or not fresh.topics
            or any(fresh.letter_topics)  # a topic page would list some of its letters apart
            or any(fresh.slug == other.slug or fresh.date == other.date
                   or fresh.slug in (getattr(other, "follows_slug", None), getattr(other, "rerun_slug", None))
                   for other in columns)
            or model.output(fresh.save_as) in model.pages):
        return
    articles = order_content([*shared["articles"], fresh], settings["ARTICLE_ORDER_BY"])
    yield lists(model, articles, fresh)
    at = position(articles, fresh)
    fresh.next_article = articles[at - 1] if at > 0 else None
    fresh.prev_article = articles[at + 1] if at + 1 < len(articles) else None
    fresh.followed_by, fresh.follows_withdrawn, fresh.rerun_of, fresh.reruns = [], None, None, []
    fresh.structured_data = StructuredData(fresh)
    fresh.comments = thread_for(fresh, settings, comments_action(settings)) if settings["COMMENTS"] else None
    fresh.related = ranked_related(articles, fresh, settings)
    sample = next(iter(model.pages.values()), None)
    if sample is None:
        return
    own = {**sample[1], "article": fresh, "output_file": os.path.normpath(fresh.save_as)}
    if "category" in own:
        own["category"] = getattr(fresh, "category", None)
    yield {model.output(fresh.save_as): render_column(model, fresh, own)}


def deleted_column(model, path):
    """``{output file: bytes or None}`` of a deleted published column at ``path``: the home page and
    its topics' pages without it, and its own page gone (None); nothing when the build alone can
    show it."""
    column = model.columns.get(os.path.abspath(path))
    if (column is None or os.path.exists(path)
            or not any(article is column for article in model.shared.get("articles", ()))):
        return {}
    if not on_lists(column) or column.translations:
        return {}
    articles = [article for article in model.shared["articles"] if article is not column]
    pages = lists(model, articles, column, gone=True)
    pages.update({output: None for output, (shown, _) in model.pages.items() if shown is column})
    return pages


def lists(model, articles, column, gone=False):
    """``{output file: bytes}``: the home page and the pages of ``column``'s topics (and their
    ancestors), with ``articles`` (the published columns, newest first) for the home page, and
    ``column`` added to or (``gone``) left out of each topic's list: the first page of each and
    the page that lists ``column`` (or listed it)."""
    pages = {}
    dates = sorted(articles, key=attrgetter("date"), reverse=model.shared["NEWEST_FIRST_ARCHIVES"])
    before = model.shared["articles"]
    if "index" in model.lists:
        at = position(before if gone else articles, column)
        pages.update(list_pages(model, "index", {"articles": articles, "dates": dates}, at))
    for topic in assign.with_ancestors(column.topics):
        own = model.lists.get(topic.slug)
        if own is None:
            continue
        if gone:
            listed = [article for article in topic.articles if article is not column]
            at = position(topic.articles, column)
        else:
            listed = sorted([*topic.articles, column], key=lambda a: (a.date, a.slug), reverse=True)
            at = position(listed, column)
        pages.update(list_pages(model, topic.slug, {"articles": listed}, at))
    return pages


def position(columns, column):
    """Where ``column`` itself is in ``columns``."""
    return next(at for at, other in enumerate(columns) if other is column)


def list_pages(model, key, replaced, at):
    """``{output file: bytes}``: the first page of the list ``key`` and the one showing item ``at``,
    rendered as Pelican's writer renders a paginated list, with the lists ``replaced``."""
    settings, own = model.generator.settings, model.lists[key]
    paginated = [name for name in replaced if f"{name}_paginator" in own]
    values = {name: value for name, value in own.items()
              if not any(name == pattern.format(list_) for list_ in paginated for pattern in PAGE_KEYS)}
    values.update(replaced)
    template = model.generator.get_template("topic" if "topic" in own else "index")
    paginators = {name: Paginator(own[f"{name}_paginator"].name, own[f"{name}_paginator"].url, replaced[name],
                                  settings, own[f"{name}_paginator"].per_page) for name in paginated}
    first = paginators["articles"]
    numbers = sorted({1, next((n for n in first.page_range if first.page(n).end_index() > at),
                              first.num_pages)})
    pages = {}
    for number in numbers:
        for name, paginator in paginators.items():
            values.update({
                f"{name}_paginator": paginator,
                f"{name}_page": paginator.page(number),
                f"{name}_previous_page": paginator.page(number - 1) if number > 1 else None,
                f"{name}_next_page": paginator.page(number + 1) if number < paginator.num_pages else None,
            })
        save_as = first.page(number).save_as
        values["output_file"] = os.path.normpath(save_as)
        pages[model.output(save_as)] = template.render({**model.shared, **values}).encode("utf-8")
    return pages


def pages(model, changed):
    """Each ``{output file: bytes, or None for a page gone}`` that the saved files ``changed`` show,
    as soon as it is rendered. A new or a deleted column is shown only when saved alone."""
    existing = [path for path in changed if os.path.abspath(path) in model.columns and os.path.isfile(path)]
    if len(changed) == 1 and not existing:
        path = next(iter(changed))
        yield from (new_column(model, path) if os.path.isfile(path) else [deleted_column(model, path)])
        return
    edits = [column_pages(model, path) for path in existing]
    for _ in range(2):  # the pages at once, then those whose related columns changed
        shown = {}
        for pages in edits:
            shown.update(next(pages, {}))
        yield shown
