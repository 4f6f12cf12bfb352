"""Withdrawn columns (`Status: withdrawn`): a notice at every address, nothing of the column anywhere
else, links and follow-ups to it turned into plain text with a warning, 410 rules for the host."""

import gzip
import json

import feedparser
from bs4 import BeautifulSoup
from conftest import PELICANCONF, PUBLISHCONF, column
from feeds_validator import check_feed

from advice_column.__main__ import main

SITEURL = "https://columns.example.net"
LETTER = "My supervisor quietly photographs the marmalade jars on my desk every Thursday."
ANSWER = "Politely ask the xylophone committee to review the jar policy before winter."
TITLE = "Marmalade surveillance at the office"


def withdrawn(**metadata):
    return column(title=TITLE, slug="gone", aliases="old-gone", topics="managers", status="withdrawn",
                  withdrawn="2026-12-01", withdrawal_note="Withdrawn at the writer's request & with <care>.",
                  body=f"Q. {LETTER}\n\n— Sticky in Seville\n\nA. {ANSWER}", **metadata)


def write_site(site):
    site.add_column("gone", text=withdrawn())
    site.add_column("earlier", title="Jars at work", date="2024-01-01 09:00", topics="managers",
                    body="Q. Are jars on my desk a problem at work?\n\nA. Not for the manager.")
    site.add_column("later", title="Managers and jars again", date="2024-06-01 09:00", topics="managers",
                    follows="gone", body="Q. I read [that letter]({filename}/columns/gone.md) and "
                    "[its old address](/columns/old-gone/), and [this one](../earlier/).\n\nA. Jars again.")


def every_text(output):
    """Every file of the output as text; Pagefind's gzip-compressed files decompressed."""
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path.relative_to(output).as_posix(), data.decode("utf-8", errors="replace")


def test_a_withdrawn_column_leaves_a_notice_at_its_address_and_each_alias(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    for address in ("columns/gone/", "columns/old-gone/"):
        page = site.page(address)
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        notice = " ".join(page.main.get_text().split())
        assert "This column was withdrawn on December 1, 2026." in notice
        assert "Withdrawn at the writer's request & with <care>." in notice  # escaped, shown as written
        assert page.main.find("time")["datetime"] == "2026-12-01"
        links = {a["href"] for a in page.main.find_all("a")}
        assert links == {f"{SITEURL}/", f"{SITEURL}/topics/"}
        assert not page.find(attrs={"data-pagefind-body": True})
        assert not page.find("script", type="application/ld+json")


def test_no_word_of_a_withdrawn_column_is_anywhere_in_the_output_search_index_included(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL, SEARCH_INDEX=True)
    assert (site.output / "pagefind").is_dir()
    texts = dict(every_text(site.output))
    assert any("Jars again" in text for path, text in texts.items() if path.startswith("pagefind/"))
    for words in (LETTER, ANSWER, TITLE, "Sticky in Seville", "marmalade", "xylophone"):
        assert [path for path, text in texts.items() if words.lower() in text.lower()] == [], words


def test_a_withdrawn_column_is_in_no_list_feed_sitemap_or_topic_page(site):
    write_site(site)
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    gone = (f"{SITEURL}/columns/gone/", f"{SITEURL}/columns/old-gone/")
    for address in ("", "archives/", "topics/managers/", "columns/earlier/", "columns/later/"):
        hrefs = [a["href"] for a in site.page(address).find_all("a")]
        assert not set(hrefs) & set(gone), address
    assert "columns/gone" not in (site.output / "sitemap.xml").read_text(encoding="utf-8")
    for relpath in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json",
                    "feeds/topics/managers.atom.xml", "feeds/topics/managers.rss.xml",
                    "feeds/topics/managers.json"):
        assert check_feed(site.output / relpath, f"{SITEURL}/{relpath}") == [], relpath
        data = (site.output / relpath).read_bytes()
        links = ([item["url"] for item in json.loads(data)["items"]] if relpath.endswith(".json")
                 else [entry.link for entry in feedparser.parse(data).entries])
        assert sorted(links) == [f"{SITEURL}/columns/earlier/", f"{SITEURL}/columns/later/"], relpath


def test_links_and_follow_ups_to_a_withdrawn_column_become_plain_text_with_a_warning(site, capfd):
    write_site(site)
    site.build(PELICANCONF)
    err = capfd.readouterr().err
    later = site.page("columns/later/")
    letter = later.find("section", id="q1")
    assert "I read that letter and its old address, and this one." in " ".join(letter.get_text().split())
    assert [a["href"] for a in letter.find_all("a")] == ["../earlier/"]
    note = " ".join(later.find(class_="follow-up-note").get_text().split())
    assert note == "This column follows up on an earlier column, withdrawn on December 1, 2026."
    for line in (
        "content/columns/later.md:5: warning: `Follows` names `gone`, which is withdrawn",
        "content/columns/later.md:7: warning: the link `{filename}/columns/gone.md` leads to a withdrawn "
        "column (`gone`): it is shown as plain text",
        "content/columns/later.md:7: warning: the link `/columns/old-gone/` leads to a withdrawn column",
    ):
        assert line in err
    assert "Columns: 2 published, 0 hidden, 0 draft, 0 scheduled, 0 failed, 1 withdrawn, 0 errors, 3 warnings" \
        in err


