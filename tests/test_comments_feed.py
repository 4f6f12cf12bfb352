"""A column's comments as an Atom feed, read as a feed reader reads it (feedparser) and held to the
strict feed checks: one entry per comment, newest first, ids that never change, no e-mail address,
hostile text inert."""

import feedparser
import pytest

from comments_helpers import RECEIVER, add_comment
from feeds_validator import check_feed
from hostile import PAYLOADS

SITEURL = "https://columns.example.com"
COLUMN = "2024-03-05-boss"
FEED = "columns/boss/comments.atom.xml"


def test_the_comments_feed_passes_the_strict_checks_and_lists_every_comment_newest_first(site):
    site.add_column("boss", title="My boss & me")
    add_comment(site, COLUMN, "c1", name="Pat", date="2026-12-01 10:00", body="See [this](https://example.org/x).")
    add_comment(site, COLUMN, "c2", name=None, columnist=True, parent="c1", date="2026-12-02 10:00", body="Thanks!")
    site.build(SITEURL=SITEURL, RECEIVER_URL=RECEIVER)
    assert check_feed(site.output / FEED, f"{SITEURL}/{FEED}") == []
    feed = feedparser.parse((site.output / FEED).read_bytes())
    assert feed.feed.title == "Comments on My boss & me"
    assert feed.feed.link == f"{SITEURL}/columns/boss/"
    assert [(e.id, e.link, e.author) for e in feed.entries] == [
        ("tag:columns.example.com,2024-03-05:boss/comment-c2", f"{SITEURL}/columns/boss/#comment-c2",
         "The Career Coach"),
        ("tag:columns.example.com,2024-03-05:boss/comment-c1", f"{SITEURL}/columns/boss/#comment-c1", "Pat"),
    ]
    assert 'href="https://example.org/x"' in feed.entries[1].content[0].value
    page = site.page("columns/boss/")
    link = page.select_one('head link[rel=alternate][type="application/atom+xml"][title^="Comments on"]')
    assert link["href"] == f"{SITEURL}/{FEED}"
    assert page.select_one(".comment-feed a")["href"] == f"{SITEURL}/{FEED}"


def test_no_feed_for_a_column_without_comments_or_when_switched_off(site):
    site.add_column("boss", title="My boss")
    site.add_column("quiet", title="Quiet", date="2024-03-06 09:00")
    add_comment(site, COLUMN, "c1")
    site.build(RECEIVER_URL=RECEIVER)
    assert site.exists(FEED) and not site.exists("columns/quiet/comments.atom.xml")
    assert not site.page("columns/quiet/").select(".comment-feed")
    site.build(RECEIVER_URL=RECEIVER, COMMENTS_FEED_ATOM="", OUTPUT_PATH=str(site.root / "off"))
    assert not (site.root / "off" / FEED).exists()


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_comments_stay_inert_in_the_feed(site, name):
    payload = PAYLOADS[name]
    site.add_column("boss", title="My boss")
    add_comment(site, COLUMN, "c1", name=payload[:80], body=f"{payload}\n\n[x]({payload})")
    site.build(SITEURL=SITEURL)
    assert check_feed(site.output / FEED, f"{SITEURL}/{FEED}") == []


def test_removing_the_last_comment_empties_its_feed_in_the_next_build(site):
    site.add_column("boss", title="My boss")
    path = add_comment(site, COLUMN, "c1", body="Take this down.")
    site.build(SITEURL=SITEURL)
    assert len(feedparser.parse((site.output / FEED).read_bytes()).entries) == 1
    path.unlink()
    site.build(SITEURL=SITEURL)
    assert check_feed(site.output / FEED, f"{SITEURL}/{FEED}") == []
    assert feedparser.parse((site.output / FEED).read_bytes()).entries == []
    assert b"Take this down" not in (site.output / FEED).read_bytes()
    assert not site.page("columns/boss/").select('.comment-feed, link[title^="Comments on"]')
