"""Topic pages, as a reader gets them: /topics/, /topics/<slug>/ and its pages, and column pages' topics."""

import re
import tomllib
from datetime import datetime, timedelta

from conftest import PUBLISHCONF, ROOT

VOCABULARY = tomllib.loads((ROOT / "content" / "topics.toml").read_text(encoding="utf-8"))

#: Columns with their topics as an editor writes them (slugs or names, any case).
COLUMNS = {
    "thank-you-notes": ("2024-01-10 09:00", "follow-up"),
    "panel-nerves": ("2024-02-11 09:00", "Interviews, networking"),
    "two-hundred-applications": ("2024-03-12 09:00", "job-search"),
    "counter-or-not": ("2024-04-13 09:00", "NEGOTIATION, quitting"),
    "raise-after-three-years": ("2024-05-14 09:00", "salary"),
    "micromanaging-boss": ("2024-06-15 09:00", "managers, Work-life balance"),
    "laid-off-today": ("2024-07-16 09:00", "layoffs, unemployment, job-search"),
}


def descendants_and_self(slug):
    found = {slug}
    for other, entry in VOCABULARY.items():
        if entry.get("parent") == slug:
            found |= descendants_and_self(other)
    return found


def slug_of(value):
    value = value.strip().lower()
    return next(slug for slug, entry in VOCABULARY.items() if value in (slug, entry["name"].lower()))


def listed(site, relpath):
    """Slugs of the columns a topic page lists, in order, over all its pages."""
    slugs, page = [], site.page(relpath)
    while True:
        slugs += [a["href"].split("/")[-2] for a in page.select("ol.column-list h2 a")]
        following = page.select_one('nav.pagination a[rel="next"]')
        if following is None:
            return slugs
        page = site.page(following["href"].lstrip("/"))


def test_every_topic_page_lists_exactly_its_columns_and_its_childrens_newest_first(site):
    for slug, (date, topics) in COLUMNS.items():
        site.add_column(slug, title=slug.replace("-", " ").capitalize(), date=date, topics=topics)
    site.build()
    for topic in VOCABULARY:
        family = descendants_and_self(topic)
        expected = sorted((slug for slug, (_, topics) in COLUMNS.items()
                           if family & {slug_of(value) for value in topics.split(",")}),
                          key=lambda slug: COLUMNS[slug][0], reverse=True)
        assert listed(site, f"topics/{topic}/") == expected, topic
    assert set(listed(site, "topics/job-search/")) == {
        "thank-you-notes", "panel-nerves", "two-hundred-applications", "laid-off-today"}


def test_topic_index_lists_every_topic_grouped_under_parents_with_counts_and_latest(site):
    for slug, (date, topics) in COLUMNS.items():
        site.add_column(slug, date=date, topics=topics)
    site.build()
    page = site.page("topics/")
    entries = {li["id"]: li for li in page.select("main li[id]")}
    assert set(entries) == set(VOCABULARY)
    for slug, entry in VOCABULARY.items():
        item = entries[slug]
        assert item.select_one("a")["href"] == f"/topics/{slug}/"
        assert item.select_one(".topic-description").get_text(strip=True) == " ".join(
            entry["description"].split())
        parent = item.find_parent("li")
        assert (parent["id"] if parent else None) == entry.get("parent"), slug
    job_search = entries["job-search"].select_one(".topic-meta").get_text(" ", strip=True)
    assert job_search.startswith("4 columns, latest July 16, 2024")
    assert entries["follow-up"].select_one(".topic-meta time")["datetime"].startswith("2024-01-10")
    assert "No columns yet" in entries["discrimination"].select_one(".topic-meta").get_text()
    assert page.select_one('nav a[aria-current="page"]')["href"] == "/topics/"


def test_topic_pages_paginate_with_rel_links_and_page_numbers(site):
    for n in range(23):
        site.add_column(f"c{n:02d}", date=f"2024-01-{n + 1:02d} 09:00", topics="follow-up")
    site.build()
    first = site.page("topics/interviews/")
    assert site.exists("topics/interviews/page/2/index.html")
    assert site.exists("topics/interviews/page/3/index.html")
    assert not site.exists("topics/interviews/page/4/index.html")
    assert first.select_one('head link[rel="next"]')["href"] == "/topics/interviews/page/2/"
    assert first.select_one('head link[rel="prev"]') is None
    middle = site.page("topics/interviews/page/2/")
    assert middle.select_one('head link[rel="prev"]')["href"] == "/topics/interviews/"
    assert middle.select_one('head link[rel="next"]')["href"] == "/topics/interviews/page/3/"
    numbers = middle.select("nav.pagination .page-numbers a")
    assert [a.get_text() for a in numbers] == ["1", "2", "3"]
    assert [a["href"] for a in numbers] == [
        "/topics/interviews/", "/topics/interviews/page/2/", "/topics/interviews/page/3/"]
    assert middle.select_one('.page-numbers a[aria-current="page"]').get_text() == "2"
    assert listed(site, "topics/interviews/") == [f"c{n:02d}" for n in range(22, -1, -1)]


