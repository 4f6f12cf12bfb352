"""Take the reader out of the letter: addresses, phone numbers, links, names, signatures.

Used for drafts, which may be published. Replacements are neutral
placeholders in square brackets. Over-removal (a capitalised word that is also
the sender's first name) is preferred to a leak.
"""

import re

EMAIL = "[e-mail address removed]"
PHONE = "[phone number removed]"
LINK = "[link removed]"
NAME = "[name removed]"

_AT = r"(?:@|\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+)"
# Every repetition is bounded (an address's parts are at most 64 and 63 characters,
# a domain has few labels), so a long run of letters, dots or dashes cannot make
# the search quadratic: a hostile 256 KiB letter is anonymised in about a second.
_EMAIL = re.compile(
    rf"(?<![\w.+%-])(?:mailto:)?[\w.+%-]{{1,64}}{_AT}[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,8}}{_DOT}[a-z]{{2,12}}\b",
    re.IGNORECASE)
_URL = re.compile(
    r"\b(?:(?:https?|ftp|javascript|data|vbscript|file|tel|sms):\S*|www\.\S+"
    r"|(?:[a-z0-9-]{1,63}\.){1,10}(?:com|org|net|io|co|uk|de|fr|ca|au|us|info|biz|me|ly|dev|app|edu|gov"
    r"|nl|es|it|ch|se|no|in|jp)\b(?:/\S*)?)",
    re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w/])(?:\+|\b00)?\(?\d[\d \t().\-/]{5,60}\d(?![\w/])")
_NOT_PHONE = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}\s*-\s*\d{4})$")
_CLOSING = re.compile(
    r"^(thanks|thank you|many thanks|thanks in advance|best|best regards|best wishes|regards|kind regards|"
    r"warm regards|warmly|sincerely|yours|yours truly|yours sincerely|cheers|all the best|respectfully|"
    r"cordially|take care)\b[^\n]{0,30}$", re.IGNORECASE)
_MY_NAME = re.compile(r"\b(my name is|name:|call me)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>\"'’”"


def _link(match):
    text = match.group(0)
    stripped = text.rstrip(_TRAILING)
    return LINK + text[len(stripped):]


def _phone(match):
    text = match.group(0)
    digits = sum(char.isdigit() for char in text)
    if not 7 <= digits <= 15 or _NOT_PHONE.match(text.strip()):
        return text
    return PHONE


def without_signature(text):
    """Drop a closing ("Thanks,", "Best regards") in the last lines and the short lines after it."""
    lines = text.rstrip().split("\n")
    for number in range(len(lines) - 1, max(-1, len(lines) - 7), -1):
        after = lines[number + 1:]
        if _CLOSING.match(lines[number].strip()) and len(after) <= 4 and all(len(line) < 60 for line in after):
            return "\n".join(lines[:number]).rstrip()
    return text


def anonymise(text, names=(), emails=()):
    """``text`` without e-mail addresses (odd spellings too), phone numbers, links, the sender's
    names and a signature.

    >>> anonymise("Call +44 20 7946 0958 or mail jo at example dot com. Jo Bloggs", names=["Jo Bloggs"])
    'Call [phone number removed] or mail [e-mail address removed]. [name removed]'
    """
    if not text:
        return text
    text = without_signature(text)
    for email in filter(None, emails):
        text = re.sub(re.escape(email), EMAIL, text, flags=re.IGNORECASE)
    text = _EMAIL.sub(EMAIL, text)
    text = _URL.sub(_link, text)
    text = _PHONE.sub(_phone, text)
    text = _MY_NAME.sub(lambda match: f"{match.group(1)} {NAME}", text)
    for name in filter(None, names):
        text = re.sub(rf"(?<!\w){re.escape(name.strip())}(?!\w)", NAME, text, flags=re.IGNORECASE)
        for part in re.findall(r"[\w'’-]{2,}", name):
            if part[0].isupper() or part.isupper():
                text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", NAME, text)
    return re.sub(rf"{re.escape(NAME)}(\s+{re.escape(NAME)})+", NAME, text)
