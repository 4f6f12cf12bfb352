"""`make check` and `make new`: the editors' commands for columns."""

from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import PELICANCONF, column

from advice_column.__main__ import main


def check(site, capsys):
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    return status, capsys.readouterr().err.splitlines()


def new(site, capsys, title):
    status = main(["--conf", str(PELICANCONF), "new", "--content", str(site.content), "--title", title])
    out = capsys.readouterr()
    return status, out.out.strip(), out.err


def test_check_reports_each_problem_on_one_line_and_fails_on_errors(site, capsys):
    site.add_column("good")
    site.add_column("bad", text="Title: T\nDate: 2024-03-05 09:00\nFollows: nowhere\n\nQ. Hi?\n")
    site.write("columns/notes.txt", "scribbles")
    status, lines = check(site, capsys)
    assert status == 1
    assert lines == [
        "content/columns/notes.txt: error: not a column: only `.md` files are read as columns; rename it to end "
        "in `.md`, or move it out of the columns folder",
        "content/columns/bad.md:3: error: `Follows` names no column: `nowhere`; write the slug of an existing "
        "column (a column's slug is its `Slug:`, or the last part of its URL)",
        "content/columns/bad.md:5: error: this reader's letter has no answer; add the answer after the letter, "
        "starting with `A.` at the start of a paragraph",
        "Checked 2 columns: 3 errors, 0 warnings",
    ]
    assert not site.output.exists(), "check never builds"


def test_check_passes_with_warnings_only(site, capsys):
    site.add_column("one", text=column(slug="one", mood="grumpy"))
    status, lines = check(site, capsys)
    assert status == 0
    assert lines[-1] == "Checked 1 column: 0 errors, 1 warning"
    assert lines[0].startswith(
        "content/columns/one.md:4: warning: `Mood` is not a column metadata key, so it is ignored;")


def test_check_finds_what_only_the_whole_set_shows(site, capsys):
    site.add_column("a", text=column(title="A", slug="same", aliases="old"))
    site.add_column("b", text=column(title="B", slug="same"))
    site.add_column("c", text=column(title="C", slug="c", aliases="old, same"))
    status, lines = check(site, capsys)
    assert status == 1
    assert lines[:-1] == [
        "content/columns/b.md:3: error: the slug `same` is already the slug of content/columns/a.md; give one "
        "of the two columns its own `Slug:`",
        "content/columns/c.md:4: error: the alias `old` is already an alias of content/columns/a.md; keep the "
        "alias on only one column",
        "content/columns/c.md:4: error: the alias `same` is the slug of content/columns/a.md; remove it from "
        "`Aliases:`: a live URL cannot redirect",
    ]


def test_make_check_runs_from_the_makefile(site):
    site.add_column("one", text="Title: One\nDate: 2024-03-05 09:00\n\nA. Hello.\n")
    result = site.make("check")
    assert result.returncode != 0
    assert "content/columns/one.md:4: error: an answer (`A.`) comes before any reader's letter" in result.stderr
    assert "Checked 1 column: 1 error, 0 warnings" in result.stderr


def test_new_writes_a_draft_skeleton_that_builds_and_prints_its_path(site, capsys):
    status, path, _ = new(site, capsys, "  “Fired” by e-mail & <b>ghosted</b> 🙂  ")
    assert (status, path) == (0, "content/columns/fired-by-e-mail-ghosted.md")
    text = (site.root / path).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "Title: “Fired” by e-mail & <b>ghosted</b> 🙂"
    written = datetime.strptime(lines[1], "Date: %Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("America/New_York"))
    assert abs((datetime.now(ZoneInfo("UTC")) - written).total_seconds()) < 600
    assert lines[2:6] == ["Slug: fired-by-e-mail-ghosted", "Status: draft", "Topics:", "Asker:"]
    columns = site.columns()
    draft = columns["fired-by-e-mail-ghosted"]
    assert draft.status == "draft" and len(draft.exchanges) == 1
    assert site.page("drafts/fired-by-e-mail-ghosted/").h1.get_text() == "“Fired” by e-mail & <b>ghosted</b> 🙂"


def test_new_never_overwrites_and_finds_a_free_slug(site, capsys):
    site.add_column("taken", text=column(title="Other", slug="my-question"))
    site.add_column("moved", text=column(title="Moved", slug="moved", aliases="my-question-2"))
    before = (site.content / "columns/taken.md").read_text()
    status, path, _ = new(site, capsys, "My question")
    assert (status, path) == (0, "content/columns/my-question-3.md")
    status, path, _ = new(site, capsys, "My question")
    assert (status, path) == (0, "content/columns/my-question-4.md")
    assert (site.content / "columns/taken.md").read_text() == before


def test_new_keeps_a_multi_line_title_on_one_line(site, capsys):
    status, path, _ = new(site, capsys, "Hello\nStatus: published")
    text = (site.root / path).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Title: Hello Status: published"
    assert text.count("Status:") == 2 and "Status: draft" in text


def test_new_without_a_title_says_how(site, capsys):
    status, path, err = new(site, capsys, "  ")
    assert status == 2 and path == ""
    assert 'make new TITLE="' in err


def test_make_new_runs_from_the_makefile(site):
    result = site.make("new", TITLE="Can I ask for a raise?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("content/columns/can-i-ask-for-a-raise.md")
    assert (site.content / "columns/can-i-ask-for-a-raise.md").exists()
