"""Readers' comments as a reader finds them: under each published column, in date order,
replies nested one level, each with its anchor, sanitised, counted on the lists, paginated."""

import gzip
import re

import pytest

from comments_helpers import RECEIVER, add_comment
from hostile import PAYLOADS, assert_inert, assert_shows
from test_theme_pages import BUDGET_GZIP_BYTES, BUDGET_RAW_BYTES

COLUMN = "2024-03-05-boss"  # the column id: its date and first slug
URL = "columns/boss/"


def thread_site(site):
    site.add_column("boss", title="My boss", topics="managers")
    add_comment(site, COLUMN, "c1", name="Pat", date="2026-12-01 10:00", body="First *comment*.")
    add_comment(site, COLUMN, "c3", name="Sam", date="2026-12-03 10:00", body="A later comment.")
    add_comment(site, COLUMN, "c2", name=None, columnist=True, parent="c1", date="2026-12-02 10:00",
                body="The columnist answers.")
    add_comment(site, COLUMN, "c4", name="Lee", parent="c2", date="2026-12-04 10:00",
                body="> The columnist answers.\n\nA reply to a reply.")
    return site


def test_comments_are_in_date_order_with_replies_nested_one_level_and_anchored(site):
    thread_site(site).build(RECEIVER_URL=RECEIVER)
    page = site.page(URL)
    section = page.select_one("section#comments")
    top = section.select(".comment-list > li > article.comment")
    assert [a["id"] for a in top] == ["comment-c1", "comment-c3"]
    replies = section.select(".comment-list > li:first-child .comment-replies article.comment")
    assert [a["id"] for a in replies] == ["comment-c2", "comment-c4"]  # a reply to a reply joins them
    assert not section.select(".comment-replies .comment-replies")
    columnist = page.select_one("#comment-c2")
    assert "comment-columnist" in columnist["class"] and "Columnist" in columnist.get_text()
    assert columnist.select_one(".comment-name").get_text() == "The Career Coach"
    link = page.select_one("#comment-c4 .comment-meta a")
    assert link["href"] == "#comment-c4"
    assert link.time["datetime"] == "2026-12-04T10:00:00-05:00"  # a date without offset: TIMEZONE's
    assert page.select_one("#comment-c4 blockquote").get_text(strip=True) == "The columnist answers."
    assert page.select_one("#comment-c1 .comment-body em").get_text() == "comment"


def test_the_top_of_the_page_gives_the_count_and_jumps_to_the_comments(site):
    thread_site(site).build(RECEIVER_URL=RECEIVER)
    page = site.page(URL)
    jump = page.select_one(".column-header .comment-jump")
    assert jump.get_text(" ", strip=True).startswith("4 comments")
    assert jump.a["href"] == "#comments" and jump.a.get_text() == "Jump to comments"
    assert page.select_one("#comments-title").get_text() == "4 comments"


def test_one_form_posts_the_column_id_page_and_the_comment_replied_to_to_the_receiver(site):
    thread_site(site).build(RECEIVER_URL=RECEIVER)
    page = site.page(URL)
    [form] = page.select("section#comments form")
    assert form["action"] == "http://127.0.0.1:8001/comments" and form["method"] == "post"
    assert form.select_one("[name=column]")["value"] == COLUMN
    assert form.select_one("[name=page]")["value"] == URL
    for field in ("name", "body"):
        assert form.select_one(f"[name={field}]").has_attr("required")
    assert form.select_one("[name=email]")["type"] == "email"
    assert form.select_one(".honeypot [name=_gotcha]")
    for control in form.select("input:not([type=hidden]), textarea, select"):
        assert page.select_one(f"label[for={control['id']}]")
    options = [(o["value"], o.get_text()) for o in form.select("select[name=parent] option")]
    assert options == [("", "No one: a new comment"), ("c1", "Pat, December 1, 2026"), ("c3", "Sam, December 3, 2026")]
    replies = [a.find_parent("article")["id"] for a in page.select('a[href="#comment-form"]')]
    assert replies == ["comment-c1", "comment-c3"]  # a reply link under each comment, not under replies
    assert page.select_one("#comment-pending").get_text().startswith("Thank you: your comment awaits")


def test_comments_are_dated_in_the_sites_time_zone(site):
    site.add_column("boss", title="My boss")
    add_comment(site, COLUMN, "late", date="2026-12-02 02:30:00+00:00", body="Late at night, UTC.")
    site.build()
    time = site.page(URL).select_one("#comment-late time")
    assert (time["datetime"], time.get_text()) == ("2026-12-01T21:30:00-05:00", "December 1, 2026")


