"""`make queue` throughput on a deterministic synthetic submissions folder.

    python -m bench.submissions                      10,000 and 50,000 submissions
    python -m bench.submissions --sizes 1000,5000 --work /tmp/queue-bench

``generate(folder, n)`` writes exactly ``n`` submission records, the same
bytes for the same ``n`` and seed: mailboxes, single messages, the ask form's
CSV, Google Forms CSV and Netlify JSON exports, with realistic letter lengths,
about 8% near-duplicates (reworded copies), 3% exact copies, 3% spam (honeypot
hits and auto-replies), 1% empty and 0.5% malformed rows. ``throughput(sizes,
work)`` runs `make queue`'s command on each and returns one row per size
(``submissions``, ``seconds``, ``per_second``, ``counts``); the benchmark
(`make bench`) calls it.
"""

import argparse
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10000, 50000)
SEED = 2026
#: Records per file for the multi-record formats.
CHUNK = 5000
#: Share of the records in each format (the rest are ask-form CSV rows).
SHARES = {"mbox": 0.40, "eml": 0.03, "google": 0.10, "netlify": 0.15}

SUBJECTS = ["raise", "new manager", "layoffs", "remote work", "interview", "burnout", "promotion",
            "references", "career change", "coworker", "salary offer", "performance review"]
OPENERS = [
    "I have worked as a {role} at a {size} {industry} company for {years} years.",
    "Six months ago I started a new job as a {role} in {industry}.",
    "My manager, who joined {years} years after me, has started to {problem}.",
    "I was recently promoted to {role}, and I am not sure I made the right choice.",
    "After {years} years in {industry}, I am thinking about a complete career change.",
]
MIDDLES = [
    "Every week my {person} asks me to {problem}, and I never know how to say no.",
    "When I raised it in my review, I was told that this is simply how {industry} works.",
    "I have {feeling} about it for months and it is affecting my sleep.",
    "Our team shrank from {count} people to {fewer} and nobody adjusted the deadlines.",
    "The {person} says it is temporary, but it has been {years} years now.",
    "I asked for a raise of {percent} percent and heard nothing back for {weeks} weeks.",
    "A recruiter offered me a {role} job that pays more but means a longer commute.",
    "I do not want to burn bridges, because {industry} is a small world where I live.",
    "My {person} takes credit for the reports I write and presents them as their own.",
    "I kept notes of every meeting, every promise, and every missed deadline since {month}.",
]
CLOSERS = [
    "Should I talk to {person2} first, or start looking for another job?",
    "Is it unreasonable to ask for this in writing?",
    "How do I bring this up without sounding ungrateful?",
    "What would you do in my place?",
    "Am I overreacting, or is this as bad as it feels?",
]
FILL = {
    "role": ["nurse", "developer", "accountant", "teacher", "designer", "analyst", "project manager",
             "sales rep", "line cook", "paralegal", "engineer", "recruiter", "pharmacist", "editor"],
    "size": ["small", "mid-sized", "large", "family-owned", "fast-growing", "struggling"],
    "industry": ["healthcare", "retail", "software", "logistics", "publishing", "banking", "hospitality",
                 "construction", "education", "insurance", "manufacturing", "nonprofit"],
    "problem": ["cover weekend shifts", "rewrite other people's work", "answer e-mails at night",
                "train new hires without extra pay", "cancel my one-on-ones", "micromanage every task",
                "change priorities every morning", "skip lunch for client calls"],
    "person": ["boss", "manager", "team lead", "director", "supervisor", "coworker", "client"],
    "person2": ["HR", "my manager's manager", "my mentor", "the union rep", "my team"],
    "feeling": ["worried", "been anxious", "been angry", "felt stuck", "felt invisible", "been exhausted"],
    "month": ["January", "March", "last spring", "the reorganisation", "my last review"],
}
#: Words for the free-running sentences, most frequent first (drawn with Zipf-like weights).
WORDS = """the to and i a of my that in is it for was have me with but not on at be this they
he she we job work team boss manager time would about said so what when all just because people
year months week day told asked feel know think want need company office meeting review pay raise
hours project client role new old years since after before every never always again still really
email call schedule shift deadline report colleague coworker friend family home commute salary offer
interview recruiter contract promotion title budget training mentor feedback credit blame problem
question answer decision choice option plan future career change move leave quit stay start finish
help support respect trust fair unfair hard easy tired angry worried stressed happy proud lonely
busy quiet loud late early long short small big better worse last next first other same different
morning evening weekend holiday vacation sick leave parental remote hybrid onsite travel lunch break
desk chair laptop phone message chat slack policy rule handbook union lawyer notes records proof
director supervisor lead owner founder partner intern assistant staff department division startup
agency hospital school store warehouse kitchen factory bank firm studio lab restaurant hotel
""".split()
NAMES = ["Alex Morgan", "Priya Natarajan", "Sam Carter", "Dana Whitfield", "Olu Bankole", "Kim Park",
         "Lena Fischer", "Mark Lee", "Ruth Okafor", "Wei Chen", "José Alvarez", "Adeola James"]