def test_long_topic_lists_first_last_and_nearby_page_numbers(site):
    for n in range(25):
        site.add_column(f"c{n:02d}", date=f"2024-01-{n + 1:02d} 09:00", topics="follow-up")
    site.build(DEFAULT_PAGINATION=2)  # 13 pages of interviews (follow-up's parent)

    def numbers(relpath):
        nav = site.page(relpath).select_one("nav.pagination .page-numbers")
        current = nav.select_one('a[aria-current="page"]').get_text()
        return current, [li.get_text(strip=True) for li in nav.select("li")]

    assert numbers("topics/interviews/") == ("1", ["1", "2", "3", "…", "13"])
    assert numbers("topics/interviews/page/5/") == ("5", ["1", "2", "3", "4", "5", "6", "7", "…", "13"])
    assert numbers("topics/interviews/page/7/") == (
        "7", ["1", "…", "5", "6", "7", "8", "9", "…", "13"])
    assert numbers("topics/interviews/page/9/") == ("9", ["1", "…", "7", "8", "9", "10", "11", "12", "13"])
    assert numbers("topics/interviews/page/13/") == ("13", ["1", "…", "11", "12", "13"])
    gap = site.page("topics/interviews/page/7/").select_one(".page-numbers .page-gap")
    assert gap["aria-hidden"] == "true" and gap.find("a") is None
    link = site.page("topics/interviews/page/7/").select(".page-numbers a")[-1]
    assert (link["href"], link["aria-label"]) == ("/topics/interviews/page/13/", "Page 13")


def test_topic_page_shows_description_date_and_excerpt_of_each_column(site):
    site.add_column("ghosted", title="Ghosted after the final round", date="2024-05-02 10:00",
                    topics="follow-up", body="""
        Q. Three weeks after my final round, nothing. Should I write again?

        A. Once, briefly, then move on.""")
    site.build()
    page = site.page("topics/follow-up/")
    assert page.h1.get_text() == "Follow-up"
    assert page.select_one(".topic-description").get_text().startswith("After the interview")
    item = page.select_one("ol.column-list li")
    assert item.h2.a.get_text() == "Ghosted after the final round"
    assert item.time["datetime"].startswith("2024-05-02T10:00")
    assert "Three weeks after my final round" in item.select_one(".excerpt").get_text()
    crumbs = [a.get_text() for a in page.select("nav.breadcrumbs a")]
    assert crumbs == ["Topics", "Job search", "Interviews"]


def test_every_vocabulary_topic_has_a_page_and_an_empty_one_says_so(site):
    site.add_column("one", topics="salary")
    site.build()
    for slug in VOCABULARY:
        assert site.exists(f"topics/{slug}/index.html"), slug
    page = site.page("topics/discrimination/")
    assert page.select_one(".topic-empty").get_text() == "No columns on this topic yet."
    assert page.select("ol.column-list li") == []


def test_only_published_columns_are_listed(site):
    future = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    site.add_column("visible", topics="salary")
    site.add_column("hidden", topics="salary", status="hidden")
    site.add_column("draft", topics="salary", status="draft")
    site.add_column("scheduled", topics="salary", date=future)
    site.build(PUBLISHCONF, SITEURL="https://example.net")
    assert listed(site, "topics/salary/") == ["visible"]
    assert "1 column," in site.page("topics/").select_one("li#salary .topic-meta").get_text()


def test_column_page_links_its_topics_in_the_order_written(site):
    site.add_column("counter", topics="quitting, Negotiation")
    site.build()
    links = site.page("columns/counter/").select("article header .topic-links a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Quitting", "/topics/quitting/"), ("Negotiation", "/topics/negotiation/")]


def test_unknown_topic_is_an_error_with_a_suggestion_and_never_a_page(site, capfd):
    site.add_column("typo", text="Title: A typo\nDate: 2024-01-01 09:00\nAsker: Me\n"
                                 "Topics: salary, intervews\n\nQ. Hi?\n\nA. Hello.\n")
    site.build()
    err = capfd.readouterr().err
    assert ("content/columns/typo.md:4: error: unknown topic 'intervews'; did you mean "
            "'interviews'?") in err
    assert not site.exists("topics/intervews")
    assert listed(site, "topics/salary/") == []


