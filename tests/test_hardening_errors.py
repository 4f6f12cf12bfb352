"""Hardening: every error path speaks to people as ``path:line: error: what is wrong; what to do``.

One content folder holds one broken file per kind of column error; `make check`
and the build must both name each file, the line where it is known, what is
wrong and what to do, in that one-line format. The submissions commands (queue,
draft) and `make new` are walked through their refusals the same way.
"""

import json
import re

import pytest
from conftest import PELICANCONF, column
from submissions_helpers import copy_fixtures

from advice_column.__main__ import main

#: ``path[:line]: severity: what; what to do`` (INTERFACE.md, "Commands").
PROBLEM = re.compile(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?: (?P<severity>error|warning): "
                     r"(?P<what>.+?); (?P<todo>.+)$")

GOOD = "\n\nQ. My manager never answers e-mail.\n\nA. Walk over and ask.\n"
#: file -> (its text, the line of the error, words the message must contain)
BROKEN = {
    "no-title.md": ("Date: 2024-03-05 09:00\nSlug: no-title" + GOOD, 3, "`Title` is missing"),
    "no-date.md": ("Title: No date\nSlug: no-date" + GOOD, 3, "`Date` is missing"),
    "bad-date.md": ("Title: Bad date\nDate: next Tuesday" + GOOD, 2, "`Date` is not a date"),
    "no-letter.md": ("Title: No letter\nDate: 2024-03-05 09:00\n\nJust some words.\n", 4,
                     "no reader's letter"),
    "no-answer.md": ("Title: No answer\nDate: 2024-03-05 09:00\n\nQ. Hello?\n", 4, "has no answer"),
    "answer-first.md": ("Title: Answer first\nDate: 2024-03-05 09:00\n\nA. Because.\n\nQ. Why?\n\nA. So.\n",
                        4, "comes before any reader's letter"),
    "typo-key.md": (column(title="Typo key", slug="typo-key", topic="careers"), 4, "unknown metadata key"),
    "dup-b.md": (column(title="Second", slug="dup-a"), 3, "already the slug of content/columns/dup-a.md"),
    "unknown-follows.md": (column(title="Unknown follows", slug="unknown-follows", follows="nowhere-at-all"),
                           4, "`Follows` names no column"),
    "bad-status.md": (column(title="Bad status", slug="bad-status", status="live"), 4, "is not a status"),
    "no-blank-line.md": ("Title: T\nDate: 2024-03-05 09:00\nQ. Hi?\n\nA. Hello.\n", 3,
                         "must end with a blank line"),
    "bad-slug.md": (column(title="Bad slug", slug="Not A Slug!"), 3, "is not a slug"),
    "notes.txt": ("scribbles", None, "not a column"),
}


def problems(stderr):
    """Every problem line of ``stderr`` parsed, and the lines that are neither problems nor summaries."""
    found, other = [], []
    for line in stderr.splitlines():
        match = PROBLEM.match(line)
        if match:
            found.append(match.groupdict())
        elif not line.startswith(("Checked ", "Columns: ", "Done: ", "Build failed")):
            other.append(line)
    return found, other


def assert_speaks_to_people(problem):
    assert problem["what"].strip() and problem["todo"].strip()
    assert problem["todo"] != problem["what"]
    assert len(problem["todo"].split()) >= 3, f"not a thing to do: {problem['todo']!r}"


@pytest.fixture
def broken(site):
    site.add_column("dup-a", column(title="First", slug="dup-a"))
    for name, (text, _, _) in BROKEN.items():
        site.write(f"columns/{name}", text)
    return site


@pytest.mark.parametrize("how", ["check", "build"])
def test_every_column_error_names_file_line_what_and_what_to_do(broken, capsys, how):
    if how == "check":
        status = main(["--conf", str(PELICANCONF), "check", "--content", str(broken.content)])
        assert status == 1
    else:
        broken.build()
    found, other = problems(capsys.readouterr().err)
    assert not [line for line in other if "error" in line or "warning" in line], other
    for name, (_, line, words) in BROKEN.items():
        path = f"content/columns/{name}"
        mine = [p for p in found if p["path"] == path and words in p["what"]]
        assert mine, f"{path}: no message saying {words!r} in {found}"
        assert mine[0]["severity"] == "error"
        assert mine[0]["line"] == (str(line) if line else None), (path, mine[0])
        assert_speaks_to_people(mine[0])
    for problem in found:
        assert_speaks_to_people(problem)


