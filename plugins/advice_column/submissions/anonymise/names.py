"""People, organisations and places in a letter: runs of capitalised words, classified.

A run ("Dr. Elaine Marsh", "Halvorsen Biotech", "South San Francisco") is
classified, in this order, by its own words and then by the words around it:

1. a title (``Dr.``, ``Ms.``, ``Professor``) before it: a person;
2. a legal suffix (``Inc.``, ``LLP``) or a kind of organisation as its last word
   (``Hospital``, ``Biotech``, ``Academy``), or ``University of …``: an organisation;
3. a country, continent or US state (GeoNames): kept; a city or town: a place;
4. a given name first (gender-guesser's dictionary): a person;
5. the words before or after it: ``my manager, …``, ``named …`` (a person);
   ``a job at …``, ``joined …``, ``…, a startup`` (an organisation);
   ``I live in …``, ``…, Maine`` (a place).

What is still unexplained is *unsure*: listed for the editor, never replaced.
A common English word at the start of a sentence ("When", "Grace") is a name
only by the words after it, or when the letter names that person elsewhere.
"""

import calendar
import re
from dataclasses import dataclass

from . import gazetteers
from .gazetteers import fold

TITLES = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "rev", "reverend", "judge", "coach",
          "officer", "detective", "sergeant", "sgt", "captain", "pastor", "rabbi", "imam", "sister", "father"}
#: Abbreviations that end with their full stop inside a name.
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "mx", "prof", "rev", "sgt", "st", "mt", "ft", "jr", "sr", "inc", "corp",
                 "co", "ltd", "bros"}
LEGAL = {"inc", "llc", "llp", "ltd", "corp", "co", "plc", "gmbh", "ag", "sa", "pc", "pllc", "lp", "bros"}
#: Lower-case words that may join the words of one name: "University of the Arts", "Ludwig van Beethoven".
CONNECTORS = {"of", "the", "de", "da", "di", "du", "van", "von", "der", "den", "del", "la", "le", "bin", "al", "&"}
#: The last word of an organisation's name, and what it becomes.
KINDS = {
    "a biotech company": "biotech biotechnology genomics therapeutics biosciences",
    "a drug company": "pharma pharmaceuticals",
    "a hospital": "hospital hospitals",
    "a clinic": "clinic clinics",
    "a hospice": "hospice",
    "a health company": "health healthcare",
    "a university": "university",
    "a college": "college",
    "a school": "school academy",
    "a school district": "district",
    "a library": "library",
    "a bank": "bank bancorp",
    "a credit union": "union",
    "an insurance company": "insurance assurance",
    "a tech company": "software systems technologies technology tech analytics labs lab robotics networks "
                      "digital data solutions",
    "a games company": "games studios studio",
    "a consulting firm": "consulting consultants advisors advisory",
    "a firm": "partners associates",
    "a law firm": "llp law legal",
    "a food company": "foods food",
    "a bakery": "bakery",
    "a restaurant": "kitchen restaurant grill bistro osteria trattoria diner tavern",
    "a café": "cafe café coffee",
    "a hotel": "hotel hotels inn resort resorts",
    "a logistics company": "logistics freight trucking shipping transport",
    "a construction company": "construction builders roofing",
    "a manufacturer": "manufacturing industries",
    "an energy company": "energy power solar",
    "a telecom company": "telecom communications wireless",
    "a printing company": "printing",
    "a publisher": "publishing press",
    "a media company": "media",
    "an electrical contractor": "electric electrical",
    "a landscaping business": "landscaping",
    "a hardware store": "hardware",
    "a store": "outfitters store stores shop market supermarket",
    "a gym": "fitness gym",
    "an animal shelter": "shelter",
    "a community centre": "ymca ywca",
    "a county": "county",
    "a government agency": "service services department agency administration commission authority",
    "a church": "church",
    "a museum": "museum",
    "a foundation": "foundation",
    "an institute": "institute",
    "a company": "group company enterprises holdings capital ventures traders trading corporation incorporated "
                 "inc llc ltd corp co plc gmbh",
}
ORG_KINDS = {word: placeholder for placeholder, words in KINDS.items() for word in words.split()}
#: First words of organisations named "<word> of …".
ORG_LEADS = {"university", "bank", "college", "school", "department", "city", "county", "institute", "museum",
             "church", "hospital", "academy", "society", "board", "office"}
