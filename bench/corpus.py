"""A deterministic synthetic archive of columns in our content format.

``generate(root, n)`` writes ``root/content/`` (``columns/*.md``, the project's
``topics.toml`` and ``pages/about.md``) the way an editor would: metadata lines,
a blank line, then ``Q.`` letters and ``A.`` answers. Column ``i`` is the same
text whatever ``n`` is (only its date depends on ``n``), so two sizes share
their first columns. About one column in eight answers two or three letters,
one in twenty follows up an earlier column, and dates spread over 15 years.
"""

import random
import shutil
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from . import trash

ROOT = Path(__file__).resolve().parent.parent

#: The starter vocabulary's slugs, used when the project has no ``content/topics.toml`` yet.
STARTER_TOPICS = (
    "interviews", "follow-up", "job-search", "networking", "resumes", "salary", "negotiation",
    "layoffs", "unemployment", "managers", "coworkers", "workplace-conflict", "remote-work",
    "career-change", "references", "workplace-ethics", "promotions", "quitting", "benefits",
    "discrimination", "work-life-balance",
)

FIRST_DATE = datetime(2011, 1, 3, 9, 0)
SPAN = timedelta(days=15 * 365)

# Words to write letters and answers with: enough variety that Markdown,
# the search index and text similarity see something like real prose.
SUBJECTS = ("I", "My manager", "My boss", "A coworker", "The recruiter", "Our team", "HR",
            "The hiring manager", "My partner", "A friend", "The company", "My last employer")
VERBS = ("asked me about", "never mentioned", "keeps ignoring", "promised", "offered",
         "complained about", "turned down", "rescheduled", "wants to discuss", "forgot",
         "postponed", "questioned", "criticised", "praised", "changed")
OBJECTS = ("the interview", "my salary", "a promotion", "the references", "my resume",
           "the job offer", "a raise", "remote work", "the layoffs", "the schedule",
           "my performance review", "the benefits", "the overtime", "a transfer",
           "the new project", "my notice", "the counteroffer", "the team meeting")
CLAUSES = ("after three weeks of silence", "without any explanation", "in front of everyone",
           "during the second interview", "before the end of the quarter", "by e-mail",
           "on a Friday afternoon", "while I was on vacation", "twice last month",
           "as if nothing had happened", "even though I asked politely", "again")
ADVICE = ("Write down what you want before the conversation.",
          "Ask for a short meeting and come with facts, not feelings.",
          "Follow up once, politely, then move on.",
          "Your network is your safety net: keep it warm.",
          "Negotiate the whole package, not only the salary.",
          "Do not burn a bridge you may need to cross again.",
          "Put the request in writing and keep a copy.",
          "Silence is an answer too, even if it is a rude one.",
          "A reference is a favour: prepare the person who gives it.",
          "Take the weekend before you reply to anything that makes you angry.",
          "Keep applying while you wait: the best leverage is another offer.",
          "Ask what success in the role looks like after ninety days.")
PLACES = ("Denver", "Ohio", "Boston", "Tampa", "Seattle", "the Midwest", "Atlanta", "Phoenix",
          "Portland", "Austin", "Chicago", "New Jersey")
MOODS = ("Frustrated", "Ghosted", "Stuck", "Worried", "Underpaid", "Overlooked", "Confused",
         "Tired", "Hopeful", "Burned Out", "Anxious", "Curious")
TITLE_STARTS = ("Should I", "How do I", "Is it wrong to", "What if I", "Can I", "When should I",
                "Why does my manager", "How can I", "Is it too late to", "Do I have to")
TITLE_ENDS = ("ask for a raise", "follow up after an interview", "quit without notice",
              "tell my boss about another offer", "list a short job on my resume",
              "negotiate remote work", "report a coworker", "change careers at fifty",
              "explain a layoff", "ask for a reference", "turn down a promotion",
              "take a pay cut", "handle a hostile interviewer", "get my overtime paid")


@dataclass(frozen=True)
class Corpus:
    """A written archive: where it is, and what it holds."""

    root: Path
    content: Path
    slugs: tuple
    topics: tuple

    @property
    def columns(self):
        return self.content / "columns"

    def edit_target(self):
        """The column the warm-rebuild measurement edits: one in the middle of the archive."""
        return self.columns / f"{self.slugs[len(self.slugs) // 2]}.md"


    def comment_target(self):
        """The column the rebuild-after-an-approval measurement comments on: a third of the way in."""
        return self.columns / f"{self.slugs[len(self.slugs) // 3]}.md"


