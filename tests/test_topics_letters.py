"""Letters with their own topics (`Letter-topics:`): a topic page and its feeds list the letter (its own excerpt,
`…/#qN`), never the column's other letters; the JSON-LD question carries its topics; the column has them all."""

import json

import feedparser
from conftest import PELICANCONF, PUBLISHCONF, column
from feeds_validator import check_feed

from advice_column.__main__ import main

SITEURL = "https://columns.example.net"
FIRST = "Should I ask for more money at the offer stage?"
SECOND = "How do I meet people at a conference without a badge?"


def write_site(site, topics="managers"):
    site.add_column("two", text=column(
        title="Two short letters", slug="two", topics=topics, letter_topics="salary, negotiation; networking",
        body=f"Q. {FIRST}\n\nA. Yes, negotiate.\n\nQ. {SECOND}\n\nA. Ask questions."))


def words(element):
    return " ".join(element.get_text().split())


def test_a_topic_page_lists_the_letter_with_its_own_excerpt_and_address(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    for topic, number, letter, other in (("negotiation", 1, FIRST, SECOND), ("salary", 1, FIRST, SECOND),
                                         ("networking", 2, SECOND, FIRST)):
        page = site.page(f"topics/{topic}/")
        [entry] = page.select(".column-summary")
        assert entry.h2.a["href"] == f"{SITEURL}/columns/two/#q{number}", topic
        assert words(entry.find(class_="excerpt")) == letter
        assert other not in words(page.main), topic
        assert f"letter {number} of 2" in words(entry.find(class_="meta"))
    whole = site.page("topics/managers/").select(".column-summary")
    assert [entry.h2.a["href"] for entry in whole] == [f"{SITEURL}/columns/two/"]
    topics = [words(a) for a in site.page("columns/two/").find("ul", class_="topic-links").find_all("a")]
    assert topics == ["Managers", "Salary and pay", "Negotiation", "Networking"]


def test_a_topic_feed_item_points_at_the_letter_and_carries_only_it(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    for relpath in ("feeds/topics/networking.atom.xml", "feeds/topics/networking.rss.xml",
                    "feeds/topics/networking.json", "feeds/topics/salary.atom.xml", "feeds/all.atom.xml"):
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
    [entry] = feedparser.parse((site.output / "feeds/topics/networking.atom.xml").read_bytes()).entries
    assert entry.link == f"{SITEURL}/columns/two/#q2"
    assert entry.summary == SECOND
    assert SECOND in entry.content[0].value and FIRST not in entry.content[0].value
    assert [tag.term for tag in entry.tags] == ["Networking"]
    [item] = json.loads((site.output / "feeds/topics/networking.json").read_bytes())["items"]
    assert item["url"] == f"{SITEURL}/columns/two/#q2" and FIRST not in item["content_html"]
    [whole] = feedparser.parse((site.output / "feeds/all.atom.xml").read_bytes()).entries
    assert whole.link == f"{SITEURL}/columns/two/" and whole.id != entry.id


def test_each_question_of_the_json_ld_is_about_its_letters_topics(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    data = json.loads(site.page("columns/two/").find("script", type="application/ld+json").string)
    assert data["about"] == ["Managers", "Salary and pay", "Negotiation", "Networking"]
    assert [q["about"] for q in data["hasPart"]] == [["Salary and pay", "Negotiation"], ["Networking"]]


def test_letter_topics_alone_give_a_column_its_topics(site, capfd):
    write_site(site, topics=None)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    assert ": warning: " not in capfd.readouterr().err
    assert [entry.h2.a["href"] for entry in site.page("topics/salary/").select(".column-summary")] == [
        f"{SITEURL}/columns/two/#q1"]


def test_make_check_reports_unknown_letter_topics_and_a_wrong_number_of_groups(site, capsys):
    site.add_column("typo", text=column(title="T", slug="typo", letter_topics="salery",
                                        body="Q. One?\n\nA. Yes."))
    site.add_column("count", text=column(title="T", slug="count", letter_topics="salary; networking",
                                         body="Q. One?\n\nA. Yes."))
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    lines = capsys.readouterr().err.splitlines()
    assert status == 1
    assert lines[0] == ("content/columns/count.md:4: error: `Letter-topics` has 2 groups of topics for 1 letter; "
                        "give each letter its topics, in order, separated by `;` (`salary, negotiation; "
                        "references`); leave a group empty for a letter with only the column's `Topics`")
    assert lines[1].startswith("content/columns/typo.md:4: error: unknown topic 'salery'; did you mean 'salary'")


def test_letter_topics_added_on_a_warm_rebuild_write_what_a_cold_build_writes(site, tmp_path, capfd, monkeypatch):
    """Topic pages and topic feeds change with a letter's new topic, as in a cold build."""
    from test_performance import differences, fill, files_of, reference_build

    monkeypatch.delenv("CONTENT_CACHE_DIR", raising=False)
    fill(site)
    assert site.make("html").returncode == 0
    source = site.content / "columns" / "c007.md"  # two letters
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Topics:", "Content-note: job loss\nLetter-topics: ; layoffs\nTopics:"), encoding="utf-8")
    assert site.make("html").returncode == 0
    [entry] = site.page("topics/layoffs/").select(".column-summary")
    assert entry.h2.a["href"] == "/columns/c007/#q2"
    expected, _ = reference_build(site, tmp_path, "reference", capfd)
    assert differences(files_of(site.output), expected) == []
