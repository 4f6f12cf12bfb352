"""Columns end to end: built into a temp dir and read back as a reader (or a feed) gets them."""

import json
import shutil

import pytest
from advice_column.columns import index
from advice_column.columns.reader import ColumnError, ColumnReader
from conftest import PUBLISHCONF, ROOT, column

SEED = ROOT / "content" / "columns" / "why-no-updates-after-job-interview.md"
SITE_URL = "https://columns.example.net"

TWO_LETTERS = column(
    title="Two letters about credit",
    topics="managers, coworkers",
    asker="Uncredited in Utah; Tired in Texas",
    submission="abc123, def456",
    body="""
    This week, two letters about credit.

    Q. My manager presents my work as hers.

    What can I do?

    A. Keep a written record:

    - what you did,
    - when you sent it.

    **Q:** A coworker does the same. Should I say something?
    — Quiet in Queens

    Answer: Yes, *kindly* and in private.
    """,
)


def problems(capsys):
    """Our one-line problems printed during the build."""
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line or ": warning: " in line]


def summary(capsys_err):
    return next(line for line in capsys_err.splitlines() if line.startswith("Columns:"))


def test_seed_column_has_one_exchange_with_letter_and_answer_in_their_regions(site):
    shutil.copy(SEED, site.content / "columns")
    site.build()
    page = site.page("columns/why-no-updates-after-job-interview/")
    (section,) = page.select("section.exchange")
    assert section["id"] == "q1"
    letter = section.select_one('.letter[role=region][aria-label="Letter 1"]')
    answer = section.select_one('.answer[role=region][aria-label="Answer 1"]')
    assert letter.p.get_text().startswith("Q. I have been out of work now for nearly four months.")
    assert "Do I long for the days of the rejection letters in the US mail?" in letter.get_text()
    assert "The job search is not tennis" not in letter.get_text()
    assert answer.p.get_text().startswith("A. The job search is not tennis.")
    assert "You have been dong this" in answer.get_text()
    assert letter.select_one(".signoff").get_text() == "— Waiting to Hear Back"
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("I have been out of work now for nearly four months.")
    assert description.endswith("…") and len(description) <= 301


def test_two_letter_column_gets_two_anchored_sections_and_its_data(site):
    site.add_column("credit", text=TWO_LETTERS.replace("Title:", "Slug: credit\nTitle:"))
    columns = site.columns()
    page = site.page("columns/credit/")
    sections = page.select("article section.exchange")
    assert [s["id"] for s in sections] == ["q1", "q2"]
    assert page.select_one("div.intro").get_text(strip=True) == "This week, two letters about credit."
    assert [s.select_one(".signoff").get_text() for s in sections] == ["— Uncredited in Utah",
                                                                    "— Quiet in Queens"]
    assert [li.get_text() for li in sections[0].select(".answer li")] == ["what you did,", "when you sent it."]
    assert sections[1].select_one(".answer em").get_text() == "kindly"
    assert "Q:" not in page.get_text() and "Answer:" not in page.get_text()

    credit = columns["credit"]
    assert [(e.number, e.anchor, e.signoff) for e in credit.exchanges] == [
        (1, "q1", "Uncredited in Utah"), (2, "q2", "Quiet in Queens")]
    assert credit.exchanges[0].letter_text == "My manager presents my work as hers. What can I do?"
    assert credit.excerpt == "My manager presents my work as hers. What can I do?"
    assert credit.topic_names == ["managers", "coworkers"]
    assert credit.submissions == ["abc123", "def456"]
    assert credit.metadata_lines == {"slug": 1, "title": 2, "date": 3, "topics": 4, "asker": 5,
                                     "submission": 6}
    assert credit.content.count('<section class="exchange"') == 2


def test_summary_wins_over_the_letter_excerpt(site):
    site.add_column("s", summary="A *short* summary & more.")
    columns = site.columns()
    assert columns["s"].excerpt == "A short summary & more."
    assert columns["s"].summary == "<p>A <em>short</em> summary &amp; more.</p>"
    page = site.page("columns/s/")
    assert page.find("meta", attrs={"name": "description"})["content"] == "A short summary & more."


