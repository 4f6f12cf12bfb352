"""Plain text from what readers send: HTML bodies, quoted replies, forwarding wrappers, sign-offs."""

import re

from bs4 import BeautifulSoup

#: Elements whose text never belongs to the letter (code, styling, quoted replies).
_DROPPED = ("script", "style", "head", "title", "template", "blockquote")
_BLOCKS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "section", "article",
           "ul", "ol", "table", "address")

_REPLY_INTRO = re.compile(r"^\s*(On\b.{0,300}\bwrote:|Le\b.{0,300}\ba écrit\s*:|Am\b.{0,300}\bschrieb\b.*:)\s*$",
                          re.IGNORECASE | re.DOTALL)
_REPLY_INTRO_START = re.compile(r"^\s*(On|Le|Am)\s+\S", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE)
_FORWARD_WRAPPER = re.compile(
    r"^\s*(-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:|-{2,}\s*Forwarded by .*-{2,})\s*$",
    re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*(From|Date|Sent|Subject|To|Cc|Reply-To)\s*:\s*(.*)$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
#: A sign-off line of the reader's own: "— Ghosted in Ohio", "-- Tired Teacher", "Signed, Tired".
_SIGNOFF = re.compile(r"^\s*(?:[—–]+|-{1,2}(?=\s*\S)|Signed,)\s*(?P<name>\S.{0,80}?)\s*$")


def html_to_text(html):
    """The readable text of an HTML body, one line per block, quoted replies dropped.

    >>> html_to_text("<p>Hi<br>there</p><blockquote>old</blockquote><script>x()</script>")
    'Hi\\nthere'
    """
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_DROPPED):
        element.decompose()
    for element in soup.select(".gmail_quote, .yahoo_quoted, #appendonsend, #divRplyFwdMsg"):
        element.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    return tidy(soup.get_text())


def tidy(text):
    """Spaces collapsed within lines, at most one blank line between paragraphs, no edges.

    >>> tidy("  a   b \\r\\n\\n\\n\\n c\\t")
    'a b\\n\\nc'
    """
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def unwrap_forward(text):
    """``(letter, headers)``: the forwarded letter inside an inline forwarding wrapper.

    The forwarder's note above the wrapper is dropped; ``headers`` holds the
    ``From``/``Date``/``Subject`` lines of the forwarded message (lower-case keys).
    Text without a wrapper comes back unchanged, with no headers.
    """
    lines = text.split("\n")
    for start, line in enumerate(lines):
        if _FORWARD_WRAPPER.match(line):
            break
    else:
        return text, {}
    headers, body_start = {}, start + 1
    for number in range(start + 1, len(lines)):
        match = _HEADER_LINE.match(lines[number])
        if match:
            headers.setdefault(match[1].lower(), match[2].strip())
            body_start = number + 1
        elif lines[number].strip() or headers:
            break
    return "\n".join(lines[body_start:]), headers


def strip_reply(text):
    """The letter without quoted text: ``>`` lines, "On … wrote:" and everything after an
    Outlook "Original Message" separator or a ``-- `` signature delimiter.

    >>> strip_reply("My question.\\n\\nOn Mon, 1 Jan 2024, Ann wrote:\\n> earlier")
    'My question.'
    """
    lines = text.split("\n")
    kept = []
    for number, line in enumerate(lines):
        two_lines = " ".join(lines[number:number + 2])
        if (_ORIGINAL_MESSAGE.match(line) or _SIGNATURE.match(line) or _REPLY_INTRO.match(line)
                or (_REPLY_INTRO_START.match(line) and _REPLY_INTRO.match(two_lines))):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def split_signoff(text):
    """``(letter, signoff)``: a last line such as "— Ghosted in Ohio" taken off as the sign-off.

    >>> split_signoff("I need help.\\n\\n— Ghosted in Ohio")
    ('I need help.', 'Ghosted in Ohio')
    """
    lines = text.rstrip().split("\n")
    match = _SIGNOFF.match(lines[-1]) if len(lines) > 1 else None
    if not match:
        return text.strip(), None
    return "\n".join(lines[:-1]).strip(), one_line(match["name"])


def clean_letter(text):
    """A reader's letter as plain text: wrapper, quotes and signature removed, spacing tidied."""
    return strip_reply(tidy(text))


def one_line(value, limit=200):
    """A metadata-safe value: control characters and line breaks become spaces, cut at ``limit``.

    >>> one_line("Hello\\r\\nStatus: published")
    'Hello Status: published'
    """
    if value is None:
        return None
    value = re.sub(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+", " ", str(value))
    value = " ".join(value.split())
    return cut(value, limit) or None


def cut(text, limit):
    """``text`` cut to at most ``limit`` characters on a word boundary, with an ellipsis.

    >>> cut("one two three", 9)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.") + "…"
