"""Suggested topics for a letter, from the topics package's classifier (one call, here only)."""

import logging

logger = logging.getLogger(__name__)

TOPICS_PER_LETTER = 3


def topic_suggester(content_path, settings):
    """``text -> [topic slug, …]``, best first, from the topics classifier over the site's
    vocabulary (``content/topics.toml``). Without the topics package, letters get no topics
    (and the run says so once)."""
    try:
        from ..topics.classifier import Classifier
    except ImportError:
        logger.warning("no topic classifier (advice_column.topics) yet: letters get no topics")
        return lambda text: []
    classifier = Classifier.from_settings({**settings, "PATH": str(content_path)})
    return lambda text: [slug for slug, _score in classifier.suggest(text, TOPICS_PER_LETTER)]