def test_without_summary_pelicans_summary_is_the_escaped_excerpt(site):
    site.add_column("e", body="Q. Is 3 < 4 & 5 > 4?\n\nA. Yes.")
    assert site.columns()["e"].summary == "<p>Is 3 &lt; 4 &amp; 5 &gt; 4?</p>"


def test_hostile_metadata_is_text_everywhere(site):
    title = '<b>Bold</b> & R&amp;D “quotes” — 🙂 </script>'
    site.add_column("hostile", title=title, asker="<img src=x onerror=alert(1)> & co",
                    body="Q. Help?\n\nA. Sure.")
    site.build()
    raw = (site.output / "columns/hostile/index.html").read_text(encoding="utf-8")
    page = site.page("columns/hostile/")
    assert page.h1.get_text() == title
    assert "R&amp;amp;D" in raw and "&amp;amp;amp;" not in raw  # escaped once, not twice
    assert page.select_one(".signoff").get_text() == "— <img src=x onerror=alert(1)> & co"
    assert page.find("img") is None
    (script,) = page.find_all("script")
    assert "</script" not in script.string and "<" not in script.string
    data = json.loads(script.string)
    assert data["headline"] == title
    assert data["hasPart"][0]["author"]["name"] == "<img src=x onerror=alert(1)> & co"