def check(site, capsys):
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    return status, capsys.readouterr().err.splitlines()


def test_make_check_reports_the_same_warnings_and_a_withdrawn_body_is_not_checked(site, capsys):
    write_site(site)
    site.add_column("broken", text=column(title="No letter", slug="broken", status="withdrawn",
                                          withdrawn="2026-12-02", topics="no-such-topic", follows="nowhere",
                                          rerun_of="nothing", body="Nothing left of it."))
    status, lines = check(site, capsys)
    assert status == 0
    assert [line.split(": warning: ")[0] for line in lines if ": warning: " in line] == [
        "content/columns/later.md:5", "content/columns/later.md:7", "content/columns/later.md:7"]
    assert lines[-1] == "Checked 4 columns: 0 errors, 3 warnings"


def test_make_check_reports_a_withdrawal_without_its_day_and_withdrawal_keys_without_the_status(site, capsys):
    site.add_column("no-day", status="withdrawn")
    site.add_column("bad-day", status="withdrawn", withdrawn="1 December")
    site.add_column("not-withdrawn", withdrawn="2026-12-01", withdrawal_note="Gone.")
    status, lines = check(site, capsys)
    assert status == 1
    assert lines[:-1] == [
        "content/columns/bad-day.md:5: error: `Withdrawn` is not a day: '1 December'; write the day the "
        "column was withdrawn as `YYYY-MM-DD`, e.g. `2026-12-07`",
        "content/columns/no-day.md:4: error: a withdrawn column needs the day it was withdrawn; add a line "
        "`Withdrawn: YYYY-MM-DD` under `Status: withdrawn`",
        "content/columns/not-withdrawn.md:4: error: `Withdrawn` is given but the column is not withdrawn; "
        "add `Status: withdrawn` to withdraw it, or remove the line",
        "content/columns/not-withdrawn.md:5: error: `Withdrawal-note` is given but the column is not "
        "withdrawn; add `Status: withdrawn` to withdraw it, or remove the line",
    ]


def test_the_public_build_writes_410_rules_for_every_address_and_a_local_build_none(site):
    write_site(site)
    site.build(PELICANCONF)
    assert not site.exists("_redirects")
    site.build(PUBLISHCONF, SITEURL=SITEURL)
    rules = [line.split() for line in (site.output / "_redirects").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert rules == [["/columns/gone/", "/columns/gone/index.html", "410!"],
                     ["/columns/old-gone/", "/columns/gone/index.html", "410!"]]
    notice = BeautifulSoup((site.output / "columns/gone/index.html").read_text(encoding="utf-8"), "html.parser")
    assert notice.h1.get_text() == "Column withdrawn"


def test_withdrawing_and_restoring_on_a_warm_rebuild_writes_what_a_cold_build_writes(
        site, tmp_path, capfd, monkeypatch):
    """`make html` with its content cache and page digests, against an in-process build without
    the performance layer: every page that showed the column changes, byte for byte, and the last
    page of the home page's list, one column shorter, is gone."""
    from test_performance import differences, fill, files_of, reference_build

    monkeypatch.delenv("CONTENT_CACHE_DIR", raising=False)
    fill(site)
    site.add_column("linker", title="A linking column", date="2024-06-01 09:00", topics="interviews",
                    body="Q. Is [question 5]({filename}/columns/c005.md) still right?\n\nA. Yes.")
    assert site.make("html").returncode == 0
    source = site.content / "columns" / "c005.md"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace("Topics:", "Status: withdrawn\nWithdrawn: 2026-12-01\nTopics:"),
                      encoding="utf-8")
    result = site.make("html")
    assert result.returncode == 0, result.stderr
    assert "leads to a withdrawn column" in result.stderr
    assert site.page("columns/c005/").h1.get_text() == "Column withdrawn"
    assert "question 5" in site.page("columns/linker/").find("section", id="q1").get_text()
    assert not site.page("columns/linker/").find("section", id="q1").find("a")
    expected, _ = reference_build(site, tmp_path, "withdrawn", capfd)
    assert differences(files_of(site.output), expected) == []

    source.write_text(original, encoding="utf-8")  # restored: the link comes back
    assert site.make("html").returncode == 0
    assert site.page("columns/linker/").find("section", id="q1").find("a")["href"].endswith("/columns/c005/")
    expected, _ = reference_build(site, tmp_path, "restored", capfd)
    assert differences(files_of(site.output), expected) == []
