"""Feeds end to end: a publish-style build, read as feed readers and the W3C rules read it."""

import json
from datetime import datetime, timedelta

import feedparser
import pytest
from advice_column.settings import SettingsError
from bs4 import BeautifulSoup
from conftest import PUBLISHCONF
from feeds_validator import check_feed

SITEURL = "https://columns.example.net"
SITE_FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json")
HOSTILE_TITLE = 'Is <b>bold</b> & "clever" 🎉 too much?'


def publish(site, **override):
    """The public build (absolute SITEURL, strict) of the site."""
    return site.build(PUBLISHCONF, SITEURL=SITEURL, **override)


def feed_files(output):
    """Every feed the build wrote, as paths relative to the site root."""
    return sorted(p.relative_to(output).as_posix() for p in (output / "feeds").rglob("*")
                  if p.is_file() and p.suffix != ".opml")


def parsed(site, relpath):
    """A feed as feed readers see it: feedparser for XML, json for JSON Feed."""
    data = (site.output / relpath).read_bytes()
    if relpath.endswith(".json"):
        return json.loads(data)
    result = feedparser.parse(data)
    assert not result.bozo, f"{relpath}: {result.get('bozo_exception')}"
    return result


def entries(site, relpath):
    """``(id, link, title)`` of each item of the feed at ``relpath``, in order."""
    feed = parsed(site, relpath)
    if relpath.endswith(".json"):
        return [(item["id"], item["url"], item["title"]) for item in feed["items"]]
    return [(entry.id, entry.link, entry.title) for entry in feed.entries]


def write_columns(site, count, **metadata):
    """``count`` columns c0…, one a day from 2024-01-01, the newest last."""
    for n in range(count):
        site.add_column(f"c{n}", title=f"Column {n}", date=f"2024-01-{n + 1:02d} 09:00", **metadata)


def test_every_feed_passes_the_strict_checks_and_feedparser(site):
    write_columns(site, 3)
    site.add_column("links", title="Links", body="""
        Q. See [the other](../c0/), [about](/about/), ![me](images/me.png) and [q2](#q2).

        A. Read <a href="https://example.com/x" onclick="steal()">this</a>.
        """)
    publish(site)
    assert set(SITE_FEEDS) <= set(feed_files(site.output))
    for relpath in feed_files(site.output):
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
        parsed(site, relpath)


def test_hostile_title_survives_exactly_in_every_format(site):
    site.add_column("hostile", title=HOSTILE_TITLE)
    publish(site)
    for relpath in SITE_FEEDS:
        [(_, _, title)] = entries(site, relpath)
        if relpath.endswith(".rss.xml"):  # readers take RSS titles as HTML: it shows as the text
            title = BeautifulSoup(title, "html.parser").get_text()
        assert title == HOSTILE_TITLE, relpath
    # Atom: a text construct, escaped once. RSS: escaped for HTML too, like the description
    # (feedparser would otherwise read the title as HTML: see tests/test_hardening_xss.py).
    atom = (site.output / SITE_FEEDS[0]).read_text(encoding="utf-8")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; \"clever\" 🎉" in atom
    assert "&amp;lt;" not in atom and "&amp;amp;" not in atom
    rss = (site.output / SITE_FEEDS[1]).read_text(encoding="utf-8")
    assert "<title>Is &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; &amp;amp; \"clever\" 🎉" in rss


def test_content_links_are_absolute_and_scripts_removed(site):
    site.add_column("links", title="Links", body="""
        Q. See [the other](../other/), [about](/about/) and [q2](#q2).

        <img src="images/me.png" srcset="images/me.png 1x, /images/me2.png 2x" alt="me">

        A. Read <a href="https://example.com/x" onclick="steal()">this</a>,
        not <a href="javascript:alert(1)">that</a>.<script>alert(2)</script>
        """)
    publish(site)
    permalink = f"{SITEURL}/columns/links/"
    # read from the XML itself: feedparser's own sanitiser would hide what the feed holds
    atom = BeautifulSoup((site.output / "feeds/all.atom.xml").read_text(), "xml").find("content").text
    rss = BeautifulSoup((site.output / "feeds/all.rss.xml").read_text(), "xml").find("content:encoded").text
    json_html = parsed(site, "feeds/all.json")["items"][0]["content_html"]
    for html in (atom, rss, json_html):
        soup = BeautifulSoup(html, "html.parser")
        hrefs = [a.get("href") for a in soup.find_all("a")]
        assert f"{SITEURL}/columns/other/" in hrefs
        assert f"{SITEURL}/about/" in hrefs
        assert f"{permalink}#q2" in hrefs
        img = soup.find("img")
        assert img["src"] == f"{permalink}images/me.png"
        assert img["srcset"] == f"{permalink}images/me.png 1x, {SITEURL}/images/me2.png 2x"
        assert not soup.find("script") and "alert" not in html
        assert not any(name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs)
        assert not any(href and href.startswith("javascript:") for href in hrefs)