def test_json_ld_describes_the_article_and_its_questions(site):
    site.add_column("credit", text=TWO_LETTERS.replace("Title:", "Slug: credit\nTitle:"))
    site.build(PUBLISHCONF, SITEURL=SITE_URL)
    data = json.loads(site.page("columns/credit/").find("script", type="application/ld+json").string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == "Two letters about credit"
    assert data["url"] == f"{SITE_URL}/columns/credit/"
    assert data["datePublished"] == "2024-03-05T09:00:00-05:00"
    assert data["dateModified"] == data["datePublished"]
    assert data["author"] == {"@type": "Person", "name": "The Career Coach"}
    assert data["about"] == ["managers", "coworkers"] or all(isinstance(a, str) for a in data["about"])
    first, second = data["hasPart"]
    assert first["@type"] == "Question" and first["url"] == f"{SITE_URL}/columns/credit/#q1"
    assert first["text"] == "My manager presents my work as hers. What can I do?"
    assert first["acceptedAnswer"]["@type"] == "Answer"
    assert first["acceptedAnswer"]["text"] == "Keep a written record: what you did, when you sent it."
    assert second["author"] == {"@type": "Person", "name": "Quiet in Queens"}


def test_follow_ups_link_both_ways(site):
    site.add_column("original", title="The original", date="2024-01-01 09:00",
                    body="Q. One?\n\nA. Yes.\n\nQ. Two?\n\nA. No.")
    site.add_column("update", title="The update", date="2024-02-01 09:00", follows="original#q2")
    columns = site.columns()
    assert columns["update"].follows is columns["original"]
    assert columns["original"].followed_by == [columns["update"]]
    assert columns["original"].follows is None
    update = site.page("columns/update/").select_one(".follow-up-note a")
    assert (update["href"], update.get_text()) == ("/columns/original/#q2", "The original")
    original = site.page("columns/original/").select_one("aside.follow-up-note a")
    assert (original["href"], original.get_text()) == ("/columns/update/", "The update")


def test_a_published_column_following_a_draft_warns_and_links_nothing(site, capsys):
    site.add_column("original", status="draft")
    site.add_column("update", follows="original")
    columns = site.columns()
    assert columns["update"].follows is None and columns["original"].followed_by == []
    assert problems(capsys) == [
        "content/columns/update.md:4: warning: `Follows` names `original`, which is a draft; publish that "
        "column first, or make this one a draft too"]


def test_a_published_column_following_a_scheduled_one_warns_and_links_nothing(site, capsys):
    site.add_column("original", date="2999-01-01 09:00")
    site.add_column("update", follows="original")
    columns = site.columns()
    assert columns["update"].follows is None
    assert problems(capsys) == [
        "content/columns/update.md:4: warning: `Follows` names `original`, which is scheduled for a later date; "
        "link to it once it is published, or schedule this one after it"]


def test_aliases_get_redirect_pages_to_the_column(site):
    site.add_column("new-slug", aliases="old-slug, older-slug")
    site.build(PUBLISHCONF, SITEURL=SITE_URL)
    for old in ("old-slug", "older-slug"):
        page = site.page(f"columns/{old}/")
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
            f"0; url={SITE_URL}/columns/new-slug/"
        assert page.find("link", rel="canonical")["href"] == f"{SITE_URL}/columns/new-slug/"
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert page.find("a", href=f"{SITE_URL}/columns/new-slug/")


def test_pages_keep_ordinary_markdown(site):
    site.write("pages/faq.md", "Title: FAQ\n\nQ. Is this a column?\n\nA. No: a page.\n\nNote: plain text.\n")
    site.add_column("one")
    site.build()
    page = site.page("faq/")
    assert page.select("section.exchange") == []
    assert "Q. Is this a column?" in page.get_text()


ERRORS = {
    "missing title": ("Date: 2024-03-05 09:00\n\nQ. Hi?\n\nA. Hello.\n",
                      "content/columns/bad.md:2: error: `Title` is missing; add a `Title:` line to the metadata "
                      "at the top"),
    "unparseable date": ("Title: T\nDate: next Tuesday\n\nQ. Hi?\n\nA. Hello.\n",
                         "content/columns/bad.md:2: error: `Date` is not a date: 'next Tuesday'; write it as "
                         "`YYYY-MM-DD HH:MM` (e.g. `2024-03-05 09:00`), optionally with an offset"),
    "missing date": ("Title: T\n\nQ. Hi?\n\nA. Hello.\n",
                     "content/columns/bad.md:2: error: `Date` is missing; add a `Date:` line to the metadata at "
                     "the top (write it as `YYYY-MM-DD HH:MM` (e.g. `2024-03-05 09:00`), optionally with an "
                     "offset)"),
    "no letter": ("Title: T\nDate: 2024-03-05 09:00\n\nDear coach, help.\n",
                  "content/columns/bad.md:4: error: no reader's letter: no paragraph starts with `Q.`; start the "
                  "reader's letter with `Q.` and the answer with `A.`, each at the start of a paragraph"),
    "no answer": ("Title: T\nDate: 2024-03-05 09:00\n\nQ. Hi?\n\nMore letter.\n",
                  "content/columns/bad.md:4: error: this reader's letter has no answer; add the answer after the "
                  "letter, starting with `A.` at the start of a paragraph"),
    "answer first": ("Title: T\nDate: 2024-03-05 09:00\n\nA. Hello.\n\nQ. Hi?\n\nA. Hello.\n",
                     "content/columns/bad.md:4: error: an answer (`A.`) comes before any reader's letter; put the "
                     "reader's letter, starting with `Q.`, before the answer"),
    "typo key": ("Title: T\nDate: 2024-03-05 09:00\nTopic: interviews\n\nQ. Hi?\n\nA. Hello.\n",
                 "content/columns/bad.md:3: error: unknown metadata key `Topic`; did you mean `Topics`? Known "
                 "keys: Title, Date, Topics, Slug, Asker, Modified, Status, Summary, Follows, Submission, Aliases, "
                 "Withdrawn, Withdrawal-note, Corrections, Content-note, Rerun-of, Letter-topics, Comments"),
    "bad status": ("Title: T\nDate: 2024-03-05 09:00\nStatus: pubished\n\nQ. Hi?\n\nA. Hello.\n",
                   "content/columns/bad.md:3: error: `Status` 'pubished' is not a status; use one of published, "
                   "draft, hidden, withdrawn"),
    "unknown follows": ("Title: T\nDate: 2024-03-05 09:00\nFollows: god\n\nQ. Hi?\n\nA. Hello.\n",
                        "content/columns/bad.md:3: error: `Follows` names no column: `god`; did you mean `good`? "
                        "(a column's slug is its `Slug:`, or the last part of its URL)"),
    "bad slug": ("Title: T\nDate: 2024-03-05 09:00\nSlug: My Column\n\nQ. Hi?\n\nA. Hello.\n",
                 "content/columns/bad.md:3: error: `Slug` 'My Column' is not a slug (usable in a URL); write it "
                 "as 'my-column'"),
    "follows a missing letter": ("Title: T\nDate: 2024-03-05 09:00\nFollows: good#q3\n\nQ. Hi?\n\nA. Hello.\n",
                                 "content/columns/bad.md:3: error: `good` has no letter 3; it has 1: use `#q1` to "
                                 "`#q1`, or the slug alone"),
    "alias of a live slug": ("Title: T\nDate: 2024-03-05 09:00\nAliases: good\n\nQ. Hi?\n\nA. Hello.\n",
                             "content/columns/bad.md:3: error: the alias `good` is the slug of "
                             "content/columns/good.md; remove it from `Aliases:`: a live URL cannot redirect"),
}


@pytest.fixture(params=["scanned one by one", "scanned in processes"])
def scan(request, monkeypatch):
    """Build options: the columns index reads every file in this process, or in two forked ones."""
    if request.param == "scanned in processes":
        monkeypatch.setattr(index, "MIN_PARALLEL", 1)
    return {"READ_PROCESSES": 2}


@pytest.mark.parametrize("text, message", ERRORS.values(), ids=ERRORS.keys())
def test_a_broken_column_is_reported_once_at_its_line_and_the_rest_is_built(site, capsys, scan, text, message):
    site.add_column("good", title="A good column")
    site.add_column("bad", text=text)
    site.build(**scan)
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if "bad.md" in line] == [message]
    assert site.exists("columns/good/index.html")
    assert not site.exists("columns/bad/index.html") and not site.exists("columns/t/index.html")
    assert summary(err).startswith("Columns: 1 published, 0 hidden, 0 draft, 0 scheduled, 1 failed, 1 error, ")


