"""A strict feed checker: the W3C Feed Validation Service's rules for RSS 2.0 and
Atom 1.0, and the JSON Feed 1.1 spec's required fields, as the tests need them.

feedparser is not a validator (it accepts relative links, ``tag:None`` ids,
missing self links and bad dates), and the W3C service is not installable here,
so its rules are written out: each ``check_*`` function returns the list of
problems found in one feed, empty when the feed is valid.
"""

import json
import re
from datetime import datetime
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

RFC822 = re.compile(
    r"(?P<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?P<day>\d{2}) "
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"(?P<time>\d{2}:\d{2}:\d{2}) (?P<zone>[+-]\d{4}|GMT|UT|[ECMP][SD]T)"
)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
#: RFC 4151: tag:<DNS name or e-mail>,<YYYY[-MM[-DD]]>:<specific>
TAG_URI = re.compile(
    r"tag:([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|[^@\s]+@[^@\s]+),"
    r"\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*",
    re.IGNORECASE,
)
LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")
URL_ATTRIBUTES = ("href", "src", "cite", "poster", "action")


def self_link_problems(parent, public_url, media_type, where):
    """Exactly one ``atom:link rel="self"`` under ``parent``, pointing at the feed's public URL, typed."""
    selfs = [link for link in parent.findall(f"{ATOM}link") if link.get("rel") == "self"]
    problems = [] if len(selfs) == 1 else [f"{where}: {len(selfs)} self links, not exactly one"]
    for link in selfs:
        if link.get("href") != public_url:
            problems.append(f"{where}: self link {link.get('href')!r} is not the feed's URL {public_url!r}")
        if link.get("type") != media_type:
            problems.append(f"{where}: self link type {link.get('type')!r} is not {media_type}")
    return problems


def is_absolute_url(value):
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_valid_id(value):
    """An id that is a URI: an absolute web URL or a valid ``tag:`` URI."""
    return bool(value) and (is_absolute_url(value) or bool(TAG_URI.fullmatch(value)))


def rfc822_problem(value):
    """What is wrong with an RSS date (RFC 822 as RSS 2.0 uses it), or ``None``."""
    match = RFC822.fullmatch(value or "")
    if not match:
        return f"{value!r} is not an RFC 822 date such as 'Tue, 05 Mar 2024 09:00:00 -0500'"
    try:
        date = datetime.strptime(f"{match['day']} {match['month']} {match['year']} {match['time']}",
                                 "%d %b %Y %H:%M:%S")
    except ValueError:
        return f"{value!r} is not a real date"
    if date.strftime("%a") != match["weekday"]:
        return f"{value!r}: {date:%d %b %Y} is a {date:%A}"
    return None


def rfc3339_problem(value):
    """What is wrong with an Atom/JSON Feed date (RFC 3339 with a zone), or ``None``."""
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        return f"{value!r} is not an RFC 3339 date-time with a time zone"
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"{value!r} is not a real date"
    return None


def html_problems(html, where):
    """Relative or unsafe URLs, scripts and event handlers in an item's HTML."""
    problems = []
    for element in BeautifulSoup(html or "", "html.parser").find_all(True):
        if element.name in ("script", "style", "iframe", "object", "embed", "form"):
            problems.append(f"{where}: <{element.name}> in content")
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"{where}: event handler {name}= on <{element.name}>")
            values = []
            if name in URL_ATTRIBUTES:
                values = [value]
            elif name == "srcset":
                values = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            for url in values:
                if url.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                    problems.append(f"{where}: unsafe URL {url!r} in {name}=")
                elif not (is_absolute_url(url) or url.startswith(("mailto:", "tel:"))):
                    problems.append(f"{where}: relative URL {url!r} in {name}= of <{element.name}>")
    return problems


def parse_xml(data):
    """The root element of ``data``, or the well-formedness error as a problem list."""
    try:
        return etree.fromstring(data), []
    except etree.XMLSyntaxError as error:
        return None, [f"not well-formed XML: {error}"]


def text_of(element, name):
    found = element.find(name)
    return None if found is None else (found.text or "")


def at_most_once(parent, names, where):
    return [f"{where}: more than one <{name}>" for name in names if len(parent.findall(name)) > 1]


