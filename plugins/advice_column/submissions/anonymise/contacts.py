"""Contact details and numbers in a letter: where they are, and what stands in for them.

E-mail addresses (odd spellings too), links, social handles, phone numbers,
street addresses, dates of birth, and ID or account numbers. Every pattern's
repetitions are bounded, so a hostile 256 KiB letter is searched in linear time.
"""

import re
from dataclasses import dataclass

EMAIL = "[e-mail address removed]"
PHONE = "[phone number removed]"
LINK = "[link removed]"
HANDLE = "[handle removed]"
ADDRESS = "[street address removed]"
BIRTH_DATE = "[date of birth removed]"
NUMBER = "[ID number removed]"

#: What each kind of span is called in the editor's note (which never lists the values).
KINDS = {"e-mail": "e-mail address", "link": "link", "handle": "handle", "phone": "phone number",
         "address": "street address", "date of birth": "date of birth", "number": "ID number"}

_AT = r"(?:@|\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+)"
# An address's parts are at most 64 and 63 characters and a domain has few labels, so a
# long run of letters, dots or dashes cannot make the search quadratic.
_EMAIL = re.compile(
    rf"(?<![\w.+%-])(?:mailto:)?[\w.+%-]{{1,64}}{_AT}[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,8}}{_DOT}[a-z]{{2,12}}\b",
    re.IGNORECASE)
_URL = re.compile(
    r"\b(?:(?:https?|ftp|javascript|data|vbscript|file|tel|sms):\S*|www\.\S+"
    r"|(?:[a-z0-9-]{1,63}\.){1,10}(?:com|org|net|io|co|uk|de|fr|ca|au|us|info|biz|me|ly|dev|app|edu|gov"
    r"|nl|es|it|ch|se|no|in|jp)\b(?:/\S*)?)",
    re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b")
_PHONE = re.compile(r"(?<![\w/])(?:\+|\b00)?\(?\d[\d \t().\-/]{5,60}\d(?![\w/])")
_NOT_PHONE = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}\s*-\s*\d{4})$")
_SSN = re.compile(r"^\d{3}-\d{2}-\d{4}$")
_STREET_TYPES = (r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|"
                 r"Terrace|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Row|Close|Crescent")
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:[ \t]+[A-Z][\w'’-]{{0,30}}){{1,4}}[ \t]+(?:{_STREET_TYPES})\b\.?"
    r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Unit|#)\.?[ \t]*\w{1,6})?")
_MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?")
_DATE = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTHS},?[ \t]+\d{{4}}"
         rf"|{_MONTHS}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}}"
         r"|\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4})")
_BIRTH_DATE = re.compile(
    rf"\b(?:born(?:[ \t]+on)?|birth(?:day|[ \t]*date)?|date[ \t]+of[ \t]+birth|DOB|d\.o\.b\.)[:,]?[ \t\n]+(?:is[ \t]+)?"
    rf"(?P<date>{_DATE})", re.IGNORECASE)
# A number that names one person's record: a run of 6 or more digits (or digits and
# capitals with a dash) after a word that says so, or a bare run of 8 or more digits.
_ID_NUMBER = re.compile(
    r"\b(?:(?:ID|id|number|no\.|#|account|acct\.?|badge|employee|member|policy|case|SSN|passport|"
    r"license|licence)[ \t]*(?:number|no\.?|#)?[ \t]*(?:was|is|:)?[ \t]*)"
    r"(?P<id>[A-Z]{0,4}-?\d[\d-]{4,18}\d)\b"
    r"|(?<![\w$.,])(?P<long>\d{8,19})(?![\w.,]\d)")