def test_duplicate_slug_names_both_files_and_the_first_keeps_it(site, capsys, scan):
    site.add_column("a-first", text=column(title="First", slug="same"))
    site.add_column("b-second", text=column(title="Second", slug="same"))
    site.build(**scan)
    err = capsys.readouterr().err
    assert "content/columns/b-second.md:3: error: the slug `same` is already the slug of " \
           "content/columns/a-first.md; give one of the two columns its own `Slug:`" in err.splitlines()
    assert site.page("columns/same/").h1.get_text() == "First"
    assert "1 failed" in summary(err)


def test_files_that_are_not_columns_are_reported(site, capsys):
    site.add_column("good")
    site.write("columns/notes.txt", "Title: T\n")
    site.write("columns/draft.markdown", column())
    site.build()
    err = capsys.readouterr().err.splitlines()
    for name in ("draft.markdown", "notes.txt"):
        assert (f"content/columns/{name}: error: not a column: only `.md` files are read as columns; rename it "
                "to end in `.md`, or move it out of the columns folder") in err
    assert not any("Could not process" in line for line in err)


def test_unknown_key_is_a_warning_and_the_column_is_built(site, capsys):
    site.add_column("one", text=column(slug="one", mood="grumpy"))
    site.build()
    assert problems(capsys) == [
        "content/columns/one.md:4: warning: `Mood` is not a column metadata key, so it is ignored; remove it, or "
        "use one of Title, Date, Topics, Slug, Asker, Modified, Status, Summary, Follows, Submission, Aliases, "
        "Withdrawn, Withdrawal-note, Corrections, Content-note, Rerun-of, Letter-topics, Comments"]
    assert site.exists("columns/one/index.html")


def test_unknown_keys_never_reach_pelican(site, capsys):
    site.add_column("one", text="Title: One\nDate: 2024-03-05 09:00\nSave_as: elsewhere/index.html\n"
                                "Template: page\nTopics: managers\n\nQ. Hi?\n\nA. Hello.\n")
    site.build()
    assert [p.split(": warning: ")[1].split(",")[0] for p in problems(capsys)] == [
        "`Save_as` is not a column metadata key", "`Template` is not a column metadata key"]
    assert not site.exists("elsewhere/index.html")
    assert site.page("columns/one/").select("section.exchange")