WEIGHTS = [1 / rank for rank in range(1, len(WORDS) + 1)]
SIGNOFFS = ["Stuck in Seattle", "Tired Teacher", "Overlooked in Ohio", "Ready to Quit", "", "", ""]


def progress(message):
    sys.stderr.write(f"bench.submissions: {message}\n")
    sys.stderr.flush()


def letter(rng):
    """A letter of 4 to 13 sentences (about 60 to 250 words): a templated opening and closing
    question around sentences that are templates (a quarter) or free-running words."""
    def fill(template):
        values = {key: rng.choice(options) for key, options in FILL.items()}
        values.update(years=rng.randint(2, 25), count=rng.randint(6, 30), fewer=rng.randint(2, 5),
                      percent=rng.randint(3, 20), weeks=rng.randint(2, 12))
        return template.format(**values)

    def free():
        words = rng.choices(WORDS, weights=WEIGHTS, k=rng.randint(8, 18))
        return " ".join(words).capitalize() + "."

    sentences = [fill(rng.choice(OPENERS))]
    sentences += [fill(rng.choice(MIDDLES)) if rng.random() < 0.25 else free()
                  for _ in range(rng.randint(2, 11))]
    sentences.append(fill(rng.choice(CLOSERS)))
    return " ".join(sentences)


