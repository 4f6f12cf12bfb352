"""``/feeds/index.opml``: every feed in one OPML 2.0 subscription list.

One folder (outline) per format, each with the site's feed and every topic's,
so a reader imports the format it prefers.
"""

from io import StringIO

from feedgenerator import SimplerXMLGenerator

SPEC = "http://opml.org/spec2.opml"


class Document:
    """The OPML file as the writer renders a page: ``render(context)`` gives its XML."""

    name = "opml"

    def __init__(self, settings, base, channels):
        self.settings, self.base, self.channels = settings, base, channels

    def render(self, context):
        return document(self.settings, self.base, self.channels)


def document(settings, base, channels):
    """The OPML file's text for ``channels`` (each with its ``feeds``, one per format)."""
    out = StringIO()
    xml = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("opml", {"version": "2.0"})
    xml.startElement("head", {})
    xml.addQuickElement("title", f"{settings['SITENAME']}: every feed")
    xml.addQuickElement("ownerName", settings["AUTHOR"])
    xml.addQuickElement("docs", SPEC)
    xml.endElement("head")
    xml.startElement("body", {})
    for index, first in enumerate(channels[0].feeds):
        xml.startElement("outline", {"text": first.label, "title": first.label})
        for channel in channels:
            feed = channel.feeds[index]
            xml.addQuickElement("outline", None, {
                "type": "rss",
                "text": f"{feed.title} ({feed.label})",
                "title": f"{feed.title} ({feed.label})",
                "description": channel.description,
                "xmlUrl": feed.absolute_url,
                "htmlUrl": channel.link,
            })
        xml.endElement("outline")
    xml.endElement("body")
    xml.endElement("opml")
    return out.getvalue()
