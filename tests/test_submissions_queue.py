"""`make queue` end to end: queue.json as INTERFACE.md promises, queue.html, raw files untouched."""

import hashlib
import json
import os

from bs4 import BeautifulSoup
from conftest import ROOT
from submissions_helpers import copy_fixtures

KEYS = {"id", "source", "received", "sender", "subject", "signoff", "excerpt", "topics", "status",
        "reason", "duplicate_of", "answered_by", "similar_columns"}


def make_queue(site, submissions):
    editorial = site.root / "editorial"
    result = site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=editorial)
    assert result.returncode == 0, result.stderr
    return json.loads((editorial / "queue.json").read_text(encoding="utf-8")), result


def by_file(queue, name, record=1):
    return next(s for s in queue["submissions"] if s["source"] == {"file": name, "record": record})


def test_every_fixture_record_is_accounted_for_and_the_summary_adds_up(site):
    submissions = copy_fixtures(site.root / "submissions")
    queue, result = make_queue(site, submissions)
    counts = queue["counts"]
    assert counts["read"] == len(queue["submissions"]) == (
        counts["new"] + counts["answered"] + counts["duplicate"] + counts["rejected"])
    files = {s["source"]["file"] for s in queue["submissions"]}
    assert files == {p.name for p in submissions.iterdir()}
    for item in queue["submissions"]:
        assert set(item) == KEYS
        assert (item["reason"] is not None) == (item["status"] == "rejected")
    assert f"Queue: {counts['read']} read = {counts['new']} new + " in result.stdout
    assert "letter.txt: warning: unsupported_format" in result.stderr
    assert by_file(queue, "letter.txt", None)["reason"] == "unsupported_format"
    assert by_file(queue, "truncated.json", None)["reason"] == "malformed"


def test_queue_ids_are_stable_and_rerun_gives_the_same_file_but_generated(site):
    submissions = copy_fixtures(site.root / "submissions")
    first, _ = make_queue(site, submissions)
    second, _ = make_queue(site, submissions)
    first.pop("generated"), second.pop("generated")
    assert first == second
    ids = [s["id"] for s in first["submissions"]]
    assert len(ids) == len(set(ids))