def approve_comment(content, column, round_=1):
    """Write an approved comment on ``column`` (its file) as `make approve` does; its path."""
    head = dict(line.split(": ", 1) for line in column.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines())
    folder = Path(content) / "comments" / f"{head['Date'][:10]}-{head['Slug']}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench{round_:04d}.md"
    path.write_text(f"Name: A Reader\nDate: 2026-12-0{1 + round_ % 9} 10:00:00+00:00\n\n"
                    f"Thank you for this answer (round {round_}).\n", encoding="utf-8")
    return path


def vocabulary(project=ROOT):
    """The topic slugs of the project's ``content/topics.toml`` (the starter list when there is none)."""
    path = project / "content" / "topics.toml"
    if not path.exists():
        return STARTER_TOPICS
    with path.open("rb") as file:
        return tuple(tomllib.load(file)) or STARTER_TOPICS


def sentence(rng):
    words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}"
    return words + rng.choice((".", ".", ".", "?"))


def paragraph(rng, sentences, advice=False):
    parts = [rng.choice(ADVICE) if advice and rng.random() < 0.4 else sentence(rng)
             for _ in range(sentences)]
    if rng.random() < 0.15:
        parts[-1] = f"*{parts[-1]}*"
    return " ".join(parts)


def prose(rng, words, advice=False):
    """Paragraphs totalling about ``words`` words (a sentence is about ten)."""
    paragraphs = []
    remaining = max(words // 10, 2)
    while remaining > 0:
        size = min(remaining, rng.randint(2, 6))
        paragraphs.append(paragraph(rng, size, advice))
        remaining -= size
    return paragraphs


def signoff(rng):
    return f"{rng.choice(MOODS)} in {rng.choice(PLACES)}"


def exchange(rng, sign):
    """One letter (80–300 words, signed) and its answer (250–900 words)."""
    letter = prose(rng, rng.randint(80, 300))
    letter[0] = "Q. " + letter[0]
    answer = prose(rng, rng.randint(250, 900), advice=True)
    answer[0] = "A. " + answer[0]
    if rng.random() < 0.2:
        answer.insert(1, "\n".join(f"- {rng.choice(ADVICE)}" for _ in range(3)))
    return "\n\n".join([*letter, f"— {sign}", *answer])


def column_text(i, n, topics):
    """The file text of column ``i`` of ``n`` and its slug."""
    rng = random.Random(f"column-{i}")
    slug = f"column-{i:05d}"
    letters = 1 if rng.random() < 0.88 else rng.randint(2, 3)
    signs = [signoff(rng) for _ in range(letters)]
    title = f"{rng.choice(TITLE_STARTS)} {rng.choice(TITLE_ENDS)}? (No. {i + 1})"
    date = FIRST_DATE + SPAN * (i / max(n, 1)) + timedelta(minutes=rng.randint(0, 600))
    metadata = {
        "Title": title,
        "Date": date.strftime("%Y-%m-%d %H:%M"),
        "Slug": slug,
        "Topics": ", ".join(rng.sample(topics, rng.randint(1, 3))),
        "Asker": "; ".join(signs),
    }
    if i > 10 and rng.random() < 0.05:
        metadata["Follows"] = f"column-{rng.randrange(i):05d}"
    body = [exchange(rng, sign) for sign in signs]
    if letters > 1:
        body.insert(0, "Several readers wrote about the same thing this week.")
    head = "\n".join(f"{key}: {value}" for key, value in metadata.items())
    return slug, head + "\n\n" + "\n\n".join(body) + "\n"


def generate(root, n, project=ROOT):
    """Write an archive of ``n`` columns under ``root/content`` (replacing any) and describe it."""
    root = Path(root)
    content = trash.set_aside(root / "content")  # deleted once the runs are over (see bench.trash)
    (content / "columns").mkdir(parents=True)
    (content / "pages").mkdir()
    for shipped in ("topics.toml", "pages/about.md"):
        if (project / "content" / shipped).exists():
            shutil.copy(project / "content" / shipped, content / shipped)
    topics = vocabulary(project)
    slugs = []
    for i in range(n):
        slug, text = column_text(i, n, topics)
        (content / "columns" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    return Corpus(root, content, tuple(slugs), topics)


def edit(path, round_=1):
    """Change one column's answer as an editor would: one more sentence at the end."""
    path = Path(path)
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\nEdited again (round {round_}): one more thought for the reader.\n",
                    encoding="utf-8")
