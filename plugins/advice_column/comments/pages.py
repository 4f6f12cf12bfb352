"""The pages of a column's comments after the first (which the column's own page shows), and
their Atom feed."""

from functools import partial

from pelican.generators import Generator

from .feed import CommentsFeed


class CommentPagesGenerator(Generator):
    """Writes each further page of comments (template ``comments``) of every published column, and
    the feed of the comments of each column that has some."""

    def generate_context(self):
        """Nothing to read: the comments were attached to the columns."""

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        template = self.get_template("comments")
        for article in self.context.get("articles", []):
            thread = getattr(article, "comments", None)
            for page in (thread.pages[1:] if thread else ()):
                write(page.save_as, template, self.context, article=article, comment_page=page,
                      template_name="comments", url=page.url, page_name=page.url)
            if thread and thread.feed:
                writer.write_file(thread.feed, CommentsFeed(article, self.settings), self.context, article=article)