def test_items_carry_dates_author_summary_and_guid(site):
    site.add_column("winter", title="Winter", date="2024-03-05 09:00", modified="2024-03-07 10:30",
                    summary="The short *version*.")
    site.add_column("summer", title="Summer", date="2024-07-04 18:15")
    publish(site)
    rss = BeautifulSoup((site.output / "feeds/all.rss.xml").read_text(), "xml")
    items = {item.title.text: item for item in rss.find_all("item")}
    assert items["Winter"].pubDate.text == "Tue, 05 Mar 2024 09:00:00 -0500"
    assert items["Summer"].pubDate.text == "Thu, 04 Jul 2024 18:15:00 -0400"
    assert items["Winter"].guid["isPermaLink"] == "false"
    assert items["Winter"].guid.text == "tag:columns.example.net,2024-03-05:winter"
    assert items["Winter"].find("dc:creator").text == "The Career Coach"
    assert rss.channel.lastBuildDate.text == "Thu, 04 Jul 2024 18:15:00 -0400"

    atom = {entry.title: entry for entry in parsed(site, "feeds/all.atom.xml").entries}
    assert atom["Winter"].published == "2024-03-05T09:00:00-05:00"
    assert atom["Winter"].updated == "2024-03-07T10:30:00-05:00"
    assert atom["Winter"].author == "The Career Coach"
    assert atom["Winter"].summary == "The short version."
    assert atom["Winter"].id == items["Winter"].guid.text

    json_items = {item["title"]: item for item in parsed(site, "feeds/all.json")["items"]}
    assert json_items["Winter"]["date_published"] == "2024-03-05T09:00:00-05:00"
    assert json_items["Winter"]["date_modified"] == "2024-03-07T10:30:00-05:00"
    assert json_items["Winter"]["summary"] == "The short version."
    assert json_items["Winter"]["authors"] == [{"name": "The Career Coach"}]


def test_feed_keeps_the_newest_feed_max_items_newest_first(site):
    write_columns(site, 5)
    publish(site, FEED_MAX_ITEMS=3)
    for relpath in SITE_FEEDS:
        titles = [title for _, _, title in entries(site, relpath)]
        assert titles == ["Column 4", "Column 3", "Column 2"], relpath


def test_drafts_hidden_and_scheduled_columns_never_appear(site):
    future = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    site.add_column("visible", title="Visible")
    site.add_column("draft", title="Draft", status="draft")
    site.add_column("hidden", title="Hidden", status="hidden")
    site.add_column("later", title="Scheduled", date=future)
    publish(site)
    for relpath in SITE_FEEDS:
        assert [title for _, _, title in entries(site, relpath)] == ["Visible"], relpath


def test_id_stays_the_same_when_the_slug_is_renamed_with_an_alias(site):
    site.add_column("old-slug", title="Renamed")
    publish(site)
    before = {relpath: entries(site, relpath) for relpath in SITE_FEEDS}
    (site.content / "columns" / "old-slug.md").unlink()
    site.add_column("new-slug", title="Renamed", aliases="old-slug")
    publish(site)
    for relpath in SITE_FEEDS:
        [(old_id, old_link, _)] = before[relpath]
        [(new_id, new_link, _)] = entries(site, relpath)
        assert new_id == old_id == "tag:columns.example.net,2024-03-05:old-slug"
        assert (old_link, new_link) == (f"{SITEURL}/columns/old-slug/", f"{SITEURL}/columns/new-slug/")