_CLOSING = re.compile(
    r"^(thanks|thank you|many thanks|thanks in advance|best|best regards|best wishes|regards|kind regards|"
    r"warm regards|warmly|sincerely|yours|yours truly|yours sincerely|cheers|all the best|respectfully|"
    r"cordially|take care)\b[^\n]{0,30}$", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>\"'’”"


@dataclass(frozen=True)
class Span:
    """Where something identifying is: ``text[start:end]``, its kind and its placeholder."""

    start: int
    end: int
    kind: str
    placeholder: str
    #: what the editor's note lists as replaced, when not ``text[start:end]``
    original: str | None = None


def without_signature(text):
    """Drop a closing ("Thanks,", "Best regards") in the last lines and the short lines after it."""
    lines = text.rstrip().split("\n")
    for number in range(len(lines) - 1, max(-1, len(lines) - 7), -1):
        after = lines[number + 1:]
        if _CLOSING.match(lines[number].strip()) and len(after) <= 4 and all(len(line) < 60 for line in after):
            return "\n".join(lines[:number]).rstrip()
    return text


def _trimmed(match, group=0):
    """``(start, end)`` of ``match`` without trailing punctuation (a link at a sentence's end)."""
    text = match.group(group)
    return match.start(group), match.start(group) + len(text.rstrip(_TRAILING))


def _phone_like(text):
    digits = sum(char.isdigit() for char in text)
    return 7 <= digits <= 15 and not _NOT_PHONE.match(text.strip())


#: Cheap searches that say whether a slower pattern can match at all (most letters have no
#: address, link or number: the search then costs a fraction of the patterns').
_MAY_HAVE = {
    "e-mail": lambda text, lowered: "@" in text or "dot" in lowered,
    "link": lambda text, lowered: _LINK_HINT.search(text) is not None,
    "date of birth": lambda text, lowered: "born" in lowered or "birth" in lowered or "d.o.b" in lowered
    or "dob" in lowered,
    "number": lambda text, lowered: _NUMBER_HINT.search(text) is not None,
}
_LINK_HINT = re.compile(r"\.[A-Za-z]{2}|:\S")
_NUMBER_HINT = re.compile(r"\d[\d-]{4}")
_ADDRESS_HINT = re.compile(r"\d[A-Za-z]?[ \t]+[A-Z]")


def find(text):
    """Every contact detail and identifying number in ``text``, as :class:`Span` objects, in the
    order of the patterns (e-mails first); spans may overlap (the caller chooses among them).

    >>> text = "Call (555) 123-4567, jo@x.org"
    >>> [text[s.start:s.end] for s in find(text)]
    ['jo@x.org', 'x.org', '(555) 123-4567']
    """
    lowered = text.lower()
    may = {kind: hint(text, lowered) for kind, hint in _MAY_HAVE.items()}
    spans = [Span(m.start(), m.end(), "e-mail", EMAIL) for m in _EMAIL.finditer(text)] if may["e-mail"] else []
    if may["link"]:
        spans += [Span(*_trimmed(m), "link", LINK) for m in _URL.finditer(text)]
    if "@" in text:
        spans += [Span(m.start(), m.end(), "handle", HANDLE) for m in _HANDLE.finditer(text)]
    if may["date of birth"]:
        spans += [Span(*_trimmed(m, "date"), "date of birth", BIRTH_DATE) for m in _BIRTH_DATE.finditer(text)]
    if _ADDRESS_HINT.search(text):
        spans += [Span(m.start(), m.end(), "address", ADDRESS) for m in _ADDRESS.finditer(text)]
    numbers = [(match, "id" if match.group("id") else "long")
               for match in (_ID_NUMBER.finditer(text) if may["number"] else ())]
    # a number its words call an ID is one, whatever its digits; a bare long number may be a phone's
    spans += [Span(m.start(g), m.end(g), "number", NUMBER) for m, g in numbers if g == "id"]
    for match in _PHONE.finditer(text):
        value = match.group(0)
        if _SSN.match(value.strip()):
            spans.append(Span(match.start(), match.end(), "number", NUMBER))
        elif _phone_like(value):
            spans.append(Span(match.start(), match.end(), "phone", PHONE))
    spans += [Span(m.start(g), m.end(g), "number", NUMBER) for m, g in numbers if g == "long"]
    return spans