#: What "<word> of …" becomes when its first word is no kind of organisation of its own.
LEADS = {"city": "a city government", "county": "a county government", "board": "a board", "office": "an office"}
ROLES = ("manager|boss|supervisor|director|coworker|co-worker|colleague|teammate|lead|leader|mentor|client|"
         "customer|husband|wife|partner|fiancée?|boyfriend|girlfriend|sister|brother|sister-in-law|"
         "brother-in-law|mother|father|mom|mum|dad|son|daughter|cousin|uncle|aunt|nephew|niece|friend|"
         "roommate|recruiter|headhunter|landlord|landlady|doctor|dentist|therapist|professor|advisor|adviser|"
         "teacher|principal|superintendent|dean|CEO|CTO|CFO|COO|founder|co-founder|owner|chef|foreman|"
         "dispatcher|assistant|intern|report|VP|president|chair|nurse|attending|pastor|neighbou?r|journeyman|"
         "trainer|coach|editor|employee|hire|associate|attorney|lawyer|parent|patient|vet|officer|"
         "coordinator|administrator|accountant|agent|counsell?or|representative|rep|interviewer|tenant|"
         "apprentice|guy|lady|woman|man")
_DETERMINER = r"(?:my|our|his|her|their|the|a|an)"
_S = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"  # spacing within a paragraph: a line break, never a blank line
_ROLE_BEFORE = re.compile(
    rf"\b(?P<det>{_DETERMINER}){_S}(?P<role>(?:[a-z][\w-]*{_S}){{0,2}}?(?:{ROLES}))[ \t]*,?{_S}?"
    rf"(?:(?:named|called|is|was){_S})?$", re.IGNORECASE)
_ROLE_AFTER = re.compile(rf"^\s*,\s*(?P<det>{_DETERMINER})\s+(?P<role>(?:[a-z][\w-]*\s+){{0,2}}?(?:{ROLES}))\b",
                         re.IGNORECASE)
_UNDER = re.compile(r"\b(?:work(?:s|ing|ed)?|report(?:s|ing|ed)?)\s+(?:directly\s+)?(?:under|for)\s+$",
                    re.IGNORECASE)
_NAMED = re.compile(r"\b(?:named|called|nicknamed)\s+$", re.IGNORECASE)
_ORG_BEFORE = re.compile(
    r"\b(?:at|for|joined|join|joining|left|quit|leave|from|with|by)\s+(?:(?:a|an|the)\s+)?$", re.IGNORECASE)
_ORG_NOUNS = (r"company|startup|start-up|firm|business|employer|brand|agency|store|shop|restaurant|clinic|"
              r"school|chain|practice|nonprofit|non-profit|charity|organi[sz]ation|studio|lab|bakery|cafe|café")
_ORG_APPOSITION_BEFORE = re.compile(rf"\b(?:{_ORG_NOUNS}),?\s*$", re.IGNORECASE)
_ORG_APPOSITION_AFTER = re.compile(rf"^\s*,\s*(?:a|an|the|our|my)\s+(?:[\w-]+\s+){{0,3}}?(?:{_ORG_NOUNS})\b",
                                   re.IGNORECASE)
_AT_WORK = re.compile(
    r"\b(?:(?:work(?:s|ing|ed)?|job|jobs|employed|started|intern(?:ed|ing)?|shift|shifts)\s+(?:[\w-]+\s+){0,2}?at"
    r"|joined|join|joining)\s+(?:(?:a|an|the)\s+)?$", re.IGNORECASE)
_SCHOOL_BEFORE = re.compile(r"\b(?:go(?:es)?\s+to|went\s+to|attend(?:s|ed|ing)?|studied\s+at|graduated\s+from|"
                            r"enrolled\s+(?:at|in)|a\s+degree\s+from)\s+$", re.IGNORECASE)
_INITIAL = re.compile(r"[A-Z]\.")
_PLACE_BEFORE = re.compile(
    r"\b(?:live[sd]?|living|moved|move|moving|based|grew\s+up|raised|relocated?|relocating|located|"
    r"town\s+of|city\s+of|near|outside(?:\s+of)?|commute\s+from|home\s+in|downtown|suburb\s+of)\s+(?:in\s+)?$",
    re.IGNORECASE)
_LOCATIVE = re.compile(r"\b(?:in|from|near|outside|to|of|around|at)\s+$", re.IGNORECASE)

_ABBREVIATED = "|".join(sorted((word.title() for word in ABBREVIATIONS), key=len, reverse=True))
#: A capitalised word (a letter other than a-z first: other scripts' are checked in :func:`_runs`).
_CAPITAL = (rf"(?:(?:{_ABBREVIATED})\.|[A-Z]\.(?=[ \t]*\n?[ \t]*[A-Z])"
            r"|[^\W\d_a-z](?:[\w'’-]*[^\W_])?(?:['’]s)?)")
_GAP = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
_RUN = re.compile(rf"(?<![\w'’-]){_CAPITAL}(?:{_GAP}(?:(?:{'|'.join(map(re.escape, CONNECTORS))}){_GAP}){{0,2}}"
                  rf"{_CAPITAL}(?![\w'’-]))*")
