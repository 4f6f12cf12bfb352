"""Checks any endpoint makes before it stores a post: each failure is a :class:`Refusal`
with its HTTP status and a sentence for the reader saying what to do, in the words of
what the endpoint takes (:data:`LETTER`, :data:`COMMENT`)."""

import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class Refusal(Exception):
    status: int
    title: str
    message: str


@dataclass(frozen=True)
class Words:
    """What an endpoint takes, and the pages it is sent from, in its refusals."""

    noun: str  # "letter"
    source: str  # "the column's own ask page": where posts are accepted from
    page: str  # "the ask page": where to send it again
    form: str  # "the ask page's form": what the address takes


LETTER = Words("letter", "the column's own ask page", "the ask page", "the ask page's form")
COMMENT = Words("comment", "the column's own pages", "the column's page", "the comment forms of the column's pages")


def check_origin(headers, origins, words=LETTER):
    """403 when the post comes from a page of another site (``Origin``, else ``Referer``).
    A post without either (a script, a privacy extension) is let through: its content is
    checked like any other."""
    origin = headers.get("origin")
    if origin is None and headers.get("referer"):
        parts = urlsplit(headers["referer"])
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin is not None and origin not in origins:
        raise Refusal(403, "Not from this site",
                      f"{words.noun.capitalize()}s are accepted only from {words.source}. Open {words.page} "
                      f"and send your {words.noun} from there.")


class RateLimit:
    """At most ``per_minute`` posts from one address in any 60 seconds (memory: one deque of
    recent times per recent address; addresses silent for a minute are forgotten)."""

    WINDOW = 60.0

    def __init__(self, per_minute, clock=time.monotonic, words=LETTER):
        self.per_minute, self.clock, self.words = per_minute, clock, words
        self.recent = {}
        self.next_sweep = clock() + self.WINDOW

    def check(self, address):
        now = self.clock()
        if now >= self.next_sweep:
            self.recent = {key: times for key, times in self.recent.items() if times[-1] > now - self.WINDOW}
            self.next_sweep = now + self.WINDOW
        times = self.recent.setdefault(address, deque())
        while times and times[0] <= now - self.WINDOW:
            times.popleft()
        if len(times) >= self.per_minute:
            raise Refusal(429, f"Too many {self.words.noun}s at once",
                          f"Too many {self.words.noun}s were sent from your address in the last minute. Wait a "
                          "minute, then send yours again.")
        times.append(now)


def check_content_type(headers, words=LETTER):
    kind, _, parameters = headers.get("content-type", "").partition(";")
    charset = dict(part.strip().lower().partition("=")[::2] for part in parameters.split(";") if "=" in part)
    if kind.strip().lower() != FORM_TYPE or charset.get("charset", "utf-8").strip('"') != "utf-8":
        raise Refusal(415, "Not a form",
                      f"This address takes {words.form} only (sent as an ordinary HTML form, UTF-8).")


async def read_body(request, max_bytes, words=LETTER):
    """The body, at most ``max_bytes`` (413 beyond, read no further)."""
    too_large = Refusal(413, f"{words.noun.capitalize()} too long",
                        f"The {words.noun} is over {max_bytes:,} bytes. Shorten it, then send it again.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    return bytes(body)


def parse_form(body, limits, words=LETTER):
    """``{field: value}`` of a form-encoded UTF-8 body, for the fields in ``limits`` (name ->
    most characters) only; the first value of a field repeated counts. 400 on bad bytes or a
    field over its limit."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=100)
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, f"{words.noun.capitalize()} not readable",
                      f"The {words.noun} could not be read as UTF-8 text. Send it again from "
                      f"{words.page}.") from None
    fields = {}
    for name, value in pairs:
        if name in limits and name not in fields:
            if len(value) > limits[name]:
                raise Refusal(400, "A field is too long",
                              f"The field “{name}” is over {limits[name]:,} characters. Shorten it, then send "
                              f"the {words.noun} again.")
            fields[name] = value
    return fields