def check_rss(data, public_url):
    """Problems in an RSS 2.0 feed whose public address is ``public_url``."""
    root, problems = parse_xml(data)
    if root is None:
        return problems
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')!r}>, not <rss version='2.0'>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} <channel> elements, not exactly one"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not (text_of(channel, name) or "").strip():
            problems.append(f"channel: missing or empty <{name}>")
    problems += at_most_once(channel, ("title", "link", "description", "language", "lastBuildDate",
                                       "pubDate"), "channel")
    if text_of(channel, "link") and not is_absolute_url(text_of(channel, "link")):
        problems.append(f"channel: <link> {text_of(channel, 'link')!r} is not absolute")
    language = text_of(channel, "language")
    if language is not None and not LANGUAGE.fullmatch(language):
        problems.append(f"channel: <language> {language!r} is not a language code")
    for name in ("lastBuildDate", "pubDate"):
        if text_of(channel, name) is not None and (problem := rfc822_problem(text_of(channel, name))):
            problems.append(f"channel <{name}>: {problem}")
    problems += self_link_problems(channel, public_url, "application/rss+xml", "channel")
    guids = set()
    for number, item in enumerate(channel.findall("item"), 1):
        where = f"item {number}"
        if not (text_of(item, "title") or text_of(item, "description")):
            problems.append(f"{where}: neither <title> nor <description>")
        problems += at_most_once(item, ("title", "link", "description", "guid", "pubDate",
                                        f"{CONTENT}encoded"), where)
        if not is_absolute_url(text_of(item, "link")):
            problems.append(f"{where}: <link> {text_of(item, 'link')!r} is not absolute")
        guid = item.find("guid")
        if guid is None:
            problems.append(f"{where}: no <guid>")
        else:
            permalink = guid.get("isPermaLink", "true")
            if permalink not in ("true", "false"):
                problems.append(f"{where}: isPermaLink={permalink!r}")
            elif permalink == "true" and not is_absolute_url(guid.text):
                problems.append(f"{where}: guid {guid.text!r} is not a URL but lacks isPermaLink=\"false\"")
            elif not is_valid_id(guid.text):
                problems.append(f"{where}: guid {guid.text!r} is not a valid URI")
            if guid.text in guids:
                problems.append(f"{where}: duplicate guid {guid.text!r}")
            guids.add(guid.text)
        if text_of(item, "pubDate") is None:
            problems.append(f"{where}: no <pubDate>")
        elif problem := rfc822_problem(text_of(item, "pubDate")):
            problems.append(f"{where} <pubDate>: {problem}")
        if "@" not in (text_of(item, "author") or "@"):
            problems.append(f"{where}: <author> must be an e-mail address (use dc:creator for a name)")
        for category in item.findall("category"):
            if not (category.text or "").strip():
                problems.append(f"{where}: empty <category>")
        problems += html_problems(text_of(item, "description"), f"{where} description")
        problems += html_problems(text_of(item, f"{CONTENT}encoded"), f"{where} content:encoded")
    return problems


def check_atom(data, public_url):
    """Problems in an Atom 1.0 feed whose public address is ``public_url``."""
    root, problems = parse_xml(data)
    if root is None:
        return problems
    if root.tag != f"{ATOM}feed":
        return [f"root is <{root.tag}>, not an Atom <feed>"]
    problems += atom_common(root, "feed")
    problems += at_most_once(root, (f"{ATOM}subtitle", f"{ATOM}rights", f"{ATOM}icon", f"{ATOM}logo"), "feed")
    problems += self_link_problems(root, public_url, "application/atom+xml", "feed")
    feed_has_author = root.find(f"{ATOM}author") is not None
    ids = set()
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        problems += atom_common(entry, where)
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no <author>, and the feed has none")
        entry_id = text_of(entry, f"{ATOM}id")
        if entry_id in ids:
            problems.append(f"{where}: duplicate id {entry_id!r}")
        ids.add(entry_id)
        published = text_of(entry, f"{ATOM}published")
        if published is not None:
            if problem := rfc3339_problem(published):
                problems.append(f"{where} <published>: {problem}")
            elif not rfc3339_problem(updated := text_of(entry, f"{ATOM}updated")) and (
                    datetime.fromisoformat(updated) < datetime.fromisoformat(published)):
                problems.append(f"{where}: updated {updated} is before published {published}")
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        if entry.find(f"{ATOM}content") is None and not alternates:
            problems.append(f"{where}: neither <content> nor an alternate link")
        for element in (entry.find(f"{ATOM}content"), entry.find(f"{ATOM}summary")):
            if element is None:
                continue
            kind = element.get("type", "text")
            if kind not in ("text", "html", "xhtml"):
                problems.append(f"{where}: <{etree.QName(element).localname}> type={kind!r}")
            if kind == "html":
                problems += html_problems(element.text, f"{where} {etree.QName(element).localname}")
    return problems


