"""What `make draft` would replace in each queued letter, counted for the queue page.

The count is the one the draft's editor's note starts with ("3 replaced, 1 to
check"): the same anonymiser runs on the same subject, text and sign-off. Counts
are kept in ``EDITORIAL_DIR/anonymiser-counts.json`` by a digest of the letter and
of the anonymiser's own source, so a later `make queue` counts only new letters
(and all of them again once the anonymiser changes).
"""

import hashlib
import json
from pathlib import Path

from .draft import anonymised
from .queue import write_json

CACHE = "anonymiser-counts.json"
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


def counts(entries, letters, editorial, progress=None):
    """``{id: (replaced, to_check)}`` for every letter in ``letters`` (id -> private letter)."""
    path = Path(editorial) / CACHE
    version = _version()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        known = kept["counts"] if kept.get("version") == version else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        known = {}
    keys = {entry["id"]: _key(entry, letters[entry["id"]]) for entry in entries if entry["id"] in letters}
    todo = [entry for entry in entries if entry["id"] in keys and keys[entry["id"]] not in known]
    for number, entry in enumerate(todo, 1):
        letter = anonymised(entry, letters[entry["id"]])
        known[keys[entry["id"]]] = [len(letter.replacements), len(letter.unsure)]
        if progress and number % 5000 == 0:
            progress(f"{number} of {len(todo)} letters searched for identifying details")
    if todo or not path.exists():
        write_json(path, {"version": version, "counts": {key: known[key] for key in keys.values()}})
    return {submission_id: tuple(known[key]) for submission_id, key in keys.items()}
