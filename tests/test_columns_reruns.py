"""Reruns (`Rerun-of:`): a new column that runs an earlier letter again, linked both ways, a new feed item,
`isBasedOn` its original, and one entry with both dates on topic pages."""

import json

import feedparser
from conftest import PELICANCONF, PUBLISHCONF, column
from feeds_validator import check_feed

from advice_column.__main__ import main

SITEURL = "https://columns.example.net"


def write_site(site):
    site.add_column("original", title="My boss yells", date="2019-03-05 09:00", topics="managers",
                    body="Q. My boss yells at meetings.\n\nA. Ask to talk in private.")
    site.add_column("rerun", title="From the archive: my boss yells", date="2026-12-01 09:00", topics="managers",
                    rerun_of="original", body="This letter still comes up.\n\nQ. My boss yells at meetings.\n\n"
                    "A. Ask to talk in private.\n\nUpdate: the reader found a new job.")
    site.add_column("other", title="Meetings that never end", date="2024-01-01 09:00", topics="managers",
                    body="Q. My boss holds meetings that yell for hours.\n\nA. Suggest an agenda.")


def words(element):
    return " ".join(element.get_text().split())


def test_the_rerun_and_the_original_link_each_other_with_their_dates(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    rerun = site.page("columns/rerun/").find(class_="rerun-note")
    assert words(rerun) == "This letter first ran on March 5, 2019."
    assert rerun.a["href"] == f"{SITEURL}/columns/original/"
    original = site.page("columns/original/").find(class_="rerun-note")
    assert words(original) == "Rerun on December 1, 2026."
    assert original.a["href"] == f"{SITEURL}/columns/rerun/"


def test_the_rerun_is_based_on_the_original_and_a_new_feed_item(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    data = json.loads(site.page("columns/rerun/").find("script", type="application/ld+json").string)
    assert data["isBasedOn"] == f"{SITEURL}/columns/original/"
    for relpath in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json"):
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
    entries = feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes()).entries
    assert [e.link for e in entries] == [f"{SITEURL}/columns/{slug}/" for slug in ("rerun", "other", "original")]
    assert len({e.id for e in entries}) == 3


def test_a_topic_page_lists_the_letter_once_with_both_dates_and_never_relates_the_pair(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    listed = site.page("topics/managers/").select(".column-summary")
    assert [words(item.h2) for item in listed] == ["From the archive: my boss yells", "Meetings that never end"]
    assert words(listed[0].find(class_="meta")) == "December 1, 2026 · a rerun: first ran March 5, 2019"
    assert listed[0].find(class_="meta").a["href"] == f"{SITEURL}/columns/original/"
    for slug, other in (("rerun", "original"), ("original", "rerun")):
        related = site.page(f"columns/{slug}/").find("aside", class_="related")
        assert f"/columns/{other}/" not in [a["href"].removeprefix(SITEURL) for a in related.find_all("a")]


def check(site, capsys):
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    return status, capsys.readouterr().err.splitlines()


def test_make_check_reports_reruns_that_name_no_published_original(site, capsys):
    write_site(site)
    site.add_column("noted", title="A hard letter", content_note="suicide")
    site.add_column("draft", title="A draft", status="draft")
    site.add_column("typo", title="T", rerun_of="orignal")
    site.add_column("chain", title="T", rerun_of="rerun")
    site.add_column("of-draft", title="T", rerun_of="draft")
    site.add_column("unnoted", title="T", rerun_of="noted")
    status, lines = check(site, capsys)
    assert status == 1
    assert lines[:-1] == [
        "content/columns/chain.md:4: error: `rerun` is itself a rerun (of `original`); name the column that "
        "first ran the letter: `Rerun-of: original`",
        "content/columns/of-draft.md:4: error: `Rerun-of` names `draft`, which is draft; publish that column "
        "first, or make this one a draft too",
        "content/columns/typo.md:4: error: `Rerun-of` names no column: `orignal`; did you mean `original`?",
        "content/columns/unnoted.md:4: warning: `noted` has a content note (suicide) and its rerun none; add "
        "`Content-note: suicide` to the rerun too",
    ]


def test_a_rerun_added_on_a_warm_rebuild_writes_what_a_cold_build_writes(site, tmp_path, capfd, monkeypatch):
    """The original's page, topic pages and feeds change with the new rerun, as in a cold build."""
    from test_performance import differences, fill, files_of, reference_build

    monkeypatch.delenv("CONTENT_CACHE_DIR", raising=False)
    fill(site)
    assert site.make("html").returncode == 0
    site.add_column("rerun", title="From the archive", date="2026-12-01 09:00", topics="interviews",
                    rerun_of="c005", body="Q. A question number 5 again.\n\nA. The same answer.")
    assert site.make("html").returncode == 0
    assert "Rerun on" in site.page("columns/c005/").find(class_="rerun-note").get_text()
    expected, _ = reference_build(site, tmp_path, "reference", capfd)
    assert differences(files_of(site.output), expected) == []