def reword(rng, text):
    """A near-copy: a few words changed or dropped, as when a reader sends the letter again."""
    words = text.split()
    for _ in range(max(1, len(words) // 25)):
        position = rng.randrange(len(words))
        if rng.random() < 0.5:
            words[position] = rng.choice(["really", "truly", "honestly", "also", "still"])
        elif len(words) > 10:
            del words[position]
    return " ".join(words)


def records(n, seed=SEED):
    """``n`` submissions as dicts (``kind`` says what the intake should find)."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    made, letters = [], []
    for number in range(n):
        roll = rng.random()
        name = rng.choice(NAMES)
        item = {"name": name, "email": f"{name.split()[0].lower()}.{number}@example.com",
                "received": start + timedelta(minutes=7 * number + rng.randint(0, 5)),
                "subject": f"Question about my {rng.choice(SUBJECTS)}", "signoff": rng.choice(SIGNOFFS),
                "kind": "letter", "text": letter(rng)}
        if roll < 0.08 and letters:
            item.update(kind="near", text=reword(rng, rng.choice(letters[-500:])))
        elif roll < 0.11 and letters:
            item.update(kind="exact", text=rng.choice(letters[-500:]))
        elif roll < 0.14:
            item.update(kind="spam")
        elif roll < 0.15:
            item.update(kind="empty", text="")
        elif roll < 0.155:
            item.update(kind="malformed")
        made.append(item)
        if item["kind"] == "letter":
            letters.append(item["text"])
    return made


def message(item, auto_reply=False):
    mail = EmailMessage()
    mail["From"] = f"{item['name']} <{item['email']}>"
    mail["To"] = "letters@example.org"
    mail["Subject"] = ("Out of office: " if auto_reply else "") + item["subject"]
    mail["Date"] = format_datetime(item["received"])
    body = item["text"] + (f"\n\n— {item['signoff']}" if item["signoff"] and item["text"] else "")
    mail.set_content(body or "\n")
    return mail


def generate(folder, n, seed=SEED):
    """Write ``n`` submission records into ``folder`` (emptied first); returns ``folder``."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(seed + 1)
    groups = {"mbox": [], "eml": [], "google": [], "netlify": [], "ask": []}
    for item in records(n, seed):
        roll, bound = rng.random(), 0.0
        for kind, share in SHARES.items():
            bound += share
            if roll < bound:
                break
        else:
            kind = "ask"
        if item["kind"] == "malformed" and kind not in ("ask", "google", "netlify"):
            kind = "ask"  # a malformed record is a broken row or item
        groups[kind].append(item)
    for part, chunk in chunks(groups["mbox"]):
        with open(folder / f"inbox-{part:03d}.mbox", "wb") as file:
            for item in chunk:
                data = message(item, auto_reply=item["kind"] == "spam").as_bytes()
                data = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in data.split(b"\n"))
                file.write(b"From " + item["email"].encode() + b" " +
                           item["received"].strftime("%a %b %d %H:%M:%S %Y").encode() + b"\n" + data + b"\n")
    for number, item in enumerate(groups["eml"], 1):
        (folder / f"mail-{number:05d}.eml").write_bytes(message(item, item["kind"] == "spam").as_bytes())
    for part, chunk in chunks(groups["ask"]):
        write_csv(folder / f"ask-form-{part:03d}.csv", ["question", "signoff", "name", "email", "consent",
                                                         "received", "_gotcha"],
                  [[i["text"], i["signoff"], i["name"], i["email"], "on", i["received"].isoformat(),
                    "buy now" if i["kind"] == "spam" else ""] + (["extra"] if i["kind"] == "malformed" else [])
                   for i in chunk])
    for part, chunk in chunks(groups["google"]):
        write_csv(folder / f"google-forms-{part:03d}.csv",
                  ["Timestamp", "Email Address", "Your question", "How should we sign your letter?"],
                  [[i["received"].strftime("%m/%d/%Y %H:%M:%S"), i["email"],
                    "" if i["kind"] == "spam" else i["text"], i["signoff"]]
                   + (["extra"] if i["kind"] == "malformed" else []) for i in chunk])
    for part, chunk in chunks(groups["netlify"]):
        items = [{"number": number, "created_at": i["received"].isoformat(), "name": i["name"],
                  "email": i["email"], "data": {"question": i["text"], "signoff": i["signoff"], "name": i["name"],
                                                "email": i["email"],
                                                "bot-field": "x" if i["kind"] == "spam" else ""}}
                 if i["kind"] != "malformed" else "not an object" for number, i in enumerate(chunk, 1)]
        (folder / f"netlify-{part:03d}.json").write_text(json.dumps(items), encoding="utf-8")
    return folder


def chunks(items):
    for part, start in enumerate(range(0, len(items), CHUNK), 1):
        yield part, items[start:start + CHUNK]


def write_csv(path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def measure(n, work, content=ROOT / "content", conf=ROOT / "pelicanconf.py"):
    """Generate ``n`` submissions under ``work`` and time `make queue`'s command on them."""
    work = Path(work)
    progress(f"generating {n:,} submissions")
    folder = generate(work / f"submissions-{n}", n)
    editorial = work / f"editorial-{n}"
    command = [sys.executable, "-m", "advice_column", "--conf", str(conf), "queue", "--content", str(content),
               "--submissions", str(folder), "--editorial", str(editorial)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "plugins"),
                                                                     os.environ.get("PYTHONPATH")]))}
    progress(f"running make queue on {n:,} submissions")
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    counts = json.loads((editorial / "queue.json").read_text(encoding="utf-8"))["counts"]
    if counts["read"] != n:
        raise RuntimeError(f"the queue read {counts['read']} records of {n}")
    progress(f"{n:,} submissions in {seconds:.1f} s ({n / seconds:,.0f}/s): {counts}")
    return {"submissions": n, "seconds": seconds, "per_second": n / seconds, "counts": counts}


def throughput(sizes=SIZES, work=ROOT / "bench" / "work" / "queue"):
    """One ``measure`` row per size, smallest first."""
    return [measure(n, work) for n in sorted(sizes)]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.submissions", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated numbers of submissions (10000,50000)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "queue",
                        help="where the synthetic folders and queues go (bench/work/queue, git-ignored)")
    args = parser.parse_args(argv)
    rows = throughput([int(size) for size in args.sizes.split(",")], args.work)
    print("| submissions | seconds | submissions / s |")
    print("| ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['submissions']:,} | {row['seconds']:.1f} | {row['per_second']:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