def test_the_build_counts_every_broken_column_as_failed(broken, capsys):
    broken.build()
    summary = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Columns: ")]
    columns = [name for name in BROKEN if name.endswith(".md")]
    assert summary and f"{len(columns)} failed" in summary[-1], summary
    assert "1 published" in summary[-1]


# --- Submissions: make queue, make draft ------------------------------------------------------------

def run(*argv):
    return main(["--conf", str(PELICANCONF), *map(str, argv)])


def test_unreadable_submission_files_are_named_with_what_and_what_to_do(site, capsys, tmp_path):
    submissions = copy_fixtures(tmp_path / "submissions", "letter.txt", "truncated.json", "no_question_column.csv",
                                "plain.eml")
    assert run("queue", "--content", site.content, "--submissions", submissions,
               "--editorial", tmp_path / "editorial") == 0
    found, _ = problems(capsys.readouterr().err)
    by_file = {p["path"].rsplit("/", 1)[-1]: p for p in found}
    assert set(by_file) == {"letter.txt", "truncated.json", "no_question_column.csv"}
    assert "unsupported_format" in by_file["letter.txt"]["what"]
    assert ".txt is not a submission format" in by_file["letter.txt"]["what"]
    for problem in by_file.values():
        assert_speaks_to_people(problem)


def test_queue_refusals_name_the_folder_and_say_what_to_do(site, capsys, tmp_path):
    assert run("queue", "--content", site.content, "--submissions", tmp_path / "nowhere",
               "--editorial", tmp_path / "editorial") == 1
    inside = site.content / "submissions"
    inside.mkdir()
    assert run("queue", "--content", site.content, "--submissions", inside,
               "--editorial", tmp_path / "editorial") == 1
    found, other = problems(capsys.readouterr().err)
    assert not other
    assert [p["path"] for p in found] == [str(tmp_path / "nowhere"), str(inside)]
    for problem in found:
        assert problem["severity"] == "error"
        assert_speaks_to_people(problem)


def test_draft_refusals_name_the_queue_or_column_file(site, capsys, tmp_path):
    editorial = tmp_path / "editorial"
    assert run("draft", "--content", site.content, "--editorial", editorial, "--id", "abc") == 1
    submissions = copy_fixtures(tmp_path / "submissions", "plain.eml", "autoreply.eml")
    assert run("queue", "--content", site.content, "--submissions", submissions, "--editorial", editorial) == 0
    queue = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["submissions"]
    letter = next(s["id"] for s in queue if s["status"] == "new")
    spam = next(s["id"] for s in queue if s["status"] == "rejected")
    err = capsys.readouterr().err.splitlines()[:1]  # the first refusal: no queue yet
    for submission_id in ("", "0000nothere", spam):
        assert run("draft", "--content", site.content, "--editorial", editorial, "--id", submission_id) == 1
    assert run("draft", "--content", site.content, "--editorial", editorial, "--id", letter) == 0
    out = capsys.readouterr()
    err += out.err.splitlines()
    written = out.out.strip().splitlines()[-1]
    before = open(written, encoding="utf-8").read()
    assert run("draft", "--content", site.content, "--editorial", editorial, "--id", letter) == 1
    assert open(written, encoding="utf-8").read() == before
    found, other = problems("\n".join(err) + "\n" + capsys.readouterr().err)
    assert not other
    assert [p["path"] for p in found] == [str(editorial / "queue.json")] * 4 + [written]
    for problem in found:
        assert_speaks_to_people(problem)


# --- make new --------------------------------------------------------------------------------------

def test_make_new_without_a_title_says_what_to_do(site, capsys):
    assert run("new", "--content", site.content, "--title", "   ") != 0
    err = capsys.readouterr().err.strip()
    [problem], _ = problems(err)
    assert problem["severity"] == "error" and "make new TITLE=" in problem["todo"]
    assert not list((site.content / "columns").glob("*.md"))


def test_make_new_never_overwrites_a_column(site, capsys):
    site.add_column("same-title", column(title="Same title", slug="same-title"))
    before = (site.content / "columns/same-title.md").read_bytes()
    assert run("new", "--content", site.content, "--title", "Same title") == 0
    assert capsys.readouterr().out.strip() == "content/columns/same-title-2.md"
    assert (site.content / "columns/same-title.md").read_bytes() == before
