"""``make draft ID=…``: one queued letter as an anonymised draft column; prints its path.

    python -m advice_column --conf pelicanconf.py draft --content content \
        --editorial editorial --id 3f9a0c2b7e11
"""

import json
from pathlib import Path

from .. import diagnostics
from ..columns import editor_note
from .anonymise import gazetteers
from .draft import compose


def add_arguments(parser):
    parser.add_argument("--content", default="content", help="the site's content folder")
    parser.add_argument("--editorial", default="editorial", help="where `make queue` wrote the queue")
    parser.add_argument("--id", default="", help="the submission's id in the queue")


def fail(path, what, todo):
    diagnostics.log(diagnostics.Problem(str(path), None, "error", what, todo))
    return 1


def drafted_from(path, submission_id):
    """Whether the column at ``path`` is the draft of submission ``submission_id``."""
    try:
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return False
    return f"\nSubmission: {submission_id}\n" in f"\n{head}\n"


def run(args, settings):
    editorial, content = Path(args.editorial), Path(args.content)
    submission_id = (args.id or "").strip()
    queue_file = editorial / "queue.json"
    if not submission_id:
        return fail(queue_file, "no submission id given", "run `make draft ID=<id>` with an id from queue.html")
    try:
        queue = json.loads(queue_file.read_text(encoding="utf-8"))
        letters = json.loads((editorial / "letters.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return fail(queue_file, f"no readable queue ({error})", "run `make queue` first")
    entry = next((item for item in queue.get("submissions", []) if item.get("id") == submission_id), None)
    if entry is None:
        return fail(queue_file, f"no submission with id {submission_id!r}",
                    "copy an id from queue.html (run `make queue` again if the folder changed)")
    if entry["status"] == "rejected" or submission_id not in letters:
        return fail(queue_file, f"submission {submission_id} was rejected ({entry.get('reason')})",
                    "only letters in the queue can become drafts")
    gazetteers.prepare(editorial)
    slug, text = compose(submission_id, entry, letters[submission_id], settings)
    folder = content / "columns"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.md"
    if path.exists() and not drafted_from(path, submission_id):
        # another letter with the same subject has the plain slug: this one gets the id's too
        slug, text = compose(submission_id, entry, letters[submission_id], settings, unique=True)
        path = folder / f"{slug}.md"
    try:
        with open(path, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        return fail(path, "a column with this name already exists; nothing was written",
                    "rename or remove that file, or edit it instead")
    if entry["status"] == "duplicate":
        print(f"Note: {submission_id} is a duplicate of {entry['duplicate_of']}")
    summary = text.split("\n", 1)[0].removeprefix(f"{editor_note.NAME}: ").split(".", 1)[0]
    print(f"Identifying details: {summary}; the draft's `{editor_note.NAME}` lists them")
    print(path)
    return 0
