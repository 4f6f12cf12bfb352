"""An XSS corpus, and the checks that no active content survives in what we publish.

``PAYLOADS`` are one-line strings an attacker (or a careless paste) could put in any
text we take in: metadata, Markdown bodies, the vocabulary, reader submissions.
:func:`assert_inert` parses a page the way a browser does (html5lib, the WHATWG
algorithm) and fails on anything that could run: a script that is not ours, an
event handler, a ``javascript:``/``data:``/``vbscript:`` URL, a frame, object,
embed, SVG or MathML, a ``<base>``, or a refresh to anywhere but our own pages.
:func:`assert_shows` checks that hostile *plain text* is shown literally (escaped,
neither dropped nor interpreted).
"""

import json
import re

from bs4 import BeautifulSoup

#: name -> payload. Each carries a unique marker, so what survives can be traced to its source.
PAYLOADS = {
    "script": '<script>alert("xss-script")</script>',
    "img-onerror": "<img src=x onerror=alert('xss-img')>",
    "javascript-url": "<a href=\"javascript:alert('xss-jsurl')\">click me</a>",
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">xss-data</a>',
    "svg-onload": "<svg onload=alert('xss-svg')><circle r=1 /></svg>",
    "double-quote-breakout": "\"><script>alert('xss-dq')</script><b x=\"",
    "single-quote-breakout": "'><img src=x onerror=alert('xss-sq')><b x='",
    "entity-double-decode": "&lt;script&gt;alert('xss-entity')&lt;/script&gt;",
    "script-end-in-json": "</script><script>alert('xss-jsonld')</script>",
    "iframe": "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
    "object-embed": '<object data="data:text/html,xss-object"></object><embed src="javascript:alert(1)">',
    "obfuscated-scheme": "<a href=\" jav&#x09;ascript:alert('xss-tab')\">tab</a>",
    "unclosed-tag": "<img src=x onerror=alert('xss-unclosed')",
    "unclosed-element": "<b onmouseover=\"alert('xss-unclosed-b')\">bold",
    "fullwidth-and-separators": "\uff1cscript\uff1ealert('xss-wide')\uff1c/script\uff1e \u202eRTL\u200d",
    "formaction": "<form><button formaction=\"javascript:alert('xss-form')\">go</button></form>",
    "mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-mxss')>",
    "style-import": "<style>@import 'javascript:alert(1)';</style>xss-style",
    "meta-refresh": "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-refresh')\">",
    "base-href": "<base href=\"javascript:alert('xss-base')//\">",
    "template-injection": "{{ 7*7 }} {% raw %}xss-jinja ${7*7}",
    "xml-breakers": "]]> <!-- xss-xml & --> <![CDATA[ x ]]>",
    "markdown-links": "[xss-md](javascript:alert('xss-md')) ![xss-img-md](data:image/svg+xml;base64,PHN2Zz4=) "
                      "<javascript:alert('xss-auto')> [ref][evil]",
}

#: Attributes that hold URLs a browser may load or navigate to.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
                  "cite", "longdesc", "ping", "manifest", "codebase", "lowsrc", "dynsrc", "icon")
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_ELEMENTS = ("iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base",
                      "portal", "fencedframe")
#: Our own scripts: the search page's module (theme) and Pagefind's bundle.
OWN_SCRIPT_SRC = re.compile(r"^(https?://[^/]+)?/(theme|pagefind)/[\w./-]+\.js$")
#: Characters a browser ignores or strips when it reads a URL's scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def parse(html):
    """``html`` as a browser builds it (html5lib: the WHATWG parsing algorithm)."""
    return BeautifulSoup(html, "html5lib")


def active_url(value):
    """Whether a URL attribute's value would run code or load inline content."""
    return _URL_NOISE.sub("", value).lower().startswith(ACTIVE_SCHEMES)


def problems(html, refresh_to=()):
    """Everything active in ``html``; ``refresh_to``: URL prefixes a meta refresh may go to."""
    soup = parse(html)
    found = []
    for element in soup.find_all(True):
        name = element.name.lower()
        if name in FORBIDDEN_ELEMENTS or ":" in name and name.split(":")[-1] in FORBIDDEN_ELEMENTS:
            found.append(f"<{name}> element")
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attribute.lower().startswith("on"):
                found.append(f"<{name} {attribute}=…> event handler")
            if attribute.lower() in URL_ATTRIBUTES and active_url(value):
                found.append(f"<{name} {attribute}={value!r}>")
            if attribute.lower() in ("srcset", "imagesrcset"):
                found += [f"<{name} srcset {c!r}>" for c in value.split(",") if active_url(c.strip())]
        if name == "script":
            found += _script_problem(element)
        if name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            target = element.get("content", "").partition("url=")[2].strip()
            if not target.startswith(tuple(refresh_to)) or not refresh_to:
                found.append(f"<meta refresh> to {target!r}")
    return found


def _script_problem(element):
    if element.get("type") == "application/ld+json":
        try:
            json.loads(element.string or "")
        except ValueError as error:
            return [f"JSON-LD that is not JSON ({error})"]
        return []
    if element.get("src") and OWN_SCRIPT_SRC.match(element["src"]) and not (element.string or "").strip():
        return []
    return [f"script not ours: {str(element)[:120]!r}"]


def assert_inert(html, where="", refresh_to=()):
    """Fail with every active thing found in ``html`` (``where`` names the file in the message)."""
    found = problems(html, refresh_to)
    assert not found, f"{where}: active content: " + "; ".join(found)


def assert_shows(element, text, where=""):
    """``element`` (parsed HTML) shows ``text`` literally as its visible text."""
    shown = " ".join(element.get_text().split())
    assert " ".join(text.split()) in shown, f"{where}: {text!r} is not shown literally in {shown[:300]!r}"
