"""Corrections (`Corrections:`): dated, shown under the title and at the end; the column's last change for
structured data, the sitemap and feeds, whose item keeps its id."""

import json

import feedparser
from conftest import PELICANCONF, PUBLISHCONF, column
from feeds_validator import check_feed

from advice_column.__main__ import main

SITEURL = "https://columns.example.net"
FEEDS = ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json", "feeds/topics/managers.atom.xml",
         "feeds/topics/managers.rss.xml", "feeds/topics/managers.json")
CORRECTIONS = ("2024-06-01: The letter said Lyon; the writer lives in Lille.\n"
               "    2024-06-03: An earlier version named the wrong\n"
               "    law & <b>code</b>.")


def corrected(**metadata):
    return column(title="A corrected column", slug="fixed", date="2024-05-05 09:00",
                  corrections=CORRECTIONS, **metadata)


def words(element):
    return " ".join(element.get_text().split())


def test_corrections_are_shown_dated_under_the_title_and_at_the_end(site):
    site.add_column("fixed", text=corrected())
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    page = site.page("columns/fixed/")
    expected = ["Corrected June 1, 2024: The letter said Lyon; the writer lives in Lille.",
                "Corrected June 3, 2024: An earlier version named the wrong law & <b>code</b>."]
    top = page.find("header", class_="column-header").find(class_="corrections")
    end = page.find("section", id="corrections")
    assert end.find_previous_sibling("div", class_="column-body") is not None
    assert words(end.h2) == "Corrections"
    for place in (top, end):
        assert [words(li) for li in place.find_all("li")] == expected
        assert [t["datetime"] for t in place.find_all("time")] == ["2024-06-01", "2024-06-03"]
    assert not page.find("b")  # the text is shown as written, never as HTML
    assert "updated June 3, 2024" in words(page.find(class_="meta"))


def test_the_latest_correction_is_the_last_change_for_json_ld_sitemap_and_feeds_and_ids_stay(site):
    site.add_column("fixed", text=column(title="A corrected column", slug="fixed", date="2024-05-05 09:00"))
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    ids = {relpath: feed_items(site, relpath)[0][0] for relpath in FEEDS}

    site.add_column("fixed", text=corrected())
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    page = site.page("columns/fixed/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["dateModified"] == "2024-06-03T00:00:00-04:00"
    assert data["datePublished"] == "2024-05-05T09:00:00-04:00"
    assert [c["datePublished"] for c in data["correction"]] == ["2024-06-01", "2024-06-03"]
    assert page.find("meta", property="article:modified_time")["content"] == "2024-06-03T00:00:00-04:00"
    assert "<lastmod>2024-06-03T00:00:00-04:00</lastmod>" in (site.output / "sitemap.xml").read_text()
    for relpath in FEEDS:
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
        [(item_id, updated, content)] = feed_items(site, relpath)
        assert item_id == ids[relpath], relpath
        if not relpath.endswith(".rss.xml"):  # RSS has no date of change
            assert updated.startswith("2024-06-03T00:00:00"), relpath
        assert "Corrected June 3, 2024:" in content and "law &amp; &lt;b&gt;code&lt;/b&gt;" in content, relpath


def feed_items(site, relpath):
    """``(id, updated, content)`` of each item of a feed."""
    data = (site.output / relpath).read_bytes()
    if relpath.endswith(".json"):
        return [(i["id"], i["date_modified"], i["content_html"]) for i in json.loads(data)["items"]]
    entries = feedparser.parse(data).entries
    rss = relpath.endswith(".rss.xml")  # no date of change (feedparser would give the publication's)
    return [(e.id, "" if rss else e.updated, e.content[0].value) for e in entries]


def check(site, capsys):
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    return status, capsys.readouterr().err.splitlines()


def test_make_check_reports_each_malformed_correction_at_its_line(site, capsys):
    site.add_column("fixed", text=column(
        title="T", slug="fixed", date="2024-05-05 09:00",
        corrections="A correction without its day\n    2024-02-30: No such day.\n    2024-06-01:\n"
                    "    2024-05-01: Before the column."))
    status, lines = check(site, capsys)
    assert status == 1
    assert lines[:-1] == [
        "content/columns/fixed.md:4: error: `Corrections` starts without a day: 'A correction without its "
        "day'; write one correction a line, `YYYY-MM-DD: what was wrong and what is right`, further lines "
        "indented by four spaces",
        "content/columns/fixed.md:5: error: `Corrections` has '2024-02-30', which is not a day; write one "
        "correction a line, `YYYY-MM-DD: what was wrong and what is right`",
        "content/columns/fixed.md:6: error: the correction of 2024-06-01 says nothing; write one correction a "
        "line, `YYYY-MM-DD: what was wrong and what is right`",
        "content/columns/fixed.md:7: error: the correction of 2024-05-01 is dated before the column "
        "(2024-05-05); give the day the correction was made",
    ]


def test_a_correction_on_a_warm_rebuild_writes_what_a_cold_build_writes(site, tmp_path, capfd, monkeypatch):
    from test_performance import N, differences, fill, files_of, reference_build

    monkeypatch.delenv("CONTENT_CACHE_DIR", raising=False)
    fill(site)
    assert site.make("html").returncode == 0
    source = site.content / "columns" / f"c{N // 2:03d}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Topics:", "Corrections: 2026-12-01: The answer gave the wrong year.\nTopics:"), encoding="utf-8")
    assert site.make("html").returncode == 0
    assert site.page(f"columns/c{N // 2:03d}/").find("section", id="corrections")
    expected, _ = reference_build(site, tmp_path, "reference", capfd)
    assert differences(files_of(site.output), expected) == []
