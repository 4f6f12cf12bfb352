"""The anonymiser of `make draft`, measured: recall and precision on labelled letters, and its cost.

    python -m bench.anonymiser                         quality, drafts, and make queue at 10,000
    python -m bench.anonymiser --queue-size 2000 --output /tmp/b.md

Quality is measured on ``tests/data/identifying_letters.toml`` (see its header):
*recall* is the share of labelled identifying spans wholly replaced (a title such
as ``Dr.`` may stay), *precision* the share of replacements that overlap a labelled
span. The letters marked ``heldout`` were never tuned on, and are reported apart.
Also counted: replacements in the 100 topic letters of ``tests/data``, which name
nobody (each one is a false alarm).

Cost: `make draft`'s command on single letters, and `make queue`'s command at
``--queue-size`` submissions with the per-letter count computed (its cache
emptied; three runs) and kept from the previous run, against the seconds the
count step took in the same run (`make queue` reports them).
`make bench` runs it too; the results go between their own markers in BENCHMARKS.md.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from . import report, submissions
from .report import progress, table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LABELS = ("people", "orgs", "places", "contacts")
NAMES = ("people", "orgs", "places")
_TITLE = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Mx|Prof|Professor)\.?\s+")
PLUGINS = ROOT / "plugins"
if str(PLUGINS) not in sys.path:  # `make bench` puts it there; `python -m bench` alone does not
    sys.path.insert(0, str(PLUGINS))
START = "<!-- bench:anonymiser:start -->"
END = "<!-- bench:anonymiser:end -->"


def labelled(path=DATA / "identifying_letters.toml"):
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))["letter"]


def gold_spans(letter, source):
    """``[(start, end, label)]``: every occurrence in ``source`` of the letter's labelled strings,
    less those inside a longer one."""
    spans = []
    for label in LABELS:
        for value in letter.get(label, []):
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, value.split())) + r"(?!\w)"
            spans += [(m.start(), m.end(), label) for m in re.finditer(pattern, source)]
    return [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0]
                                        for o in spans)]


def score(letters):
    """Recall by label and for names, precision, and the misses and false alarms, for ``letters``."""
    from advice_column.submissions.anonymise import anonymise_letter

    found, total = dict.fromkeys(LABELS, 0), dict.fromkeys(LABELS, 0)
    replaced = right = 0
    misses, false = [], []
    for letter in letters:
        result = anonymise_letter(letter["text"], subject=letter.get("subject"))
        source = result.source
        gold = gold_spans(letter, source)
        covered = bytearray(len(source))
        for span in result.spans:
            covered[span.start:span.end] = b"\x01" * (span.end - span.start)
        for start, end, label in gold:
            title = _TITLE.match(source[start:end])
            start += title.end() if title else 0
            caught = all(covered[i] for i in range(start, end) if source[i].isalnum())
            total[label] += 1
            found[label] += caught
            if not caught:
                misses.append(" ".join(source[start:end].split()))
        for span in result.spans:
            replaced += 1
            if any(start < span.end and span.start < end for start, end, _ in gold):
                right += 1
            else:
                false.append(" ".join(source[span.start:span.end].split()))
    names = sum(total[label] for label in NAMES)
    return {
        "letters": len(letters),
        "recall": {label: found[label] / total[label] if total[label] else None for label in LABELS},
        "spans": total,
        "names_recall": sum(found[label] for label in NAMES) / names if names else None,
        "precision": right / replaced if replaced else None,
        "replacements": replaced,
        "misses": misses,
        "false": false,
    }


def false_alarms():
    """Replacements in the topic letters, which name nobody: ``(letters, replacements)``."""
    from advice_column.submissions.anonymise import anonymise_letter

    texts = [letter["text"] for name in ("labelled_letters.toml", "heldout_letters.toml", "fresh_letters.toml")
             for letter in labelled(DATA / name)]
    return len(texts), sum(len(anonymise_letter(text).replacements) for text in texts)


def quality():
    letters = labelled()
    return {"tuned": score([l for l in letters if not l.get("heldout")]),
            "heldout": score([l for l in letters if l.get("heldout")]),
            "false_alarms": false_alarms()}


def _env():
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "plugins"),
                                                                     os.environ.get("PYTHONPATH")]))}


def _command(name, *args, conf=ROOT / "pelicanconf.py"):
    return [sys.executable, "-m", "advice_column", "--conf", str(conf), name, *map(str, args)]


def _timed(command):
    started = time.perf_counter()
    done = subprocess.run(command, check=True, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    return time.perf_counter() - started, done.stderr


#: `make queue`'s own line on the count step (``identifying.counts``).
COUNTED = re.compile(r"^queue: identifying details counted in (\d+) letters .* in (\d+(?:\.\d+)?) s$", re.M)


def cost(n, work, drafts=5, runs=3):
    """`make queue` at ``n`` submissions, ``runs`` times with its count cache emptied and once with it
    kept, with the count step's seconds as the queue itself reports them (its share compares two
    times of one run, so the machine's load moves both), and `make draft` on ``drafts`` letters."""
    work = Path(work)
    progress(f"anonymiser: generating {n:,} submissions")
    folder = submissions.generate(work / f"submissions-{n}", n)
    editorial = work / f"editorial-{n}"
    shutil.rmtree(editorial, ignore_errors=True)
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(ROOT / "content", content)
    queue = _command("queue", "--content", content, "--submissions", folder, "--editorial", editorial)
    cold, counts = [], []
    for run in range(1, runs + 1):
        progress(f"anonymiser: make queue on {n:,} submissions, every letter counted ({run}/{runs})")
        (editorial / "anonymiser-counts.json").unlink(missing_ok=True)
        seconds, log = _timed(queue)
        counted = COUNTED.findall(log)
        if not counted:
            raise RuntimeError("make queue said nothing of the identifying details it counted")
        cold.append(seconds)
        counts.append(float(counted[-1][1]))
    progress("anonymiser: make queue again, the counts kept")
    warm, _ = _timed(queue)
    shares = [count / (total - count) for total, count in zip(cold, counts)]
    ids = [entry["id"] for entry in json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["submissions"]
           if entry["status"] == "new"][:drafts]
    progress(f"anonymiser: make draft for {len(ids)} letters")
    seconds = [_timed(_command("draft", "--content", content, "--editorial", editorial, "--id", submission_id))[0]
               for submission_id in ids]
    return {"submissions": n, "letters": int(counted[-1][0]), "queue_cold": statistics.median(cold),
            "queue_warm": warm, "count": statistics.median(counts), "share": statistics.median(shares),
            "shares": shares, "draft": statistics.median(seconds), "draft_max": max(seconds)}