def test_a_slug_change_keeps_the_comments_through_the_column_id(site):
    site.add_column("boss-renamed", title="My boss", aliases="boss")
    add_comment(site, COLUMN, "c1", body="Still here.")
    site.build()
    assert site.page("columns/boss-renamed/").select_one("#comment-c1")


def test_comments_closed_shows_the_comments_without_a_form(site):
    site.add_column("boss", title="My boss", comments="closed")
    add_comment(site, COLUMN, "c1", body="Before closing.")
    site.build(RECEIVER_URL=RECEIVER)
    page = site.page(URL)
    assert page.select_one("#comment-c1") and not page.select("form.comment-form")
    assert "Comments are closed." in page.select_one("#comments").get_text()


def test_comments_off_shows_no_section_count_or_form(site):
    thread_site(site).build(RECEIVER_URL=RECEIVER, COMMENTS=False)
    for path in (URL, ""):
        page = site.page(path)
        assert not page.select("#comments, .comment-jump, .comment") and "comment" not in page.get_text().lower()


def test_a_draft_or_hidden_column_shows_no_comments(site):
    site.add_column("boss", title="My boss", status="hidden")
    site.add_column("plan", title="A plan", status="draft", date="2024-03-06 09:00")
    add_comment(site, COLUMN, "c1", body="Hidden.")
    add_comment(site, "2024-03-06-plan", "c2", body="Draft.")
    site.build(RECEIVER_URL=RECEIVER)
    for path in (URL, "drafts/plan/"):
        assert not site.page(path).select("#comments, .comment")


def test_home_and_topic_pages_show_each_columns_comment_count(site):
    thread_site(site).add_column("quiet", title="A quiet one", topics="managers", date="2024-03-06 09:00")
    site.build(RECEIVER_URL=RECEIVER)
    for path in ("", "topics/managers/"):
        counts = {a["href"]: a.get_text() for a in site.page(path).select(".column-summary .meta a")}
        assert counts == {f"/{URL}#comments": "4 comments", "/columns/quiet/#comments": "0 comments"}


def test_without_a_receiver_a_column_without_comments_shows_no_section_or_count(site):
    thread_site(site).add_column("quiet", title="A quiet one", topics="managers", date="2024-03-06 09:00")
    site.build()
    assert not site.page("columns/quiet/").select("#comments, .comment-jump")
    assert [a.get_text() for a in site.page("").select(".column-summary .meta a")] == ["4 comments"]
    assert not site.page(URL).select("form") and "closed" not in site.page(URL).select_one("#comments").get_text()


def test_deleting_a_comment_file_removes_it_from_the_next_build(site):
    thread_site(site).build()
    (site.content / "comments" / COLUMN / "c3.md").unlink()
    site.build()
    page = site.page(URL)
    assert not page.select_one("#comment-c3") and page.select_one("#comments-title").get_text() == "3 comments"


def test_a_bad_comment_file_is_one_line_naming_it_and_the_others_are_shown(site, capfd):
    thread_site(site)
    site.write(f"comments/{COLUMN}/bad.md", "Name: X\nWhen: yesterday\n\nHello\n")
    site.write(f"comments/{COLUMN}/nodate.md", "Name: X\n\nHello\n")
    site.build()
    err = capfd.readouterr().err
    assert f"content/comments/{COLUMN}/bad.md:2: error: 'When: yesterday' is not a comment field;" in err
    assert f"content/comments/{COLUMN}/nodate.md:1: error: the comment has no `Date`;" in err
    assert len(site.page(URL).select("article.comment")) == 4


def test_comment_text_is_sanitised_and_links_are_nofollow_ugc(site):
    site.add_column("boss", title="My boss")
    add_comment(site, COLUMN, "c1", name="<b>Pat</b>", body=(
        "[site](https://example.org) [js](javascript:alert(1)) [rel](/x) ![img](https://example.org/i.png)\n\n"
        "<b>bold</b> <mail@example.org>\n\n# Not a heading"))
    site.build()
    comment = site.page(URL).select_one("#comment-c1")
    links = comment.select(".comment-body a")
    assert [a.get("href") for a in links] == ["https://example.org", None, None]
    assert all(a["rel"] == ["nofollow", "ugc", "noopener"] for a in links)
    assert not comment.select("img, b, h1")
    text = comment.get_text()
    assert "<b>bold</b>" in text and "# Not a heading" in text and "![img]" in text
    assert comment.select_one(".comment-name").get_text() == "<b>Pat</b>"
    assert "mailto:" not in str(comment)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_names_and_bodies_stay_inert_on_every_page(site, name):
    payload = PAYLOADS[name]
    site.add_column("boss", title="My boss")
    add_comment(site, COLUMN, "c1", name=payload[:80], body=f"{payload}\n\n> {payload}\n\n[x]({payload})")
    site.build(RECEIVER_URL=RECEIVER)
    html = (site.output / URL / "index.html").read_text(encoding="utf-8")
    assert_inert(html, URL)
    comment = site.page(URL).select_one("#comment-c1")
    assert_shows(comment.select_one(".comment-name"), " ".join(payload[:80].split()), URL)


