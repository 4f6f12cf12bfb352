"""A column's comments as an Atom feed (``COMMENTS_FEED_ATOM``), for the columns that have some.

Each entry is one comment: its id the column's feed id with ``/comment-<id>``,
its link the comment's permalink, its author the name given (never an e-mail
address), its content the sanitised HTML with absolute links. The feed goes
through the writer like a page (``render(context)``), so a writer that keeps
unchanged pages writes it again only when the column's comments change.
"""

from urllib.parse import urlsplit

from ..feeds.formats import AtomFeed
from ..feeds.generator import public_base
from ..feeds.items import UNWRITABLE, feed_content, tag_uri


class CommentsFeed:
    """The Atom feed of ``article``'s comments, rendered as the writer renders a page."""

    name = "comments-feed"

    def __init__(self, article, settings):
        self.article, self.settings = article, settings

    def render(self, context):
        article, settings = self.article, self.settings
        base = public_base(settings)
        authority = settings["FEED_ID_DOMAIN"] or urlsplit(base).hostname
        column_id = tag_uri(authority, article)
        url = f"{base}/{article.comments.feed}"
        comments = sorted((c for page in article.comments.pages for group in page.groups
                           for c in ([group.head] if group.head else []) + group.replies),
                          key=lambda c: (c.date, c.id), reverse=True)
        document = AtomFeed(
            title=UNWRITABLE.sub("", f"Comments on {article.title}"), link=f"{base}/{article.url}",
            description=None, language=settings["DEFAULT_LANG"], feed_guid=f"{column_id}/comments",
            self_url=url, updated=comments[0].date if comments else article.date)
        for comment in comments:
            permalink = f"{base}/{comment.url}"
            document.add_item(
                title=UNWRITABLE.sub("", f"{'The columnist' if comment.columnist else comment.name} "
                                         f"on {article.title}"),
                link=permalink, unique_id=f"{column_id}/comment-{comment.id}", unique_id_is_permalink=False,
                description=None, content=UNWRITABLE.sub("", feed_content(comment.html, permalink)),
                pubdate=comment.date, updateddate=comment.date, author_name=UNWRITABLE.sub("", comment.name))
        return document.writeString("utf-8")