def test_raw_submissions_are_never_modified(site):
    submissions = copy_fixtures(site.root / "submissions")
    for path in submissions.iterdir():
        path.chmod(0o444)
    before = {p.name: (p.stat().st_mode, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
              for p in submissions.iterdir()}
    make_queue(site, submissions)
    after = {p.name: (p.stat().st_mode, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
             for p in submissions.iterdir()}
    assert before == after


def test_duplicate_folds_onto_the_earliest_by_its_own_timestamp(site):
    submissions = site.root / "submissions"
    submissions.mkdir()
    letter = ("I have not had a raise in three years and my manager keeps postponing the talk. "
              "How do I ask again without sounding ungrateful or desperate?")
    (submissions / "a_later.csv").write_text(
        f'question,received\n"{letter} Thanks!",2024-03-02 10:00\n', encoding="utf-8")
    (submissions / "b_earlier.csv").write_text(
        f'question,received\n"{letter}",2024-03-01 10:00\n', encoding="utf-8")
    queue, _ = make_queue(site, submissions)
    later, earlier = by_file(queue, "a_later.csv"), by_file(queue, "b_earlier.csv")
    assert earlier["status"] == "new"
    assert (later["status"], later["duplicate_of"]) == ("duplicate", earlier["id"])


def test_answered_when_a_published_column_lists_the_id_and_similar_columns_found(site):
    submissions = copy_fixtures(site.root / "submissions", "netlify.csv")
    queue, _ = make_queue(site, submissions)
    letter_id = by_file(queue, "netlify.csv")["id"]
    site.add_column("laid-off-on-leave", title="Laid off on parental leave", submission=letter_id,
                    body="Q. I was laid off while on parental leave. Is that legal?\n\nA. Talk to a lawyer.")
    site.add_column("draft-one", title="Another", status="draft", submission="ffffffffffff")
    site.add_column("unrelated", title="Office plants",
                    body="Q. Who waters the office plants?\n\nA. Make a rota.")
    queue, _ = make_queue(site, submissions)
    item = by_file(queue, "netlify.csv")
    assert (item["status"], item["answered_by"]) == ("answered", "laid-off-on-leave")
    assert item["similar_columns"] == ["laid-off-on-leave"]


def test_draft_column_does_not_answer(site):
    submissions = copy_fixtures(site.root / "submissions", "netlify.csv")
    queue, _ = make_queue(site, submissions)
    letter_id = by_file(queue, "netlify.csv")["id"]
    site.add_column("not-yet", title="Not yet", status="draft", submission=letter_id)
    queue, _ = make_queue(site, submissions)
    assert by_file(queue, "netlify.csv")["status"] == "new"


HOSTILE = {
    "question": '<script>alert("q")</script><img src=x onerror=alert(1)> '
                '<a href="javascript:alert(2)">click</a> Is my boss allowed to read my chat?',
    "signoff": '"><script>alert(3)</script>',
    "subject": "</title><script>alert(4)</script>\nStatus: published",
}


def test_queue_page_is_self_contained_and_shows_hostile_text_as_text(site):
    submissions = site.root / "submissions"
    submissions.mkdir()
    (submissions / "hostile.json").write_text(json.dumps([HOSTILE]), encoding="utf-8")
    (submissions / "hostile.eml").write_bytes(
        b"From: \"<img src=x onerror=alert(5)>\" <x@example.com>\n"
        b"Subject: =?utf-8?q?<script>alert(6)</script>=0AX-Injected=3A_yes?=\n\n"
        b"<b onmouseover=alert(7)>Bold</b> question about my <script>boss</script>.\n")
    make_queue(site, submissions)
    html = (site.root / "editorial" / "queue.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert not soup.select("[onerror], [onmouseover], img, iframe")
    assert not [a for a in soup.find_all("a") if a["href"].lower().startswith("javascript:")]
    assert not soup.find_all(["link", "object", "embed"]) and "http" not in " ".join(
        str(tag.get("src", "")) for tag in soup.find_all(src=True))
    text = soup.get_text()
    assert '<script>alert("q")</script>' in text and "onerror=alert(1)" in text
    assert "Is my boss allowed to read my chat?" in text


def test_queue_page_groups_links_duplicates_and_lists_rejections(site):
    submissions = copy_fixtures(site.root / "submissions", "inbox.mbox", "letter.txt")
    queue, _ = make_queue(site, submissions)
    soup = BeautifulSoup((site.root / "editorial" / "queue.html").read_text(encoding="utf-8"), "html.parser")
    original, copy = by_file(queue, "inbox.mbox", 1), by_file(queue, "inbox.mbox", 2)
    card = soup.find(id=f"s-{copy['id']}")
    assert card.find("a", href=f"#s-{original['id']}")
    assert soup.find(id=f"s-{original['id']}").find("a", href=f"#s-{copy['id']}")
    rejected = soup.find(id="rejected").find_parent("section").get_text(" ")
    assert "letter.txt" in rejected and "unsupported_format" in rejected and "spam" in rejected


def test_missing_submissions_folder_is_a_clear_error(site):
    result = site.make("queue", SUBMISSIONS_DIR=site.root / "nowhere", EDITORIAL_DIR=site.root / "ed")
    assert result.returncode != 0
    assert "nowhere: error: no submissions folder here; create it" in result.stderr


def test_editorial_folder_inside_content_is_refused(site):
    submissions = copy_fixtures(site.root / "submissions", "plain.eml")
    result = site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=site.content / "editorial")
    assert result.returncode != 0 and "is inside" in result.stderr
    assert not (site.content / "editorial").exists()


def test_hidden_files_are_not_submissions(site):
    submissions = copy_fixtures(site.root / "submissions", "plain.eml")
    (submissions / ".gitkeep").write_text("")
    queue, _ = make_queue(site, submissions)
    assert [s["source"]["file"] for s in queue["submissions"]] == ["plain.eml"]
    assert os.path.exists(submissions / ".gitkeep")


def test_column_links_use_siteurl_when_set(site, tmp_path):
    from advice_column.submissions.page import column_linker

    assert column_linker({"SITEURL": "https://x.example", "ARTICLE_URL": "columns/{slug}/"}, tmp_path)(
        "a") == "https://x.example/columns/a/"
    local = column_linker({"SITEURL": "", "OUTPUT_PATH": str(tmp_path / "output"),
                           "ARTICLE_SAVE_AS": "columns/{slug}/index.html"}, tmp_path / "editorial")
    assert local("a") == "../output/columns/a/index.html"


def test_a_bad_submissions_setting_is_named_with_what_is_allowed(site):
    conf = site.root / "conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
                    "SUBMISSION_FIELDS = {'questoin': 'Letter'}\nSUBMISSION_MAX_BYTES = -1\n", encoding="utf-8")
    submissions = copy_fixtures(site.root / "submissions", "plain.eml")
    result = site.make("queue", CONFFILE=conf, SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=site.root / "ed")
    assert result.returncode != 0
    assert "settings: error: SUBMISSION_FIELDS has 'questoin', which is not a role; use one of question" in result.stderr
    assert "settings: error: SUBMISSION_MAX_BYTES is -1; use a whole number of bytes above 0" in result.stderr
    assert not (site.root / "ed").exists()


def test_similar_columns_weigh_shared_words_and_suggested_topics():
    from advice_column.submissions.published import Column, SimilarColumns

    def published(slug, text, topics=()):
        return Column(slug=slug, title=slug, text=text, submissions=(), topics=tuple(topics), status="published")

    index = SimilarColumns([
        published("ghosted", "Why no updates after a job interview? The recruiter stopped answering.",
                  ["interviews", "follow-up"]),
        published("plants", "Who waters the office plants? Make a rota.", ["coworkers"]),
        Column("draft", "d", "interviews ghosted recruiter", (), ("interviews",), "draft"),
    ])
    letter = "After three interviews the company stopped answering my e-mails. Was I ghosted?"
    assert index.similar(letter, ["interviews", "follow-up"]) == ["ghosted"]
    assert index.similar(letter, []) == ["ghosted"]  # many shared words are enough alone
    assert index.similar("My cousin, a recruiter, wants me to join her band on weekends.", []) == []
    assert index.similar("Who waters the office plants in your team? Is a rota fair?", []) == ["plants"]


def test_letters_get_suggested_topics_and_are_grouped_under_their_names(site):
    submissions = copy_fixtures(site.root / "submissions", "html_only.eml", "netlify.csv")
    site.add_column("ghosted-after-interviews", title="Ghosted after three interviews", topics="Interviews",
                    body="Q. The company stopped answering after my final interview.\n\nA. Follow up once.")
    queue, _ = make_queue(site, submissions)
    ghosted = by_file(queue, "html_only.eml")
    assert ghosted["topics"][0] == "interviews"
    assert ghosted["similar_columns"] == ["ghosted-after-interviews"]
    soup = BeautifulSoup((site.root / "editorial" / "queue.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id=f"s-{ghosted['id']}").find_parent("section").h2.get_text(strip=True)
    assert heading == "Interviews"
