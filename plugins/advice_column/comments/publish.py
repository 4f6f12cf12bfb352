"""Each published column's approved comments, read from ``COMMENTS_PATH`` when the columns are.

At ``article_generator_finalized`` every published column gets ``comments``, a
:class:`~.thread.Thread` (None when ``COMMENTS`` is False, or when it has no comment and the
site has no ``RECEIVER_URL`` to post one to): the files under
``<PATH>/<COMMENTS_PATH>/<column-id>/`` read, rendered, laid out and paginated.
Drafts, hidden columns and columns no longer published get none, so their
comments leave the site with them. A comment file that cannot be read is
reported (``path:line: error: …``) and left out until fixed.
"""

import os
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from .. import diagnostics
from . import files, render
from .thread import Comment, Thread, lay_out, paginate


def comments_action(settings):
    """The address the comment forms post to: ``RECEIVER_URL``'s ``comments`` beside ``letters``
    (empty without a receiver)."""
    receiver = settings.get("RECEIVER_URL") or ""
    return urljoin(receiver, "comments") if receiver else ""


def read_comments(folder, content_path, author, zone):
    """The :class:`Comment` of each readable file in ``folder``, dated in ``zone``; each other file
    reported."""
    found, problems = files.read_folder(folder, content_path, zone)
    for problem in problems:
        diagnostics.log(problem)
    return [Comment(item.id, item.name or author, item.date.astimezone(zone), render.to_html(item.body),
                    item.columnist, item.parent) for item in found]


def page_urls(settings, slug):
    """``page_url(n)`` for :func:`~.thread.paginate`: the ``(url, save_as)`` of comments page ``n``."""
    def page_url(number):
        values = {"slug": slug, "number": number}
        return (settings["COMMENTS_PAGE_URL"].format(**values), settings["COMMENTS_PAGE_SAVE_AS"].format(**values))
    return page_url


def thread_for(article, settings, action, folders=None):
    """The column's :class:`Thread`; None when it never had a comment and the site has no receiver.
    Its feed is written once its folder of comments exists, so a feed whose last comment was
    removed is written again, empty. ``folders``: the names in the comments folder, when known."""
    column_id = files.column_id(article.date, article.slug, getattr(article, "aliases", ()))
    folder = os.path.join(settings["PATH"], settings["COMMENTS_PATH"], column_id)
    listed = folders is None or column_id in folders
    ordered = lay_out(read_comments(folder, settings["PATH"], settings.get("AUTHOR") or "The columnist",
                                    ZoneInfo(settings.get("TIMEZONE") or "UTC"))) if listed else []
    kept = listed and os.path.isdir(folder)  # comments were approved once: their feed is written, if empty
    if not ordered and not action and not kept:
        return None  # no comment, and nowhere to post one: nothing to show
    pages = paginate(ordered, settings["COMMENTS_PER_PAGE"], article.url, page_urls(settings, article.slug))
    closed = getattr(article, "comments_closed", False)
    feed = settings["COMMENTS_FEED_ATOM"].format(slug=article.slug) if kept else ""
    return Thread(column_id, len(ordered), bool(action) and not closed, pages, action, feed)


def attach(generator):
    """``article_generator_finalized``: each published column's comments."""
    settings = generator.settings
    action = comments_action(settings)
    try:  # listed once, not looked for column by column
        folders = set(os.listdir(os.path.join(settings["PATH"], settings["COMMENTS_PATH"])))
    except (FileNotFoundError, NotADirectoryError):
        folders = set()
    for article in (*generator.articles, *generator.translations):
        article.comments = thread_for(article, settings, action, folders) if settings["COMMENTS"] else None
    for article in (*generator.drafts, *generator.hidden_articles):
        article.comments = None
