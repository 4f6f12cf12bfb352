"""A column's comments as its pages show them: in date order, replies nested one level, in pages.

The comments are laid out as a reader reads them (each comment, then the replies
to it, oldest first; a reply to a reply joins the replies of the comment it
answers) and cut into pages of ``COMMENTS_PER_PAGE``. The column's page shows
the first; the others are pages of their own (``COMMENTS_PAGE_URL``). A page that
starts inside a comment's replies says whose replies they are.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Comment:
    """One published comment: ``html`` is its sanitised body; ``url`` its permalink."""

    id: str
    name: str
    date: datetime
    html: str
    columnist: bool
    parent: str | None = None
    url: str = ""


@dataclass
class Group:
    """A comment and the replies to it on one page (``head`` None: replies continued from an earlier
    page, to ``parent``)."""

    head: Comment | None
    replies: list = field(default_factory=list)
    parent: Comment | None = None


@dataclass
class CommentsPage:
    """One page of a column's comments."""

    number: int
    url: str
    save_as: str
    groups: list

    @property
    def heads(self):
        """The comments a reply on this page may answer: each group's comment."""
        return [group.head or group.parent for group in self.groups]


@dataclass
class Thread:
    """A column's comments: ``count`` published, in ``pages``; ``open`` to new ones (the form shown,
    posting to ``action``); ``feed``: the address of their Atom feed ("" without one)."""

    column_id: str
    count: int
    open: bool
    pages: list
    action: str = ""
    feed: str = ""

    @property
    def first(self):
        return self.pages[0] if self.pages else None


def lay_out(comments):
    """``comments`` in reading order, each reply's ``parent`` set to the comment it is shown under
    (a reply whose parent is not published is shown as a comment of its own)."""
    by_id = {comment.id: comment for comment in comments}

    def top(comment, seen=()):
        parent = by_id.get(comment.parent)
        if parent is None or parent.id in seen or parent is comment:
            return None
        return top(parent, (*seen, comment.id)) or parent

    replies = {}
    heads = []
    for comment in sorted(comments, key=lambda c: (c.date, c.id)):
        head = top(comment)
        comment.parent = head.id if head else None
        (replies.setdefault(head.id, []) if head else heads).append(comment)
    ordered = []
    for head in heads:
        ordered += [head, *replies.get(head.id, [])]
    return ordered


def paginate(ordered, per_page, column_url, page_url):
    """The pages of ``ordered`` comments; ``page_url(n)``: ``(url, save_as)`` of page ``n`` > 1.
    Sets each comment's permalink."""
    by_id = {comment.id: comment for comment in ordered}
    pages = []
    for start in range(0, len(ordered), per_page):
        number = len(pages) + 1
        url, save_as = (column_url, None) if number == 1 else page_url(number)
        groups = []
        for comment in ordered[start:start + per_page]:
            comment.url = f"{url}#comment-{comment.id}"
            if comment.parent is None:
                groups.append(Group(comment))
            elif groups:
                groups[-1].replies.append(comment)
            else:
                groups.append(Group(None, [comment], by_id[comment.parent]))
        pages.append(CommentsPage(number, url, save_as, groups))
    return pages
