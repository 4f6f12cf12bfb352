"""Content notes (`Content-note:`): shown before the letter, and instead of the letter's excerpt wherever the
column is listed (home, topic pages, meta descriptions, structured data, feeds)."""

import json

import feedparser
from conftest import PELICANCONF, PUBLISHCONF, column
from feeds_validator import check_feed

from advice_column.__main__ import main

SITEURL = "https://columns.example.net"
LETTER = "After the layoff I keep thinking about hurting myself during the commute."
NOTE = "Content note: self-harm, job loss."


def write_site(site, **metadata):
    site.add_column("hard", text=column(title="When the layoff hurts", slug="hard", topics="layoffs",
                                        content_note="self-harm, job loss", body=f"Q. {LETTER}\n\nA. Please call "
                                        "someone today.", **metadata))
    site.add_column("easy", title="A raise at last", topics="salary", date="2024-01-01 09:00",
                    body="Q. I got a raise. Now what?\n\nA. Enjoy it.")


def words(element):
    return " ".join(element.get_text().split())


def test_the_note_comes_before_the_letter_and_stands_for_it_in_descriptions_and_structured_data(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    page = site.page("columns/hard/")
    note = page.find(class_="content-note")
    assert words(note) == NOTE
    assert note.find_next(class_="letter") is not None  # before the letter
    assert note.find_previous(class_="letter") is None
    assert page.find("meta", attrs={"name": "description"})["content"] == NOTE
    assert page.find("meta", property="og:description")["content"] == NOTE
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["description"] == NOTE
    assert LETTER in words(page.find(class_="letter"))  # the column itself is whole


def test_lists_show_the_note_and_never_the_letter(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    for address in ("", "topics/layoffs/"):
        page = site.page(address)
        listed = [words(item) for item in page.select(".column-summary")]
        assert any(NOTE in text for text in listed), address
        assert "hurting myself" not in words(page.main), address
    easy = site.page("").select(".column-summary")[-1]
    assert words(easy.find(class_="excerpt")) == "I got a raise. Now what?"


def test_feeds_summarise_with_the_note_and_open_the_content_with_it(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    for relpath in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json", "feeds/topics/layoffs.atom.xml"):
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
        data = (site.output / relpath).read_bytes()
        if relpath.endswith(".json"):
            item = next(i for i in json.loads(data)["items"] if i["url"].endswith("/hard/"))
            summary, content = item["summary"], item["content_html"]
        else:
            entry = next(e for e in feedparser.parse(data).entries if e.link.endswith("/hard/"))
            summary, content = entry.summary, entry.content[0].value
        assert summary == NOTE, relpath
        assert content.startswith('<p class="content-note"><strong>Content note:</strong> self-harm, job loss.</p>')


def test_an_empty_content_note_is_an_error_at_its_line(site, capsys):
    site.add_column("hard", text=column(title="T", slug="hard", content_note=""))
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    lines = capsys.readouterr().err.splitlines()
    assert status == 1
    assert lines[0] == ("content/columns/hard.md:4: error: `Content-note` is empty; name what the letter is about "
                        "that a reader should know before reading it, e.g. `Content-note: suicide, workplace "
                        "harassment`, or remove the line")