def test_a_file_that_is_not_utf8_is_reported_at_its_line(site, capsys):
    site.add_column("good", title="A good column")
    (site.content / "columns/latin1.md").write_bytes(
        "Title: Caf\u00e9\nDate: 2024-03-05 09:00\n\nQ. Caf\u00e9?\n\nA. Oui.\n".encode("latin-1"))
    site.build()
    assert problems(capsys) == [
        "content/columns/latin1.md:1: error: the file is not UTF-8 text; save it with the UTF-8 encoding"]
    assert site.exists("columns/good/index.html")


def test_a_file_that_is_not_utf8_is_reported_at_its_line_with_old_mac_line_ends(site, capsys):
    """Lines end at \r too, as the parser and editors count them."""
    (site.content / "columns/latin1.md").write_bytes(
        "Title: A title\rDate: 2024-03-05 09:00\r\rQ. Caf\u00e9?\r\rA. Oui.\r".encode("latin-1"))
    site.build()
    assert problems(capsys) == [
        "content/columns/latin1.md:4: error: the file is not UTF-8 text; save it with the UTF-8 encoding"]


def test_more_askers_than_letters_is_a_warning(site, capsys):
    site.add_column("one", asker="First; Second")
    site.build()
    assert problems(capsys) == [
        "content/columns/one.md:4: warning: `Asker` has 2 sign-offs for 1 letter; give one sign-off per letter, "
        "in order, separated by `;`"]
    assert site.page("columns/one/").select_one(".signoff").get_text() == "— First"


def test_links_to_other_columns_by_filename_resolve(site):
    site.add_column("original")
    site.add_column("later", body="Q. As [you wrote]({filename}/columns/original.md#q1), what now?\n\nA. Wait.")
    site.build()
    link = site.page("columns/later/").select_one(".letter a")
    assert (link["href"], link.get_text()) == ("/columns/original/#q1", "you wrote")


def test_a_pasted_script_never_reaches_the_page(site):
    site.add_column("pasted", body='Q. Hi <script>alert(1)</script><img src="x.png" alt="" onerror="alert(2)">'
                                   "\n\nA. [Click](javascript:alert(3)).")
    site.build()
    column = site.page("columns/pasted/").select_one("article")
    assert column.find("script") is None
    assert column.find("img").attrs == {"src": "x.png", "alt": ""}
    assert column.select_one(".answer a").get("href") is None


def test_a_column_broken_after_the_build_scanned_it_is_reported_and_not_built(site, capsys):
    """A build's index keeps no parse of a column: the reader reads the file again, and reports what it finds."""
    path = site.add_column("good")
    reader = ColumnReader(site.settings())
    assert reader.index.get(str(path)).parsed is None  # scanned, parse dropped
    path.write_text("Title: T\nDate: 2024-03-05 09:00\n\nDear coach, help.\n", encoding="utf-8")
    with pytest.raises(ColumnError):
        reader.read(str(path))
    assert "content/columns/good.md:4: error: no reader's letter" in capsys.readouterr().err


def test_columns_are_listed_newest_first_and_those_of_the_same_time_by_slug(site):
    for name, slug in (("1-zeta", "b-middle"), ("2-alpha", "c-last"), ("3-mu", "a-first")):
        site.write(f"columns/{name}.md", column(slug=slug, title=slug, date="2024-03-05 09:00"))
    site.add_column("newer", title="newer", date="2024-03-06 09:00")
    site.build()
    home = [a["href"] for a in site.page("").select(".column-summary h2 a")]
    assert home == ["/columns/newer/", "/columns/a-first/", "/columns/b-middle/", "/columns/c-last/"]
    sitemap = (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.index("/columns/a-first/") < sitemap.index("/columns/b-middle/") < sitemap.index("/columns/c-last/")
