"""The strict feed checker catches what the W3C Feed Validation Service rejects."""

import json

import pytest
from feeds_validator import check_atom, check_json_feed, check_rss, rfc822_problem, rfc3339_problem

URL = "https://example.org/feeds/all.rss.xml"
ATOM_URL = "https://example.org/feeds/all.atom.xml"
JSON_URL = "https://example.org/feeds/all.json"


def rss(item="", channel=""):
    """A valid RSS 2.0 feed of one item, with extra XML inserted into the item or the channel."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>T</title><link>https://example.org/</link><description>D</description>
<atom:link href="{URL}" rel="self" type="application/rss+xml"/>{channel}
<item><title>One</title><link>https://example.org/one/</link>
<pubDate>Tue, 05 Mar 2024 09:00:00 -0500</pubDate>{item}</item></channel></rss>""".encode()


def atom(entry="", feed=""):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>{ATOM_URL}</id>
<updated>2024-03-05T09:00:00-05:00</updated><author><name>A</name></author>
<link href="https://example.org/" rel="alternate"/>{feed}
<entry><title>One</title><link href="https://example.org/one/" rel="alternate"/>
<updated>2024-03-05T09:00:00-05:00</updated>{entry}</entry></feed>""".encode()


GOOD_GUID = '<guid isPermaLink="false">tag:example.org,2024-03-05:one</guid>'
GOOD_ATOM_ID = "<id>tag:example.org,2024-03-05:one</id>"
GOOD_ATOM_SELF = f'<link href="{ATOM_URL}" rel="self" type="application/atom+xml"/>'


def test_valid_feeds_pass():
    assert check_rss(rss(GOOD_GUID), URL) == []
    assert check_atom(atom(GOOD_ATOM_ID, GOOD_ATOM_SELF), ATOM_URL) == []


@pytest.mark.parametrize(("item", "complaint"), [
    ("<guid>tag:example.org,2024-03-05:one</guid>", "lacks isPermaLink"),
    (GOOD_GUID + GOOD_GUID, "more than one <guid>"),
    ('<guid isPermaLink="false">tag:None:one</guid>', "not a valid URI"),
    ("", "no <guid>"),
    (GOOD_GUID + "<content:encoded>&lt;a href=\"/two/\"&gt;x&lt;/a&gt;</content:encoded>", "relative URL"),
    (GOOD_GUID + "<content:encoded>&lt;img src=\"a.png\" srcset=\"https://e.org/a.png 1x, b.png 2x\"&gt;"
     "</content:encoded>", "relative URL 'b.png'"),
    (GOOD_GUID + "<content:encoded>&lt;p onclick=\"x()\"&gt;x&lt;/p&gt;</content:encoded>", "event handler"),
    (GOOD_GUID + "<content:encoded>&lt;script&gt;x()&lt;/script&gt;</content:encoded>", "<script>"),
    (GOOD_GUID + "<description>&lt;a href=\"javascript:x()\"&gt;x&lt;/a&gt;</description>", "unsafe URL"),
    (GOOD_GUID + "<author>The Columnist</author>", "e-mail address"),
])
def test_rss_item_errors_are_caught(item, complaint):
    assert any(complaint in problem for problem in check_rss(rss(item), URL))


def test_rss_duplicate_guids_are_caught():
    feed = rss(GOOD_GUID).replace(b"</channel>", b"<item><title>Two</title><link>https://example.org/two/</link>"
                                  b"<pubDate>Tue, 05 Mar 2024 09:00:00 -0500</pubDate>" + GOOD_GUID.encode() +
                                  b"</item></channel>")
    assert any("duplicate guid" in problem for problem in check_rss(feed, URL))


def test_rss_channel_errors_are_caught():
    assert any("self link" in p for p in check_rss(rss(GOOD_GUID), "https://example.org/other.xml"))
    no_type = rss(GOOD_GUID).replace(b' type="application/rss+xml"', b"")
    assert any("self link type" in p for p in check_rss(no_type, URL))
    relative = rss(GOOD_GUID).replace(b"<link>https://example.org/</link>", b"<link>/</link>")
    assert any("not absolute" in p for p in check_rss(relative, URL))
    assert any("well-formed" in p for p in check_rss(rss(GOOD_GUID).replace(b"</rss>", b""), URL))


@pytest.mark.parametrize(("entry", "complaint"), [
    ("", "0 <id> elements"),
    ("<id>tag:None:one</id>", "not a valid URI"),
    (GOOD_ATOM_ID + "<published>2024-03-05 09:00</published>", "not an RFC 3339"),
    (GOOD_ATOM_ID + "<published>2024-03-06T09:00:00-05:00</published>", "before published"),
    (GOOD_ATOM_ID + '<content type="html">&lt;img src="/a.png"&gt;</content>', "relative URL"),
    (GOOD_ATOM_ID + '<link href="/one/" rel="alternate" type="text/html"/>', "not absolute"),
])
def test_atom_entry_errors_are_caught(entry, complaint):
    assert any(complaint in problem for problem in check_atom(atom(entry, GOOD_ATOM_SELF), ATOM_URL))


def test_atom_self_link_is_required():
    assert any("0 self links" in p for p in check_atom(atom(GOOD_ATOM_ID), ATOM_URL))


def test_json_feed_errors_are_caught():
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "T", "feed_url": JSON_URL,
            "home_page_url": "https://example.org/",
            "items": [{"id": "tag:example.org,2024-03-05:one", "content_html": "<p>x</p>",
                       "url": "https://example.org/one/", "date_published": "2024-03-05T09:00:00-05:00"}]}
    assert check_json_feed(json.dumps(good), JSON_URL) == []
    bad = {**good, "version": "https://jsonfeed.org/version/1",
           "items": [{**good["items"][0], "date_published": "2024-03-05"}, {"id": good["items"][0]["id"]}]}
    problems = check_json_feed(json.dumps(bad), "https://example.org/elsewhere.json")
    for complaint in ("version", "feed_url", "date_published", "duplicate id", "neither content_html"):
        assert any(complaint in problem for problem in problems), complaint


def test_dates_need_the_right_weekday_and_a_zone():
    assert rfc822_problem("Tue, 05 Mar 2024 09:00:00 -0500") is None
    assert "Tuesday" in rfc822_problem("Mon, 05 Mar 2024 09:00:00 -0500")
    assert rfc822_problem("Tue, 05 Mar 2024 09:00:00") is not None
    assert rfc3339_problem("2024-03-05T09:00:00-05:00") is None
    assert rfc3339_problem("2024-03-05T09:00:00") is not None
    assert rfc3339_problem("2024-02-30T09:00:00Z") is not None