_WORD = re.compile(rf"{_CAPITAL}|[\w'’-]+|&")
_PRONOUN = {"I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "I'll", "I’ll"}
CALENDAR = {fold(name) for name in (*calendar.month_name[1:], *calendar.day_name, *calendar.month_abbr[1:])}
CALENDAR |= {name + "s" for name in CALENDAR}


@dataclass
class Mention:
    """One classified run: ``text[start:end]`` (title and possessive included, ``the`` left out)."""

    start: int
    end: int
    kind: str  # "person", "organisation", "place" or "unsure"
    words: tuple  # the name's own words, folded (no title, no possessive)
    title: str | None = None
    placeholder: str | None = None  # an organisation's or a place's; a person's role
    determiner: str | None = None
    #: where the role right before a person's name starts ("my manager, Kevin Doyle,"): the
    #: role and the name become one placeholder, with the comma that closes the apposition
    role_start: int | None = None
    role_end: int | None = None


def _possessive(word):
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _runs(text):
    """Runs of capitalised words: lists of ``(start, end, word)`` (connectors and abbreviations' stops in)."""
    runs = []
    for match in _RUN.finditer(text):
        current = []
        for token in _WORD.finditer(match.group(0)):
            word = token.group(0)
            if word in _PRONOUN or word[0] != "&" and word[0].islower() and word not in CONNECTORS:
                if current:
                    runs.append(current)
                current = []
                continue
            if word in CONNECTORS and not current:
                continue
            current.append((match.start() + token.start(), match.start() + token.end(), word))
        while current and current[-1][2] in CONNECTORS:
            current.pop()
        if current:
            runs.append(current)
    return runs


def _sentence_start(text, start, title_end):
    """Whether the word at ``start`` begins a sentence (or lies in the title, which is title-cased)."""
    if start < title_end:
        return True
    before = text[max(0, start - 20):start].rstrip(" \t\"“‘'([")
    return not before or before[-1] in ".!?:;…" or before.endswith("\n\n") or "\n\n" in text[start - 3:start] \
        or (before.endswith("\n") and before.rstrip()[-1:] in (".", "!", "?", ""))


def _common(word, frequency=gazetteers.COMMON):
    """Whether ``word`` (or its singular: "Recruiters") is used at least ``frequency`` times in English."""
    word = _possessive(word).rstrip(".")
    singular = word[:-1] if word.endswith("s") else word
    return max(gazetteers.frequency(word), gazetteers.frequency(singular)) >= frequency


def _is_acronym(word):
    letters = [char for char in word if char.isalpha()]
    return 2 <= len(letters) <= 5 and all(char.isupper() for char in letters)


def _kept(words):
    """Words that identify nobody: months and days, countries and US states, lone acronyms."""
    folded = fold(" ".join(words))
    if folded in gazetteers.regions() or all(fold(word) in CALENDAR for word in words):
        return True
    return len(words) == 1 and _is_acronym(words[0])


def _org_kind(words):
    """The placeholder of an organisation named ``words``, or None."""
    plain = [fold(word.rstrip(".")) for word in words]
    if len(plain) > 2 and plain[0] in ORG_LEADS and plain[1] == "of":
        return LEADS.get(plain[0]) or ORG_KINDS.get(plain[0], "an organisation")
    tail = [word for word in plain if word not in CONNECTORS]
    if len(tail) < 2:
        return None
    if tail[-1] in LEGAL:
        return next((ORG_KINDS[word] for word in reversed(tail[:-1]) if word in ORG_KINDS and word not in LEGAL),
                    "a company")
    if tail[-2:] == ["medical", "center"]:
        return "a hospital"
    return ORG_KINDS.get(tail[-1])


def _introduced(text, run):
    """Whether a one-word run is a given name the next words introduce: "Grace, my mentor, says"."""
    return len(run) == 1 and fold(_possessive(run[0][2])) in gazetteers.first_names() \
        and _ROLE_AFTER.match(text[run[0][1]:run[0][1] + 80]) is not None


def _employer(before, words):
    """Whether one word after "a job at", "joined" names an employer ("Dell", not a person)."""
    return len(words) == 1 and not words[0].endswith(("'s", "’s")) and _AT_WORK.search(before) is not None


def classify(text, run, title_end=0):
    """A :class:`Mention` for one run of capitalised words, or None when it names nothing."""
    initial = _sentence_start(text, run[0][0], title_end)
    while run and (fold(run[0][2]) == "the" or initial and _common(run[0][2])
                   and fold(run[0][2].rstrip(".")) not in TITLES | ORG_LEADS | ABBREVIATIONS
                   and not _introduced(text, run)):
        run = run[1:]
        while run and run[0][2].lower() in CONNECTORS and run[0][2] != "the":
            run = run[1:]
        initial = False
    if not run:
        return None
    start, end = run[0][0], run[-1][1]
    words = [word for _, _, word in run]
    bare = [_possessive(word) for word in words]
    if words[-1].endswith(("'s", "’s")):
        end -= 2
    before, after = text[max(0, start - 80):start], text[end:end + 80]
    names = [word for word in bare if word.lower() not in CONNECTORS]
    if not names:
        return None
    mention = Mention(start, end, "unsure", tuple(fold(word.rstrip(".")) for word in names))
    title = fold(names[0].rstrip("."))
    if all(fold(word.rstrip(".")) in TITLES | ABBREVIATIONS for word in names):
        return None  # "Dr.", "Mr. and Mrs." with no name
    if title in TITLES and len(names) > 1 and (names[0].endswith(".") or title not in ABBREVIATIONS):
        mention.kind, mention.title = "person", names[0]
        mention.words = mention.words[1:]
        return _with_role(mention, before, after)
    if _kept(names) or len(names) == 1 and title in TITLES:
        return None
    if _INITIAL.fullmatch(names[0]) and not _common(names[-1]) and not _INITIAL.fullmatch(names[-1]):
        mention.kind = "person"  # "J. R. Ewing", "S. Kumar"
        return _with_role(mention, before, after)
    if org := _org_kind(bare):
        return _organisation(mention, org)
    folded = fold(" ".join(names))
    given = gazetteers.first_names()
    word_like = len(names) == 1 and (_common(names[0]) or folded in given)
    if folded in gazetteers.cities() and (not word_like or _LOCATIVE.search(before)):
        mention.kind, mention.placeholder = "place", "a city"
        return mention
    if _ROLE_BEFORE.search(before) or _NAMED.search(before) or _ROLE_AFTER.match(after):
        mention.kind = "person"
        return _with_role(mention, before, after)
    if len(names) == 1 and _SCHOOL_BEFORE.search(before):
        return _organisation(mention, "a school")
    if mention.words[0] in given and not (initial and len(names) == 1 and _common(names[0])) \
            and not _ORG_APPOSITION_AFTER.match(after) and not _employer(before, words):
        mention.kind = "person"
        return _with_role(mention, before, after)
    if _ORG_APPOSITION_AFTER.match(after) or _ORG_APPOSITION_BEFORE.search(before):
        return _organisation(mention, None)
    if _PLACE_BEFORE.search(before) or re.match(r"^,\s*[A-Z][a-z]+", after) and \
            fold(re.match(r"^,\s*([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)", after).group(1)) in gazetteers.regions():
        mention.kind, mention.placeholder = "place", "a town"
        return mention
    if _ORG_BEFORE.search(before) and not (initial and _common(names[0])):
        return _organisation(mention, None)
    # what is left is only listed for the editor: words in use ("Salary", "Christmas") are not
    if all(_common(word, gazetteers.WORD) for word in names) and (initial or len(names) > 1):
        return None
    if len(names) == 1 and (_common(names[0]) or _is_acronym(names[0])):
        return None
    return mention


def _organisation(mention, placeholder):
    mention.kind, mention.placeholder = "organisation", placeholder
    return mention


def _with_role(mention, before, after):
    if match := _ROLE_BEFORE.search(before) or _ROLE_AFTER.match(after):
        mention.determiner = match["det"].lower()
        role = " ".join(match["role"].split())
        mention.placeholder = role if role.isupper() else role.lower()
        if match.re is _ROLE_BEFORE and not re.search(r"\b(?:is|was)\s+$", match.group(0)):
            mention.role_start = mention.start - len(before) + match.start()
            closing = re.match(r"[ \t]*,", after) if "," in match.group(0) else None
            mention.role_end = mention.end + (closing.end() if closing else 0)
        elif match.re is _ROLE_AFTER:  # "Jackson, my coworker, is": the name and its role are one
            closing = re.match(r"[ \t]*,", after[match.end():])
            mention.role_start = mention.start
            mention.role_end = mention.end + match.end() + (closing.end() if closing else 0)
    elif _UNDER.search(before):
        mention.determiner, mention.placeholder = "my", "supervisor"
    return mention


def mentions(text, title_end=0):
    """Every run of capitalised words in ``text`` that names someone or something, classified
    (``title_end``: the end of a title-cased subject at the start of ``text``)."""
    found = []
    for run in _runs(text):
        inner = [n for n, (_, _, word) in enumerate(run[:-1], 1) if word.endswith(("'s", "’s"))]
        whole = classify(text, run, title_end)
        if not inner or whole is not None and whole.kind == "organisation":
            pieces = [whole]
        else:  # "Jon's Friday" is two runs, "St. Catherine's Hospital" one
            bounds = [0, *inner, len(run)]
            pieces = [classify(text, run[a:b], title_end) for a, b in zip(bounds, bounds[1:])]
        found += [piece for piece in pieces if piece is not None]
    return found
