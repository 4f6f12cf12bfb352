"""Suggested topics for a letter, from the topics package's classifier (one call, here only)."""

import logging

logger = logging.getLogger(__name__)

TOPICS_PER_LETTER = 3


def topic_suggester(content_path, settings):
    """``text -> [topic slug, …]`` best first, from ``advice_column.topics.suggest``.

    Until the topics package provides its classifier, letters get no suggestion
    (and the run says so once).
    """
    try:
        from ..topics import suggest
    except ImportError:
        logger.warning("no topic classifier (advice_column.topics.suggest) yet: letters get no topics")
        return lambda text: []

    def suggested(text):
        return [getattr(topic, "slug", topic) for topic in suggest(text, TOPICS_PER_LETTER)]

    return suggested
