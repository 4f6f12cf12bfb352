"""Links between columns: follow-ups both ways, and redirect pages for old slugs (``Aliases``)."""

from itertools import chain

from pelican.generators import Generator

from .. import diagnostics
from ..diagnostics import Problem, display_path
from .index import column_files, stray_problems


def all_columns(generator):
    """Every column an ``ArticlesGenerator`` read: published, hidden, drafts and their translations."""
    return list(chain(generator.articles, generator.translations, generator.hidden_articles,
                      generator.hidden_translations, generator.drafts, generator.drafts_translations))


def link_follow_ups(generator):
    """``article_generator_finalized``: set ``follows`` and ``followed_by`` on every column.

    A published column never links to an unpublished one (a warning says why the
    link is missing), and a column lists only follow-ups at least as public as itself.
    """
    columns = all_columns(generator)
    by_slug = {column.slug: column for column in columns}
    for column in columns:
        column.followed_by = []
        column.follows_withdrawn = None
    for column in columns:
        target = by_slug.get(getattr(column, "follows_slug", None))
        if target is None:  # no Follows, or the followed column failed (and was reported)
            continue
        if getattr(target, "withdrawn", None):  # reported when read: the day, never the column
            column.follows_withdrawn = target.withdrawn
            continue
        if target.status == "draft" and column.status != "draft":
            if target.metadata.get("status") != "draft":  # scheduled; a draft was reported when read
                diagnostics.log(Problem(
                    display_path(column.source_path, generator.settings["PATH"]), column.metadata_lines["follows"],
                    "warning", f"`Follows` names `{target.slug}`, which is scheduled for a later date",
                    "link to it once it is published, or schedule this one after it"))
            continue
        column.follows = target
        if column.status == "published" or column.status == target.status:
            target.followed_by.append(column)
    for column in columns:
        column.followed_by.sort(key=lambda c: (c.date, c.slug))


def link_reruns(generator):
    """``article_generator_finalized``: set ``rerun_of`` on every rerun and ``reruns`` (published ones,
    oldest first) on the column each reruns. ``make check`` and the reader report a ``Rerun-of`` that
    names no column, or one that is unpublished; a scheduled original is left unlinked."""
    columns = all_columns(generator)
    by_slug = {column.slug: column for column in columns}
    for column in columns:
        column.rerun_of, column.reruns = None, []
    for column in columns:
        original = by_slug.get(getattr(column, "rerun_slug", None))
        if original is None or (original.status == "draft" and column.status != "draft"):
            continue
        column.rerun_of = original
        if column.status == "published" or column.status == original.status:
            original.reruns.append(column)
    for column in columns:
        column.reruns.sort(key=lambda c: (c.date, c.slug))


def report_strays(generator):
    """``article_generator_finalized``: report every file in the columns folder that is not a column."""
    _, strays = column_files(generator.settings)
    for problem in stray_problems(strays, generator.settings):
        diagnostics.log(problem)


def alias_url(column, alias, key):
    """``ARTICLE_URL`` or ``ARTICLE_SAVE_AS`` of ``column`` as if its slug were ``alias``."""
    return column.settings[key].format(**{**column.url_format, "slug": alias})


class AliasRedirects(Generator):
    """Writes a redirect page (``redirect.html``) at every old URL listed in a column's ``Aliases``;
    a withdrawn column's old URLs get its notice (its own template, ``withdrawn.html``)."""

    def generate_context(self):
        """Nothing to read: the columns come from the articles generator."""

    def generate_output(self, writer):
        redirect = self.get_template("redirect")
        columns = chain(self.context.get("articles", ()), self.context.get("hidden_articles", ()))
        for column in columns:
            template = self.get_template(column.template) if getattr(column, "withdrawn", None) else redirect
            for alias in getattr(column, "aliases", ()):
                writer.write_file(
                    alias_url(column, alias, "ARTICLE_SAVE_AS"), template, self.context,
                    relative_urls=self.settings["RELATIVE_URLS"], url=alias_url(column, alias, "ARTICLE_URL"),
                    article=column, page_name="redirect",
                )


def get_generators(pelican):
    return AliasRedirects
