"""What `make draft` would replace in each queued letter, counted for the queue page.

The count is the one the draft's editor's note starts with ("3 replaced, 1 to
check"): the same anonymiser runs on the same subject, text and sign-off. Counts
are kept in ``EDITORIAL_DIR/anonymiser-counts.json`` by a digest of the letter and
of the anonymiser's own source, so a later `make queue` counts only new letters
(and all of them again once the anonymiser changes). Duplicates are not counted:
the page offers to draft their first copy.
"""

import hashlib
import json
import time
from pathlib import Path

from ..parallel import forked
from .anonymise import gazetteers
from .draft import anonymised
from .queue import write_json

CACHE = "anonymiser-counts.json"
#: From this many letters to count, they are counted in forked processes.
MIN_PARALLEL = 2000
_SOURCES = Path(__file__).parent / "anonymise"


def _version():
    digest = hashlib.sha256()
    for path in sorted(_SOURCES.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(entry, letter):
    parts = [entry.get("subject"), *(letter.get(name) for name in
                                     ("subject", "text", "signoff", "sender_name", "sender_email"))]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def counts(entries, letters, editorial, progress=None, processes=1):
    """``{id: (replaced, to_check)}`` for every letter in ``letters`` (id -> private letter) that the
    queue page offers to draft (not a duplicate), in ``processes`` forked processes from
    :data:`MIN_PARALLEL` letters to count."""
    started = time.perf_counter()
    path = Path(editorial) / CACHE
    version = _version()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        known = kept["counts"] if kept.get("version") == version else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        known = {}
    keys = {entry["id"]: _key(entry, letters[entry["id"]]) for entry in entries
            if entry["id"] in letters and entry["status"] != "duplicate"}
    todo = [entry for entry in entries if entry["id"] in keys and keys[entry["id"]] not in known]
    if todo:
        gazetteers.prepare(editorial)

    def count(index):
        letter = anonymised(todo[index], letters[todo[index]["id"]])
        return [len(letter.replacements), len(letter.unsure)]

    if processes > 1 and len(todo) >= MIN_PARALLEL:
        count(0)  # the word lists are loaded once, before the fork, and shared
        found = forked.run(count, len(todo), processes, chunksize=256)
    else:
        found = map(count, range(len(todo)))
    for entry, result in zip(todo, found):
        known[keys[entry["id"]]] = result
    if todo or not path.exists():
        write_json(path, {"version": version, "counts": {key: known[key] for key in keys.values()}})
    if progress:
        progress(f"identifying details counted in {len(todo)} letters ({len(keys) - len(todo)} kept from the "
                 f"last run) in {time.perf_counter() - started:.2f} s")
    return {submission_id: tuple(known[key]) for submission_id, key in keys.items()}