def test_two_builds_of_the_same_content_are_byte_identical(site):
    write_columns(site, 3)
    publish(site)
    first = {relpath: (site.output / relpath).read_bytes() for relpath in feed_files(site.output)}
    first["feeds/index.opml"] = (site.output / "feeds/index.opml").read_bytes()
    publish(site)
    second = {relpath: (site.output / relpath).read_bytes() for relpath in first}
    assert second == first


def test_empty_site_still_has_valid_feeds_dated_without_the_clock(site):
    publish(site)
    for relpath in SITE_FEEDS:
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
    assert parsed(site, "feeds/all.atom.xml").feed.updated == "1970-01-01T00:00:00+00:00"


def test_opml_lists_every_feed(site):
    write_columns(site, 1)
    publish(site)
    opml = BeautifulSoup((site.output / "feeds/index.opml").read_text(), "xml")
    assert opml.opml["version"] == "2.0"
    listed = [outline["xmlUrl"] for outline in opml.find_all("outline", xmlUrl=True)]
    assert sorted(listed) == sorted(f"{SITEURL}/{relpath}" for relpath in feed_files(site.output))
    assert all(outline["type"] == "rss" and outline["text"] for outline in opml.find_all("outline", xmlUrl=True))


def test_subscribe_page_links_every_feed_and_the_opml(site):
    write_columns(site, 1)
    publish(site)
    page = site.page("subscribe/")
    hrefs = {a["href"] for a in page.select("main a")}
    assert {f"{SITEURL}/{relpath}" for relpath in feed_files(site.output)} <= hrefs
    assert f"{SITEURL}/feeds/index.opml" in hrefs


def test_every_page_links_the_site_feeds_for_autodiscovery(site):
    write_columns(site, 1)
    publish(site)
    for page in site.output.rglob("*.html"):
        links = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select('head link[rel="alternate"]')
        assert {(link["type"], link["href"]) for link in links} >= {
            ("application/atom+xml", f"{SITEURL}/feeds/all.atom.xml"),
            ("application/rss+xml", f"{SITEURL}/feeds/all.rss.xml"),
            ("application/feed+json", f"{SITEURL}/feeds/all.json"),
        }, page


def test_local_build_feeds_use_the_local_address(site):
    site.add_column("one")
    site.build()
    atom = parsed(site, "feeds/all.atom.xml")
    assert atom.entries[0].link == "http://127.0.0.1:8000/columns/one/"
    assert check_feed(site.output / "feeds/all.atom.xml", "http://127.0.0.1:8000/feeds/all.atom.xml") == []
    assert site.page("").select_one('head link[type="application/atom+xml"]')["href"] == "/feeds/all.atom.xml"


def test_make_html_feeds_follow_the_port_make_serve_uses(site):
    site.add_column("one")
    result = site.make("html", PORT=8123)
    assert result.returncode == 0, result.stderr
    for path in SITE_FEEDS:
        feed = parsed(site, path)
        links = [item["url"] for item in feed["items"]] if path.endswith(".json") else [
            entry.link for entry in feed.entries]
        assert links == ["http://127.0.0.1:8123/columns/one/"], path
        assert "127.0.0.1:8000" not in (site.output / path).read_text(encoding="utf-8")
    assert check_feed(site.output / "feeds/all.atom.xml", "http://127.0.0.1:8123/feeds/all.atom.xml") == []



def test_characters_xml_cannot_carry_are_left_out(site):
    site.add_column("bell", title="Bell\x07 ringing")
    publish(site)
    for relpath in SITE_FEEDS:
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
        assert [title for _, _, title in entries(site, relpath)] == ["Bell ringing"], relpath


def test_bad_feed_settings_stop_the_build_with_a_clear_message(site, capfd):
    site.add_column("one")
    with pytest.raises(SettingsError, match="2 settings to fix"):
        publish(site, FEED_MAX_ITEMS=0, TOPIC_FEED_RSS="feeds/topics.rss.xml")
    err = capfd.readouterr().err.splitlines()
    assert "settings: error: FEED_MAX_ITEMS is 0; use a whole number of items above 0, or None for every column" in err
    assert ("settings: error: TOPIC_FEED_RSS is 'feeds/topics.rss.xml'; use text with '{slug}' so each topic "
            "gets its own file, as in 'feeds/topics/{slug}.rss.xml'") in err