def percent(value):
    return "–" if value is None else f"{value:.1%}"


def markdown(results):
    """The anonymiser's section of BENCHMARKS.md."""
    out = ["### 7. The anonymiser (`make draft`, the queue's per-letter count)", ""]
    rows = []
    for name, label in (("tuned", "tuned on"), ("heldout", "held out")):
        q = results["quality"][name]
        rows.append([label, str(q["letters"]), *(f"{percent(q['recall'][k])} ({q['spans'][k]})" for k in LABELS),
                     percent(q["names_recall"]), f"{percent(q['precision'])} ({q['replacements']})"])
    out += [table(["letters", "n", "people", "organisations", "places", "contacts", "recall, names",
                   "precision"], rows), ""]
    letters, alarms = results["quality"]["false_alarms"]
    out += [f"Replacements in the {letters} topic letters of `tests/data`, which name nobody: {alarms}.", ""]
    misses = results["quality"]["tuned"]["misses"] + results["quality"]["heldout"]["misses"]
    false = results["quality"]["tuned"]["false"] + results["quality"]["heldout"]["false"]
    out += [f"Missed: {', '.join(misses) or 'none'}. Replaced but not identifying: {', '.join(false) or 'none'}.",
            ""]
    c = results.get("cost")
    if c:
        out += [f"Measured on commit `{results['commit']}`, {results['date']}, load average {results['load']} "
                f"on {len(os.sched_getaffinity(0))} cores at the start: absolute times move with the load; the "
                "count step's share compares times of one run.", ""]
        out += [table(["submissions", "make queue (counts computed)", "make queue (counts kept)",
                       "the count step", "its share of the rest (each run)", "make draft, a letter (median, max)"],
                      [[f"{c['submissions']:,}", f"{c['queue_cold']:.2f} s", f"{c['queue_warm']:.2f} s",
                        f"{c['count']:.2f} s ({c['letters']:,} letters)",
                        f"{c['share']:.0%} ({', '.join(f'{s:.0%}' for s in c['shares'])})",
                        f"{c['draft']:.2f} s, {c['draft_max']:.2f} s"]]),
                "", "Medians of the runs; the count step's time is the one `make queue` reports for it, the "
                "word lists' loading included (made in the first run, read from the copy it kept in the others)."]
    return "\n".join(out) + "\n"


def line(results):
    """One line for the terminal: recall and precision, tuned on and held out."""
    q = results["quality"]
    return (f"anonymiser: recall (people, organisations, places) {percent(q['tuned']['names_recall'])} tuned on, "
            f"{percent(q['heldout']['names_recall'])} held out; precision {percent(q['tuned']['precision'])} "
            f"and {percent(q['heldout']['precision'])}")


def write(path, section):
    """Put ``section`` between this benchmark's markers in ``path`` (the rest of the file is kept; the
    first time, right after the build's results)."""
    path = Path(path)
    block = f"{START}\n{section}{END}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + "\n" + rest.split(END, 1)[1].lstrip("\n")
    elif report.END in text:  # right after the build's results
        before, after = text.split(report.END, 1)
        text = before + report.END + "\n" + block + "\n" + after.lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def run(queue_size, work, output=None):
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    results = {"quality": quality(), "commit": commit or "unknown",
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    progress(line(results))
    if queue_size:
        results["load"] = "%.2f %.2f %.2f" % os.getloadavg()
        results["cost"] = cost(queue_size, work)
    section = markdown(results)
    if output:
        write(output, section)
    return results, section


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.anonymiser", description=__doc__.splitlines()[0])
    parser.add_argument("--queue-size", type=int, default=10000, help="submissions for the cost (0: none)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "anonymiser")
    parser.add_argument("--output", type=Path, help="the Markdown file to write the section into")
    args = parser.parse_args(argv)
    _, section = run(args.queue_size, args.work, args.output)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
