"""The site's topics for the queue: suggestions from the topics classifier, names and slugs."""

from ..topics import vocabulary
from ..topics.classifier import Classifier

TOPICS_PER_LETTER = 3


class SiteTopics:
    """The vocabulary (``content/topics.toml``) and its classifier, read once per run.

    An unreadable vocabulary suggests nothing (`make check` and the build report it).
    """

    def __init__(self, content_path, settings):
        self.vocabulary, _problems = vocabulary.read({**settings, "PATH": str(content_path)})
        self.classifier = Classifier(self.vocabulary or ())

    def suggest(self, text):
        """Topic slugs for ``text``, best first."""
        return [slug for slug, _score in self.classifier.suggest(text, TOPICS_PER_LETTER)]

    def slug(self, value):
        """The slug of the topic named or slugged ``value`` (any case), or None."""
        topic = self.vocabulary.find(value) if self.vocabulary else None
        return topic.slug if topic else None

    def name(self, slug):
        """The topic's name for display, or the slug itself."""
        topic = self.vocabulary.find(slug) if self.vocabulary else None
        return topic.name if topic else slug
