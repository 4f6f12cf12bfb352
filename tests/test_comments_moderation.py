"""Moderation as an editor does it: `make queue` lists the pending comments per column with spam
signals, escaped; `make approve`/`make reject` (one id or several) write or remove the comment
files; the next build shows what was approved and nothing else; no e-mail address reaches the content."""

import json
from datetime import datetime, timedelta, timezone

import pytest
from bs4 import BeautifulSoup

from advice_column.receiver import storage
from hostile import PAYLOADS, assert_inert

COLUMN = "2024-03-05-boss"
START = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


class Desk:
    """A site with one column, the receiver's folder and the editorial folder."""

    def __init__(self, site):
        self.site = site
        self.submissions = site.root / "submissions"
        self.editorial = site.root / "editorial"
        site.add_column("boss", title="My boss")
        self.count = 0

    def receive(self, comment_id, body="Same here.", name="Pat", email="pat@example.com", column=COLUMN,
                **fields):
        """A comment stored as the receiver stores it."""
        self.count += 1
        now = START + timedelta(minutes=self.count)
        item = {"column": column, "parent": "", "page": "columns/boss/", "name": name, "email": email,
                "body": body, "_gotcha": "", **fields, "id": comment_id, "received": now.isoformat()}
        return storage.store(self.submissions / "comments", [item], now)

    def make(self, target, **variables):
        return self.site.make(target, SUBMISSIONS_DIR=self.submissions, EDITORIAL_DIR=self.editorial, **variables)

    def queue(self):
        result = self.make("queue")
        assert result.returncode == 0, result.stderr
        return BeautifulSoup((self.editorial / "queue.html").read_text(encoding="utf-8"), "html.parser"), result


@pytest.fixture
def desk(site):
    return Desk(site)


def test_the_queue_lists_pending_comments_per_column_with_their_signals_and_reads_no_letter(desk):
    desk.receive("a00000000001", body="Great answer, see https://spam.example and http://more.example")
    desk.receive("a00000000002", body="Buy now", _gotcha="filled")
    desk.receive("a00000000003", column="2020-01-01-nowhere")
    page, result = desk.queue()
    assert "Queue: 0 read" in result.stdout  # comments are not letters
    assert "Comments: 3 pending on 2 columns (1 spam)" in result.stdout
    section = page.select_one("section:has(> h2#comments)")
    headings = [h.get_text(" ", strip=True) for h in section.select("h3")]
    assert headings == ["My boss · 2", "Column 2020-01-01-nowhere (not published) · 1"]
    flags = {a["id"]: [f.get_text() for f in a.select(".flag")] for a in section.select("article")}
    assert flags["c-a00000000001"] == ["2 links", "first-time commenter"]
    assert flags["c-a00000000002"][0] == "spam: the hidden field was filled in"
    assert "no published column has this id" in flags["c-a00000000003"]
    assert "make approve ID=a00000000001" in section.select_one("#c-a00000000001").get_text()


def test_approving_several_writes_their_files_without_e_mail_and_the_build_shows_them(desk):
    desk.receive("a00000000001", body="First *comment*.", email="first@example.com")
    desk.receive("a00000000002", body="A reply.", parent="a00000000001", name="Sam", email="sam@example.com")
    desk.receive("a00000000003", body="Not this one.")
    result = desk.make("approve", ID="a00000000001 a00000000002")
    assert result.returncode == 0, result.stderr
    folder = desk.site.content / "comments" / COLUMN
    assert sorted(p.name for p in folder.iterdir()) == ["a00000000001.md", "a00000000002.md"]
    text = (folder / "a00000000002.md").read_text(encoding="utf-8")
    assert text == "Name: Sam\nDate: 2026-12-07 09:02:00+00:00\nParent: a00000000001\n\nA reply.\n"
    desk.site.build()
    page = desk.site.page("columns/boss/")
    assert [a["id"] for a in page.select("article.comment")] == ["comment-a00000000001", "comment-a00000000002"]
    assert page.select_one(".comment-replies #comment-a00000000002")
    for path in desk.site.output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"@example.com" not in data, path
    page, result = desk.queue()
    assert "Comments: 1 pending" in result.stdout
    assert [a["id"] for a in page.select("section:has(> h2#comments) article")] == ["c-a00000000003"]


def test_approving_twice_keeps_the_editors_edit(desk):
    desk.receive("a00000000001", body="Teh typo.")
    assert desk.make("approve", ID="a00000000001").returncode == 0
    path = desk.site.content / "comments" / COLUMN / "a00000000001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Teh", "The"), encoding="utf-8")
    result = desk.make("approve", ID="a00000000001")
    assert result.returncode == 0 and "kept as it is" in result.stdout
    assert "The typo." in path.read_text(encoding="utf-8")


def test_rejecting_keeps_it_private_and_after_approval_removes_it_from_the_next_build(desk):
    raw = desk.receive("a00000000001", body="Regret this.")
    before = raw.read_bytes()
    desk.receive("a00000000002", body="Spam.")
    assert desk.make("approve", ID="a00000000001").returncode == 0
    desk.site.build()
    assert desk.site.page("columns/boss/").select_one("#comment-a00000000001")
    result = desk.make("reject", ID="a00000000001,a00000000002")
    assert result.returncode == 0, result.stderr
    assert "removed" in result.stdout and "kept private" in result.stdout
    assert not (desk.site.content / "comments" / COLUMN / "a00000000001.md").exists()
    desk.site.build()
    assert not desk.site.page("columns/boss/").select(".comment")
    assert raw.read_bytes() == before  # the receiver's file is never changed
    decisions = json.loads((desk.editorial / "comments.json").read_text(encoding="utf-8"))["decisions"]
    assert {k: v["decision"] for k, v in decisions.items()} == {"a00000000001": "rejected",
                                                                "a00000000002": "rejected"}
    page, result = desk.queue()
    assert "Comments: 0 pending" in result.stdout


def test_an_unknown_id_is_one_line_and_nothing_is_decided(desk):
    desk.receive("a00000000001")
    result = desk.make("approve", ID="a00000000001 ffffffffffff")
    assert result.returncode != 0
    assert "error: no comment has the id ffffffffffff; copy the ids from queue.html" in result.stderr
    assert not (desk.site.content / "comments").exists() and not (desk.editorial / "comments.json").exists()
    assert "no comment id given" in desk.make("reject").stderr


def test_a_first_time_commenter_is_known_once_approved(desk):
    desk.receive("a00000000001", email="Jo@Example.com")
    assert desk.make("approve", ID="a00000000001").returncode == 0
    desk.receive("a00000000002", email="jo@example.com")
    page, _ = desk.queue()
    assert "first-time commenter" not in page.select_one("#c-a00000000002").get_text()


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_comments_are_inert_in_the_queue_and_on_the_page(desk, name):
    payload = PAYLOADS[name]
    desk.receive("a00000000001", body=payload, name=payload[:80], email=payload[:200], parent="",
                 _gotcha=payload)
    page, _ = desk.queue()
    html = (desk.editorial / "queue.html").read_text(encoding="utf-8")
    assert_inert(html, "queue.html")
    assert payload in page.select_one("#c-a00000000001 .excerpt").get_text()
    assert desk.make("approve", ID="a00000000001").returncode == 0
    desk.site.build()
    assert_inert((desk.site.output / "columns/boss/index.html").read_text(encoding="utf-8"), name)