def test_a_column_with_an_unknown_topic_is_not_built_and_counted_as_failed(site):
    good = "Q. My raise was refused and my paycheck shrinks.\n\nA. Ask again in spring."
    site.add_column("good", title="Raise refused", date="2024-03-01 09:00", topics="salary", body=good)
    site.add_column("bad", title="Raise denied", date="2024-03-02 09:00", topics="salary, intervews",
                    body="Q. My raise was denied and my paycheck shrinks.\n\nA. Ask again.")
    for status in ("hidden", "draft"):
        site.add_column(f"bad-{status}", title=f"Bad {status}", status=status, topics="intervews")
    site.add_column("later", title="Later", date="2024-03-03 09:00", topics="quitting", follows="bad")
    result = site.make("html")
    assert result.returncode == 0, result.stderr
    errors = sorted(line for line in result.stderr.splitlines() if ": error: " in line)
    assert errors == sorted(f"content/columns/{slug}.md:{line}: error: unknown topic 'intervews'; did you mean "
                            "'interviews'? Use a topic's slug or name from content/topics.toml, or add the topic "
                            "there" for slug, line in (("bad", 4), ("bad-draft", 5), ("bad-hidden", 5)))
    assert "Columns: 2 published, 0 hidden, 0 draft, 0 scheduled, 3 failed, 3 errors, 0 warnings" in result.stderr
    for slug in ("bad", "bad-hidden", "bad-draft"):
        assert not site.exists(f"columns/{slug}/") and not site.exists(f"drafts/{slug}/")
    everything = "\n".join(path.read_text(encoding="utf-8") for path in site.output.rglob("*")
                           if path.suffix in (".html", ".xml", ".json", ".opml") and path.is_file())
    assert "/columns/good/" in everything
    assert not re.search(r"/columns/bad|Raise denied|Bad hidden|Bad draft", everything)
    assert listed(site, "topics/salary/") == ["good"]
    assert "/columns/good/" in (site.output / "sitemap.xml").read_text(encoding="utf-8")
    page = site.page("columns/good/")
    assert [a["href"] for a in page.select("nav.neighbours a")] == ["/columns/later/"]
    assert not page.select("aside.related")
    assert site.make("publish").returncode != 0


def test_unknown_topic_close_to_a_keyword_suggests_its_topic(site, capfd):
    site.add_column("ghost", topics="ghosted")
    site.build()
    assert "did you mean 'follow-up'?" in capfd.readouterr().err


def test_column_without_topics_is_a_warning_with_suggestions_and_fails_publish(site):
    site.add_column("no-topics", topics=None, title="Should I negotiate the offer?", body="""
        Q. The job offer came in lower than I hoped. Can I negotiate the salary without losing it?

        A. Yes: ask once, with a number.""")
    result = site.make("publish")
    assert result.returncode != 0
    warning = next(line for line in result.stderr.splitlines() if "no-topics.md" in line)
    assert warning.startswith("content/columns/no-topics.md:1: warning: the column has no topics")
    assert re.search(r"add a line such as 'Topics: negotiation, salary", warning), warning


def test_topic_pages_link_and_announce_their_feeds(site):
    site.add_column("one", topics="salary")
    site.build()
    expected = {("application/atom+xml", "/feeds/topics/negotiation.atom.xml"),
                ("application/rss+xml", "/feeds/topics/negotiation.rss.xml"),
                ("application/feed+json", "/feeds/topics/negotiation.json")}
    page = site.page("topics/negotiation/")
    alternates = {(link["type"], link["href"]) for link in page.select('head link[rel="alternate"]')}
    assert expected <= alternates
    assert {(a["type"], a["href"]) for a in page.select(".topic-feeds a")} == expected
    index = site.page("topics/").select_one("li#negotiation .topic-meta")
    assert {(a["type"], a["href"]) for a in index.select("a")} == expected
    for _, href in expected:
        assert site.exists(href.lstrip("/"))


def test_topic_urls_follow_the_settings(site):
    site.add_column("one", topics="salary")
    site.build(TOPIC_URL="subjects/{slug}.html", TOPIC_SAVE_AS="subjects/{slug}.html",
               TOPICS_URL="subjects/", TOPICS_SAVE_AS="subjects/index.html")
    assert site.exists("subjects/salary.html")
    assert site.page("subjects/").select_one("li#salary a")["href"] == "/subjects/salary.html"
    assert site.page("columns/one/").select_one(".topic-links a")["href"] == "/subjects/salary.html"
