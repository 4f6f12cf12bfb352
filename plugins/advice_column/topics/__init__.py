"""Topics: the vocabulary in ``content/topics.toml``, each column's topics, topic pages,
topic suggestions and related columns.

Two phases, as Pelican's own taxonomies:

- before the articles generator builds its taxonomies (every column read), each
  column's ``Topics:`` values become ``article.topics``; an unknown value is an
  error, and its column is not built (dropped from every list before any
  category, date, feed, neighbour or follow-up sees it, and counted as failed),
  a published column without topics a warning with suggestions; each topic
  gets its published columns (children's included) and each column its
  ``related`` columns (a large archive's ranked in the background until every
  generator has read its content: ``Build.defer``); the context gets ``topics``;
- :class:`~.pages.TopicPagesGenerator` writes ``/topics/`` and every topic's pages.
"""

from pelican import signals

from .. import diagnostics
from ..build import Build
from ..parallel import forked
from . import assign, related, vocabulary
from .classifier import Classifier
from .pages import TopicPagesGenerator


def attach_topics(generator):
    """``article_generator_pretaxonomy``: topics on columns (a column with an unknown topic
    dropped), columns on topics, related columns."""
    settings, content = generator.settings, generator.settings["PATH"]
    found, problems = vocabulary.read(settings)
    for problem in problems:
        diagnostics.log(problem)
    columns = [*generator.articles, *generator.hidden_articles, *generator.drafts]
    generator.context["topics"] = found.topics if found is not None else []
    if found is None:
        for article in columns:
            article.topics, article.column_topics, article.letter_topics = [], [], []
    else:
        classifier = Classifier(found)
        published = {id(article) for article in generator.articles}
        failed = set()
        for article in columns:
            unknown = assign.attach(article, found, content)
            for problem in unknown:
                diagnostics.log(problem)
            if unknown:
                failed.add(id(article))
            elif id(article) in published and not article.topics:
                diagnostics.log(assign.missing_topics(
                    assign.column_text(article), classifier,
                    diagnostics.display_path(article.source_path, content),
                    assign.metadata_line(article, "title")))
        drop_columns(generator, failed)
        columns = [article for article in columns if id(article) not in failed]
        collect_columns(found, generator.articles)
    for article in columns:
        if getattr(article, "withdrawn", None):
            article.related = []  # its notice shows none
    Build.of(generator).defer(related.find_related(
        [article for article in columns if not getattr(article, "withdrawn", None)],
        generator.articles, settings["RELATED_COLUMNS"],
        forked.processes(settings, "RENDER_PROCESSES"), settings))


def drop_columns(generator, failed):
    """Leave the columns whose ids are in ``failed`` out of the generator's published, hidden and
    draft lists, and record their sources as failed (as Pelican does for a column it could not read)."""
    for name in ("articles", "hidden_articles", "drafts"):
        columns = getattr(generator, name)
        for article in columns:
            if id(article) in failed:
                generator.context["generated_content"][article.get_relative_source_path()] = None
        setattr(generator, name, [article for article in columns if id(article) not in failed])


def collect_columns(found, published):
    """Give every topic its published columns, its descendants' included, newest first; a column
    rerun on the topic is listed once, as its rerun (which shows both dates). A column on a topic
    only through some of its letters (``Letter-topics``) is listed for those letters:
    ``topic.letters`` maps its slug to their numbers."""
    for topic in found:
        topic.articles, topic.letters = [], {}
    for article in sorted(published, key=lambda a: (a.date, a.slug), reverse=True):
        for topic in assign.with_ancestors(article.topics):
            topic.articles.append(article)
        whole = assign.with_ancestors(article.column_topics)
        for number, own in enumerate(article.letter_topics, 1):
            for topic in assign.with_ancestors(own) - whole:
                topic.letters.setdefault(article.slug, []).append(number)
    for topic in found:
        rerun = {slug for article in topic.articles if (slug := getattr(article, "rerun_slug", None))}
        if rerun:
            topic.articles = [article for article in topic.articles if article.slug not in rerun]


def get_generators(pelican):
    return TopicPagesGenerator


def register():
    signals.article_generator_pretaxonomy.connect(attach_topics)
    signals.get_generators.connect(get_generators)
