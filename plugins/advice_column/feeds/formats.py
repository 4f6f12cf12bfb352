"""The three feed formats: Atom 1.0 and RSS 2.0 on feedgenerator, JSON Feed 1.1 on ``json``.

feedgenerator does most of the XML; the subclasses add what it lacks or gets
wrong for us:

- every feed's ``updated``/``lastBuildDate`` is given (never "now"), so the same
  content always gives the same bytes;
- the self link carries the feed's media type;
- Atom: the summary is plain text (``type="text"``), the content HTML;
- RSS: the full text in ``content:encoded`` and the columnist in ``dc:creator``,
  both namespaces declared once on ``<rss>``.

Every format takes the same ``add_item`` arguments, so one loop writes them all.
"""

import html
import json
from dataclasses import dataclass

from feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed


class _FixedDates:
    """The feed's date is the one it was given (``updated``), never the clock's."""

    def latest_post_date(self):
        return self.feed["updated"]


class AtomFeed(_FixedDates, Atom1Feed):
    media_type = "application/atom+xml"

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement(
            "link", "", {"rel": "self", "type": self.media_type, "href": self.feed["self_url"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class RssFeed(_FixedDates, Rss201rev2Feed):
    media_type = "application/rss+xml"

    def __init__(self, title, link, description, **kwargs):
        # Readers take RSS character data as HTML: the channel's plain texts (a topic's
        # name and description) are escaped for it, as each item's title and description are.
        super().__init__(html.escape(title, quote=False), link,
                         description and html.escape(description, quote=False), **kwargs)

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement(
            "atom:link", "", {"rel": "self", "type": self.media_type, "href": self.feed["self_url"]})

    def add_item_elements(self, handler, item):
        # RSS readers take the description, and many the title, as HTML: both plain texts are
        # escaped for it (a title such as `<a href="jav&#x09;ascript:…">` must stay text).
        description = item["description"] and html.escape(item["description"], quote=False)
        title = html.escape(item["title"], quote=False)
        super().add_item_elements(handler, {**item, "title": title, "author_name": None,
                                            "description": description})
        if item["author_name"] is not None:
            handler.addQuickElement("dc:creator", item["author_name"])
        if item["content"] is not None:
            handler.addQuickElement("content:encoded", item["content"])


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same feed, as JSON.

    ``description`` of an item is its plain-text ``summary``; ``content`` its
    ``content_html``.
    """

    media_type = "application/feed+json"
    content_type = "application/feed+json; charset=utf-8"
    version = "https://jsonfeed.org/version/1.1"

    def document(self):
        """The feed as a JSON-ready dict, keys in the spec's order."""
        feed = self.feed
        return _without_empty({
            "version": self.version,
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["self_url"],
            "description": feed["description"],
            "language": feed["language"],
            "authors": [{"name": feed["author_name"]}] if feed["author_name"] else None,
            "items": [self.item_document(item) for item in self.items],
        })

    @staticmethod
    def item_document(item):
        return _without_empty({
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["content"],
            "summary": item["description"],
            "date_published": item["pubdate"].isoformat(),
            "date_modified": (item["updateddate"] or item["pubdate"]).isoformat(),
            "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
            "tags": list(item["categories"]) or None,
        })

    def write(self, outfile, encoding):
        json.dump(self.document(), outfile, ensure_ascii=False, indent=2)
        outfile.write("\n")


def _without_empty(document):
    """``document`` without its ``None`` values (JSON Feed omits unknown fields)."""
    return {key: value for key, value in document.items() if value is not None}


@dataclass(frozen=True)
class FeedFormat:
    """One format: its name for people, its feed class, and the settings of its paths."""

    label: str
    feed_class: type
    site_setting: str
    topic_setting: str

    @property
    def media_type(self):
        return self.feed_class.media_type


#: Every format a channel is published in, in the order pages list them.
FORMATS = (
    FeedFormat("Atom", AtomFeed, "SITE_FEED_ATOM", "TOPIC_FEED_ATOM"),
    FeedFormat("RSS", RssFeed, "SITE_FEED_RSS", "TOPIC_FEED_RSS"),
    FeedFormat("JSON Feed", JsonFeed, "SITE_FEED_JSON", "TOPIC_FEED_JSON"),
)