def atom_common(element, where):
    """The rules Atom applies to both <feed> and <entry>."""
    problems = []
    for name in ("id", "title", "updated"):
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} <{name}> elements, not exactly one")
    if not is_valid_id(text_of(element, f"{ATOM}id")):
        problems.append(f"{where}: <id> {text_of(element, f'{ATOM}id')!r} is not a valid URI")
    if text_of(element, f"{ATOM}updated") is not None and (
            problem := rfc3339_problem(text_of(element, f"{ATOM}updated"))):
        problems.append(f"{where} <updated>: {problem}")
    for author in element.findall(f"{ATOM}author"):
        if not (text_of(author, f"{ATOM}name") or "").strip():
            problems.append(f"{where}: <author> without <name>")
    alternates = {}
    for link in element.findall(f"{ATOM}link"):
        if not is_absolute_url(link.get("href")):
            problems.append(f"{where}: link {link.get('href')!r} is not absolute")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                problems.append(f"{where}: two alternate links of the same type and language")
            alternates[key] = link
    for category in element.findall(f"{ATOM}category"):
        if not (category.get("term") or "").strip():
            problems.append(f"{where}: <category> without term")
    return problems


def check_json_feed(data, public_url):
    """Problems in a JSON Feed 1.1 whose public address is ``public_url``."""
    try:
        feed = json.loads(data)
    except ValueError as error:
        return [f"not JSON: {error}"]
    problems = []
    if feed.get("version") != JSON_FEED_VERSION:
        problems.append(f"version {feed.get('version')!r} is not {JSON_FEED_VERSION!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("no title")
    if feed.get("feed_url") != public_url:
        problems.append(f"feed_url {feed.get('feed_url')!r} is not the feed's URL {public_url!r}")
    if not is_absolute_url(feed.get("home_page_url")):
        problems.append(f"home_page_url {feed.get('home_page_url')!r} is not absolute")
    problems += json_authors_problems(feed.get("authors"), "feed")
    if not isinstance(feed.get("items"), list):
        return problems + ["items is not a list"]
    ids = set()
    for number, item in enumerate(feed["items"], 1):
        where = f"item {number}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id missing or not a string")
        elif item["id"] in ids:
            problems.append(f"{where}: duplicate id {item['id']!r}")
        ids.add(item.get("id"))
        if not (isinstance(item.get("content_html"), str) or isinstance(item.get("content_text"), str)):
            problems.append(f"{where}: neither content_html nor content_text")
        if "url" in item and not is_absolute_url(item["url"]):
            problems.append(f"{where}: url {item['url']!r} is not absolute")
        for name in ("date_published", "date_modified"):
            if name in item and (problem := rfc3339_problem(item[name])):
                problems.append(f"{where} {name}: {problem}")
        if "tags" in item and not all(isinstance(tag, str) and tag for tag in item["tags"]):
            problems.append(f"{where}: tags must be non-empty strings")
        problems += json_authors_problems(item.get("authors"), where)
        problems += html_problems(item.get("content_html"), f"{where} content_html")
    return problems


def json_authors_problems(authors, where):
    if authors is None:
        return []
    if not isinstance(authors, list) or not all(isinstance(a, dict) and a.get("name") for a in authors):
        return [f"{where}: authors must be a list of objects with a name"]
    return []


#: The checker of each feed file, by how its name ends.
CHECKERS = {".atom.xml": check_atom, ".rss.xml": check_rss, ".json": check_json_feed}


def check_feed(path, public_url):
    """Check the feed file at ``path`` with the checker its name calls for."""
    for suffix, checker in CHECKERS.items():
        if path.name.endswith(suffix):
            return checker(path.read_bytes(), public_url)
    raise ValueError(f"{path} is not a feed this checker knows")
