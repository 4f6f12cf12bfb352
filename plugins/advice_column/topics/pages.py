"""The topic pages: ``/topics/`` (every topic) and each topic's paginated list of columns."""

from functools import partial

from pelican.generators import Generator


class TopicPagesGenerator(Generator):
    """Writes the topic index (template ``topics``) and one page per topic (template ``topic``,
    paginated when ``PAGINATED_TEMPLATES`` has ``topic``), from the context's ``topics``."""

    def generate_context(self):
        """Nothing to read: the topics were attached when the columns were."""

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        topics = self.context.get("topics", [])
        template = self.get_template("topic")
        for topic in topics:
            write(topic.save_as, template, self.context, topic=topic, articles=topic.articles,
                  paginated={"articles": topic.articles}, template_name="topic", url=topic.url,
                  page_name=topic.page_name)
        write(self.settings["TOPICS_SAVE_AS"], self.get_template("topics"), self.context,
              template_name="topics", url=self.settings["TOPICS_URL"], page_name="topics")
