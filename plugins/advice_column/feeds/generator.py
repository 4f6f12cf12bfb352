"""The feeds generator: every channel in every format, the OPML list and ``/subscribe/``.

A *channel* is one list of columns: the whole site, or one topic (its
children's columns included). Each channel is published in every format of
:data:`~.formats.FORMATS`.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from pelican.generators import Generator
from pelican.paginator import Page, Paginator

from . import items, opml
from .formats import FORMATS

#: The date of an empty feed on a site without a single column (feeds need one).
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Feed:
    """One feed file. ``url`` is relative to ``SITEURL`` like Pelican's URLs;
    ``absolute_url`` is its public address."""

    title: str
    format: object
    url: str
    absolute_url: str

    @property
    def label(self):
        return self.format.label

    @property
    def type(self):
        return self.format.media_type


@dataclass
class Channel:
    """The columns one set of feeds carries, newest first, and what describes them."""

    title: str
    description: str
    link: str
    articles: list
    feeds: list = field(default_factory=list)
    topic: object = None


def public_base(settings):
    """The absolute address feeds use: ``SITEURL``, or ``FEED_LOCAL_SITEURL`` when it is empty."""
    return (settings.get("SITEURL") or settings["FEED_LOCAL_SITEURL"]).rstrip("/")


def newest_first(articles):
    """Columns newest first; equal dates in slug order, so feeds never reshuffle."""
    return sorted(sorted(articles, key=lambda a: a.slug), key=lambda a: a.date, reverse=True)


class FeedDocument:
    """One feed file as the writer renders a page: ``render(context)`` gives its XML. So a feed
    goes through the writer as every page does (and a writer that keeps unchanged pages renders it
    only when its columns, ``feed_columns``, its topic or its date changed)."""

    name = "feed"

    def __init__(self, generator, feed, channel):
        self.generator, self.feed, self.channel = generator, feed, channel

    def render(self, context):
        generator, feed, channel = self.generator, self.feed, self.channel
        document = feed.format.feed_class(
            title=channel.title,
            link=channel.link,
            description=channel.description,
            language=generator.settings["DEFAULT_LANG"],
            author_name=generator.settings["AUTHOR"],
            feed_guid=feed.absolute_url,
            self_url=feed.absolute_url,
            updated=context["feed_updated"],
        )
        letters = channel.topic.letters if channel.topic is not None else {}
        entries = [entry for article in context["feed_columns"].object_list
                   for entry in generator.items(article, letters.get(article.slug))]
        for entry in entries[:generator.limit]:  # a column's letters may be several items
            document.add_item(**entry)
        return document.writeString("utf-8")


class FeedsGenerator(Generator):
    """Publishes ``feeds``/``topic_feeds`` to templates, then writes the feeds, OPML and subscribe page."""

    def generate_context(self):
        settings = self.settings
        self.base = public_base(settings)
        self.authority = settings["FEED_ID_DOMAIN"] or urlsplit(self.base).hostname
        self.limit = settings["FEED_MAX_ITEMS"]
        site = Channel(
            title=settings["SITENAME"],
            description=settings.get("SITESUBTITLE") or settings["SITENAME"],
            link=f"{self.base}/",
            articles=newest_first(self.context["articles"]),
        )
        self.channels = [site]
        for topic in self.context["topics"]:  # every vocabulary topic, its children's columns included
            self.channels.append(Channel(
                title=f"{settings['SITENAME']} — {topic.name}",
                description=topic.description or topic.name,
                link=f"{self.base}/{topic.url}",
                articles=newest_first(topic.articles),
                topic=topic,
            ))
        for channel in self.channels:
            channel.feeds = [self.feed(channel, fmt) for fmt in FORMATS]
        self.context["feeds"] = site.feeds
        self.context["topic_feeds"] = {channel.topic.slug: channel.feeds for channel in self.channels[1:]}
        self.context["feed_channels"] = self.channels

    def feed(self, channel, fmt):
        if channel.topic is None:
            url = self.settings[fmt.site_setting]
        else:
            url = self.settings[fmt.topic_setting].format(slug=channel.topic.slug)
        return Feed(channel.title, fmt, url, f"{self.base}/{url}")

    def generate_output(self, writer):
        site_updated = self.updated(self.channels[0].articles, EPOCH)
        self.item_cache = {}  # id(column) -> its item, in each process that renders feeds
        for channel in self.channels:
            shown = channel.articles[:self.limit]
            # What the writer's page digest sees: the columns (by their digests), the topic, the date.
            columns = Page(channel.link, channel.link, shown, 1, Paginator(
                channel.link, channel.link, channel.articles, self.settings, max(len(shown), 1)), self.settings)
            updated = self.updated(shown, site_updated)
            for feed in channel.feeds:
                writer.write_file(feed.url, FeedDocument(self, feed, channel), self.context,
                                  feed_columns=columns, feed_topic=channel.topic, feed_updated=updated)
        writer.write_file(self.settings["FEEDS_OPML"], opml.Document(self.settings, self.base, self.channels),
                          self.context)
        writer.write_file(
            self.settings["SUBSCRIBE_SAVE_AS"], self.get_template("subscribe"), self.context,
            page_name="subscribe", url=self.settings["SUBSCRIBE_URL"],
        )

    def items(self, article, letters=None):
        """The feed items of ``article``: the column, or only its ``letters`` (their numbers), one each."""
        if letters:
            return [items.letter_item(article, number, self.base, self.authority, self.settings["AUTHOR"])
                    for number in letters]
        key = id(article)
        if key not in self.item_cache:
            self.item_cache[key] = items.item(article, self.base, self.authority, self.settings["AUTHOR"])
        return [self.item_cache[key]]

    @staticmethod
    def updated(articles, default):
        """The newest publication or modification date of ``articles``, else ``default``."""
        return max((max(a.date, getattr(a, "modified", None) or a.date) for a in articles), default=default)
