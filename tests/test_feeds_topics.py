"""Topic feeds end to end: every vocabulary topic's feeds hold exactly its columns, and pages link them."""

import tomllib

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from feeds_validator import check_feed
from test_feeds import SITE_FEEDS, SITEURL, entries, feed_files, parsed, publish

pytestmark = pytest.mark.skipif(not (ROOT / "plugins" / "advice_column" / "topics").is_dir(),
                                reason="needs the topics package (article.topics, topic.articles)")


#: slug -> (date, topics) of the columns the topic tests publish.
TOPIC_COLUMNS = {
    "ask-for-more": ("2024-02-01 09:00", "negotiation"),
    "raise-denied": ("2024-02-02 09:00", "salary"),
    "dental-plan": ("2024-02-03 09:00", "benefits"),
    "cut-after-raise": ("2024-02-04 09:00", "salary, layoffs"),
    "laid-off-twice": ("2024-02-05 09:00", "Layoffs"),
    "boss-ignores-me": ("2024-02-06 09:00", "managers"),
}
FORMATS = ("atom.xml", "rss.xml", "json")


def vocabulary(site):
    """``{slug: (name, parent slug or None)}`` from the site's ``topics.toml``."""
    with open(site.content / "topics.toml", "rb") as file:
        return {slug: (entry["name"], entry.get("parent")) for slug, entry in tomllib.load(file).items()}


def expected_titles(site, limit):
    """For each vocabulary topic, the titles its feeds must list: the columns tagged with
    it or one of its descendants, newest first, at most ``limit``, from the metadata above."""
    topics = vocabulary(site)
    by_name = {name.lower(): slug for slug, (name, _) in topics.items()}

    def lineage(slug):
        while slug:
            yield slug
            slug = topics[slug][1]

    expected = {slug: [] for slug in topics}
    for slug, (date, names) in sorted(TOPIC_COLUMNS.items(), key=lambda item: item[1][0], reverse=True):
        tagged = {by_name.get(name.strip().lower(), name.strip().lower()) for name in names.split(",")}
        for topic in {ancestor for own in tagged for ancestor in lineage(own)}:
            expected[topic].append(f"Column {slug}")
    return {slug: titles[:limit] for slug, titles in expected.items()}


def publish_topic_columns(site, **override):
    for slug, (date, topics) in TOPIC_COLUMNS.items():
        site.add_column(slug, title=f"Column {slug}", date=date, topics=topics)
    publish(site, **override)


def test_each_topic_feed_has_exactly_its_most_recent_columns(site):
    publish_topic_columns(site, FEED_MAX_ITEMS=3)
    expected = expected_titles(site, 3)
    assert expected["salary"] == ["Column cut-after-raise", "Column dental-plan", "Column raise-denied"]
    for slug, titles in expected.items():
        for fmt in FORMATS:
            relpath = f"feeds/topics/{slug}.{fmt}"
            assert [title for _, _, title in entries(site, relpath)] == titles, relpath


def test_topic_feeds_are_valid_and_titled_with_the_topic(site):
    publish_topic_columns(site)
    topics = vocabulary(site)
    assert set(feed_files(site.output)) == set(SITE_FEEDS) | {
        f"feeds/topics/{slug}.{fmt}" for slug in topics for fmt in FORMATS}
    for relpath in feed_files(site.output):
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
    atom = parsed(site, "feeds/topics/salary.atom.xml")
    assert atom.feed.title == f"Ask the Career Coach — {topics['salary'][0]}"
    assert atom.feed.link == f"{SITEURL}/topics/salary/"
    assert parsed(site, "feeds/topics/salary.json")["title"] == atom.feed.title
    rss = BeautifulSoup((site.output / "feeds/topics/salary.rss.xml").read_text(), "xml")
    assert rss.channel.title.text == atom.feed.title
    item = next(i for i in rss.find_all("item") if i.title.text == "Column cut-after-raise")
    assert [c.text for c in item.find_all("category")] == [topics["salary"][0], topics["layoffs"][0]]


def test_subscribe_page_links_every_topics_feeds(site):
    publish_topic_columns(site)
    hrefs = {a["href"] for a in site.page("subscribe/").select("main a")}
    for slug in vocabulary(site):
        for fmt in FORMATS:
            assert f"{SITEURL}/feeds/topics/{slug}.{fmt}" in hrefs
        assert f"{SITEURL}/topics/{slug}/" in hrefs


def test_column_and_topic_pages_link_their_topics_feeds(site):
    publish_topic_columns(site)

    def alternates(relpath):
        return {link["href"] for link in site.page(relpath).select('head link[rel="alternate"]')}

    column_links = alternates("columns/cut-after-raise/")
    for slug in ("salary", "layoffs"):
        assert {f"{SITEURL}/feeds/topics/{slug}.{fmt}" for fmt in FORMATS} <= column_links
    assert not any("/feeds/topics/managers." in href for href in column_links)
    topic_links = alternates("topics/benefits/")
    assert {f"{SITEURL}/feeds/topics/benefits.{fmt}" for fmt in FORMATS} <= topic_links
    assert {f"{SITEURL}/{relpath}" for relpath in SITE_FEEDS} <= topic_links