#: About fifty words: a reader's comment of ordinary length.
WORDS = ("My manager did the same thing last spring, and I waited three weeks before I called. When I did, the "
         "recruiter said the job was on hold. Calling was right: at least I knew where I stood, and I could stop "
         "waiting and start on the next application.")


def test_two_thousand_comments_build_in_light_pages_each_comment_on_one_page(site):
    site.add_column("boss", title="My boss")
    folder = site.content / "comments" / COLUMN
    folder.mkdir(parents=True)
    for i in range(2000):
        parent = f"Parent: n{i - i % 10:04d}\n" if i % 10 else ""
        time = f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}"
        (folder / f"n{i:04d}.md").write_text(
            f"Name: Reader {i}\nDate: 2026-01-01 {time}+00:00\n{parent}\nComment number {i}. {WORDS}\n",
            encoding="utf-8")
    site.build(RECEIVER_URL=RECEIVER)
    pages = [URL] + [f"{URL}comments/{n}/" for n in range(2, 101)]
    assert not site.exists(f"{URL}comments/101/")
    seen = []
    stylesheet = (site.output / "theme" / "css" / "site.css").read_bytes()
    for path in pages:
        raw = (site.output / path / "index.html").read_bytes()
        assert len(raw) + len(stylesheet) <= BUDGET_RAW_BYTES, path
        assert len(gzip.compress(raw)) + len(gzip.compress(stylesheet)) <= BUDGET_GZIP_BYTES, path
        page = site.page(path)
        for article in page.select("article.comment"):
            seen.append(article["id"])
            assert article.select_one(".comment-meta a")["href"] == f"#{article['id']}"
    assert sorted(seen) == [f"comment-n{i:04d}" for i in range(2000)]
    second = site.page(f"{URL}comments/2/")
    assert second.select_one("h1 a")["href"] == f"/{URL}"
    numbers = [a.get_text() for a in second.select(".comment-pages a")]
    assert numbers == ["1", "2", "3", "4", "100"]
    assert second.select_one(".comment-pages [aria-current=page]").get_text() == "2"
    assert site.page(f"{URL}comments/50/").select_one(".comment-pages").get_text(" ", strip=True).endswith(
        "1 … 48 49 50 51 52 … 100")
    assert site.page(URL).select_one("#comments-title").get_text() == "2000 comments"


def test_a_comments_value_other_than_open_or_closed_is_an_error_at_its_line(site, capfd):
    site.add_column("boss", title="My boss", comments="sometimes")
    site.build()
    assert ("content/columns/boss.md:4: error: `Comments` 'sometimes' is not `open` or `closed`; write "
            "`Comments: closed`") in capfd.readouterr().err


def test_make_check_reports_bad_comment_files_and_folders_of_no_column(site):
    thread_site(site)
    site.write(f"comments/{COLUMN}/bad.md", "Name: X\nDate: someday\n\nHello\n")
    site.write(f"comments/{COLUMN}/notes.txt", "hello\n")
    add_comment(site, "2024-03-05-bos", "typo", body="In the wrong folder.")
    result = site.make("check")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "content/comments/" in line]
    assert lines == [
        "content/comments/2024-03-05-bos: warning: no column has this id: its comments are not published; name "
        "the folder after its column's date and first slug (e.g. 2026-11-27-why-no-updates-after-job-interview)",
        f"content/comments/{COLUMN}/bad.md:2: error: `Date` is not a date: 'someday'; write it as "
        "`YYYY-MM-DD HH:MM`, optionally with seconds and an offset",
        f"content/comments/{COLUMN}/notes.txt: error: not a comment: only `.md` files are read; rename it to end "
        "in `.md`, or move it out of the comments folder",
    ]


def test_a_withdrawn_columns_comments_go_with_it(site):
    thread_site(site)
    site.build(RECEIVER_URL=RECEIVER)
    assert site.page(URL).select("article.comment")
    site.add_column("boss", title="My boss", status="withdrawn", withdrawn="2026-12-07")
    site.build(RECEIVER_URL=RECEIVER)
    notice = (site.output / URL / "index.html").read_text(encoding="utf-8")
    assert "Same" not in notice and "comment" not in notice.lower()
    for path in site.output.rglob("*.html"):
        assert "First <em>comment</em>" not in path.read_text(encoding="utf-8"), path
