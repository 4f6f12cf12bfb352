"""Take the writer, and everyone and everything a letter names, out of it; say what was replaced.

Used for drafts (``make draft``), which may be published. Identifying details
become readable placeholders in square brackets that keep the letter's sense:
people (``[my supervisor]``, ``[name]``), organisations (``[a biotech
company]``), places smaller than a state (``[a city]``), and contact details
and numbers (``contacts``). One entity gets one placeholder everywhere, in the
subject and the sign-off too, under every form the letter gives it (``Dr.
Marsh``, ``Marsh's``, ``Elaine`` after ``Dr. Elaine Marsh``). Capitalised words
the tool cannot place are listed as *unsure* for the editor, and left as they are.
"""

import re
from dataclasses import dataclass, field

from . import contacts, gazetteers
from .contacts import EMAIL, Span, without_signature
from .gazetteers import fold
from .names import CONNECTORS, LEGAL, mentions

WRITER = "[name removed]"
#: What the editor's note lists for the writer's own name and address: never the values, which
#: the queue keeps (a draft's file may be shared before the note is deleted).
WRITERS_NAME = "(the writer's name)"
WRITERS_EMAIL = "(the writer's e-mail address)"
_MY_NAME = re.compile(r"\b(?i:my name is|name:|call me)\s+(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_MY_WORK = re.compile(r"\b(?:I|we)\s+(?:now\s+)?(?:work|worked|am working|have worked|have been working|am)\s+"
                      r"(?:[\w-]+\s+){0,4}?(?:at|for)\s+(?:a\s+|an\s+|the\s+)?$|\bmy\s+(?:job|employer)\s+at\s+$",
                      re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_REPEATED_WRITER = re.compile(rf"{re.escape(WRITER)}(\s+{re.escape(WRITER)})+")
_WORD_CHAR = re.compile(r"\w")
_SPACING = r"(?:[ \t]+\n?[ \t]*|\n[ \t]*)"
_ARTICLE = re.compile(r"\b(?:the|a|an)[ \t]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Replacement:
    """``original`` (as the letter writes it, spaces normalised) became ``placeholder``."""

    original: str
    placeholder: str
    kind: str

    def __str__(self):
        return f"{self.original} → {self.placeholder}"


@dataclass
class Anonymised:
    """A letter's subject, text and sign-off anonymised, and what the editor should check."""

    subject: str | None
    text: str
    signoff: str | None
    replacements: list[Replacement] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    #: what was searched (subject, letter and sign-off, a blank line apart) and the replaced spans in it
    source: str = ""
    spans: list[Span] = field(default_factory=list)


@dataclass
class _Entity:
    kind: str
    words: set
    mentions: list = field(default_factory=list)
    surfaces: set = field(default_factory=set)
    placeholder: str = ""


def one_space(text):
    return _WHITESPACE.sub(" ", text).strip()


def anonymise(text, names=(), emails=()):
    """``text`` without its writer, the people, organisations and places it names, and contact
    details (see :func:`anonymise_letter`).

    >>> anonymise("Call +44 20 7946 0958 or mail jo at example dot com. Jo Bloggs", names=["Jo Bloggs"])
    'Call [phone number removed] or mail [e-mail address removed]. [name removed]'
    """
    return anonymise_letter(text, names=names, emails=emails).text if text else text


def anonymise_letter(text, subject=None, signoff=None, names=(), emails=()):
    """The :class:`Anonymised` letter: ``text`` without a signature, and with ``subject`` and
    ``signoff`` anonymised alike (an entity found in the letter is replaced in them too; the
    sign-off's own words are the reader's chosen pseudonym and stay). ``names`` and ``emails``:
    the sender's, replaced by ``[name removed]`` and ``[e-mail address removed]``.

    >>> letter = anonymise_letter("I work at Halvorsen Biotech under Dr. Elaine Marsh. Elaine is kind.")
    >>> letter.text
    'I work at [a biotech company] under [name]. [name] is kind.'
    >>> [str(r) for r in letter.replacements]
    ['Halvorsen Biotech → [a biotech company]', 'Dr. Elaine Marsh → [name]', 'Elaine → [name]']
    """
    text = without_signature(text or "")
    subject, signoff = subject or "", signoff or ""
    document = f"{subject}\n\n{text}\n\n{signoff}"
    parts = {"subject": (0, len(subject)), "text": (len(subject) + 2, len(subject) + 2 + len(text))}
    parts["signoff"] = (parts["text"][1] + 2, len(document))
    # the sign-off is the reader's chosen pseudonym: searched only for what the rest names
    found = mentions(document[:parts["signoff"][0]], title_end=len(subject))
    entities = _entities(found, document)
    spans = contacts.find(document) + _writer_spans(document, names, emails) + _entity_spans(document, entities)
    # a span across the subject, the letter and the sign-off (a role in one, a name in the next) is none
    spans = [span for span in spans if any(start <= span.start and span.end <= end for start, end in parts.values())]
    chosen = _choose(spans, len(document))
    result = {part: _apply(document, chosen, start, end) for part, (start, end) in parts.items()}
    covered = bytearray(len(document))
    for span in chosen:
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    unsure = dict.fromkeys(one_space(document[m.start:m.end]) for m in found
                           if m.kind == "unsure" and not any(covered[m.start:m.end]))
    listed = {}
    replacements = dict.fromkeys(Replacement(_listed(document, span, listed), span.placeholder, span.kind)
                                 for span in chosen)
    return Anonymised(result["subject"] or None, result["text"], result["signoff"] or None, list(replacements),
                      list(unsure), document, chosen)


def _listed(document, span, listed):
    """What the editor's note lists as replaced: a name as written, a contact detail or number by its
    kind only ("(phone number 2)"), so that the draft's file holds none (``listed``: those seen)."""
    value = span.original or one_space(document[span.start:span.end])
    if span.original or span.kind in ("person", "organisation", "place"):
        return value
    key = (span.kind, value.casefold())
    if key not in listed:
        number = 1 + sum(kind == span.kind for kind, _ in listed)
        listed[key] = f"({contacts.KINDS.get(span.kind, span.kind)} {number})"
    return listed[key]


def _entities(found, document):
    """Mentions grouped into entities: a person's shorter forms join the fullest name that holds them."""
    entities = []
    people = sorted((m for m in found if m.kind == "person"), key=lambda m: (-len(m.words), m.start))
    for mention in people:
        entity = next((e for e in entities if set(mention.words) <= e.words), None)
        if entity is None:
            entity = _Entity("person", set(mention.words))
            entities.append(entity)
        entity.mentions.append(mention)
    others = {}
    for mention in found:
        if mention.kind in ("organisation", "place"):
            key = (mention.kind, tuple(word for word in mention.words if word not in LEGAL))
            others.setdefault(key, _Entity(mention.kind, set(mention.words))).mentions.append(mention)
    entities += others.values()
    for entity in entities:
        entity.mentions.sort(key=lambda m: m.start)
        entity.surfaces = _surfaces(entity, document)
    _name_placeholders(entities, document)
    return entities


def _surfaces(entity, document):
    """Every form of the entity to replace: as written, and a person's given name, surname and
    title with surname (each unless it is a common English word)."""
    surfaces = set()
    for mention in entity.mentions:
        written = one_space(document[mention.start:mention.end])
        surfaces.add(written)
        if entity.kind == "organisation":
            words = written.split()
            if len(words) > 2 and fold(words[-1].rstrip(".")) in LEGAL:
                surfaces.add(" ".join(words[:-1]).rstrip(","))
        if entity.kind != "person":
            continue
        words = [w for w in written.split() if w.lower() not in CONNECTORS]
        if mention.title:
            words = words[1:]
        if not words:
            continue
        given, family = words[0], words[-1]
        if len(given) > 1 and (fold(given) in gazetteers.first_names() or not gazetteers.is_common_word(given)):
            surfaces.add(given)
        if len(family) > 1 and not gazetteers.is_common_word(family):
            surfaces.add(family)
            if mention.title:
                surfaces.add(f"{mention.title} {family}")
    return surfaces


def _name_placeholders(entities, document):
    taken = {}
    for entity in sorted(entities, key=lambda e: e.mentions[0].start):
        base = _base_placeholder(entity, document)
        taken[base] = taken.get(base, 0) + 1
        entity.placeholder = f"[{_nth(base, taken[base])}]"


def _base_placeholder(entity, document):
    if entity.kind == "person":
        role = next((m for m in entity.mentions if m.placeholder), None)
        if role is None:
            return "name"
        determiner = role.determiner
        if determiner in ("a", "an"):
            determiner = "an" if role.placeholder[0].lower() in "aeiou" else "a"
        return f"{determiner} {role.placeholder}"
    kind = next((m.placeholder for m in entity.mentions if m.placeholder), None)
    if kind:
        return kind
    if entity.kind == "organisation":
        mine = any(_MY_WORK.search(document[max(0, m.start - 60):m.start]) for m in entity.mentions)
        return "my company" if mine else "a company"
    return "a place"


def _nth(base, number):
    """The placeholder of the ``number``-th entity that would have ``base``: "another city",
    "my other manager", "a third company", "second name"."""
    if number == 1:
        return base
    first, _, rest = base.partition(" ")
    if number == 2 and first in ("a", "an") and rest:
        return f"another {rest}"
    if number == 2 and first in ("my", "our", "his", "her", "their", "the") and rest:
        return f"{first} other {rest}"
    ordinal = _ORDINALS[number - 2] if number - 2 < len(_ORDINALS) else f"{number}th"
    if first in ("a", "an", "my", "our", "his", "her", "their", "the") and rest:
        return f"{'a' if first in ('a', 'an') else first} {ordinal} {rest}"
    return f"{ordinal} {base}"


def _pattern(surface):
    """``surface`` with any spacing between its words, a line break too, never a blank line."""
    return _SPACING.join(re.escape(word) for word in surface.split())


def _entity_spans(document, entities):
    """Every occurrence of every entity's surfaces (whole words, case as written)."""
    by_surface = {}
    for entity in entities:
        for surface in entity.surfaces:
            by_surface.setdefault(surface, entity)
    if not by_surface:
        return []
    ordered = sorted(by_surface, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(_pattern(s) for s in ordered) + r")(?!\w)")
    spans = []
    for match in pattern.finditer(document):
        entity = by_surface.get(one_space(match.group(0)))
        if entity is not None:
            start = match.start()
            if entity.placeholder.startswith(("[a ", "[an ", "[my ")):  # "the [a university]" reads badly
                article = _ARTICLE.search(document, max(0, start - 5), start)
                start = article.start() if article else start
            spans.append(Span(start, match.end(), entity.kind, entity.placeholder, one_space(match.group(0))))
    for entity in entities:
        spans += [Span(m.role_start, m.role_end, entity.kind, entity.placeholder,
                       one_space(document[m.start:m.end]))
                  for m in entity.mentions if m.role_start is not None]
    return spans


def _writer_spans(document, sender_names, emails):
    lowered = document.lower()
    spans = []
    for email in filter(None, (email.strip() for email in emails)):
        spans += [Span(start, end, "writer", EMAIL, WRITERS_EMAIL)
                  for start, end in _occurrences(document, lowered, email, words=False)]
    parts = [match["name"] for match in _MY_NAME.finditer(document)]
    for name in filter(None, sender_names):
        parts.append(name.strip())
        parts += [part for part in re.findall(r"[\w'’-]{2,}", name) if part[0].isupper() or part.isupper()]
    for part in filter(None, parts):
        spans += [Span(start, end, "writer", WRITER, WRITERS_NAME)
                  for start, end in _occurrences(document, lowered, part, words=True)]
    return spans


def _occurrences(document, lowered, needle, words):
    """``(start, end)`` of each occurrence of ``needle`` in ``document`` whatever the case (as whole
    words with ``words``). A plain search in ``lowered`` (``document.lower()``): no pattern to compile
    for each sender, unless lower case changes the text's length ("İ"), where a pattern is used."""
    if len(lowered) != len(document) or len(needle.lower()) != len(needle):
        pattern = rf"(?<!\w){re.escape(needle)}(?!\w)" if words else re.escape(needle)
        return [match.span() for match in re.finditer(pattern, document, re.IGNORECASE)]
    needle, found, start = needle.lower(), [], lowered.find(needle.lower())
    while start >= 0:
        end = start + len(needle)
        if not words or not (start and _WORD_CHAR.match(document[start - 1]) or _WORD_CHAR.match(document, end)):
            found.append((start, end))
        start = lowered.find(needle, start + 1)
    return found


def _choose(spans, size):
    """The spans to replace, none overlapping: the writer's address first, then contact details and
    the writer's name, then the rest; the longest first within each."""
    taken = bytearray(size)
    chosen = []
    def rank(span):
        first = -1 if span.original == WRITERS_EMAIL else 1 if span.kind in ("person", "organisation", "place") else 0
        return first, span.start - span.end, span.start

    for span in sorted(spans, key=rank):
        if span.end > span.start and not any(taken[span.start:span.end]):
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def _apply(document, chosen, start, end):
    """``document[start:end]`` with the chosen spans inside it replaced; consecutive writer
    placeholders become one."""
    pieces, position = [], start
    for span in chosen:
        if span.start >= start and span.end <= end:
            pieces += [document[position:span.start], span.placeholder]
            position = span.end
    pieces.append(document[position:end])
    text = "".join(pieces)
    return _REPEATED_WRITER.sub(WRITER, text)
