"""Rendered column and page HTML sanitised of active content with nh3.

Editors are trusted to write Markdown and some raw HTML, but nothing in
``content/`` may run in a reader's browser: no script, style element, event
handler, ``javascript:``/``data:`` URL, frame, object, embed, form or SVG
survives. Everything the Markdown extensions produce (tables with alignment,
footnotes, abbreviations, highlighted code, definition lists) and responsive
images (``picture``, ``srcset``) does.

>>> clean('<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x()">you</a></p>')
'<p>Hi <a>you</a></p>'
"""

from urllib.parse import urlsplit

import nh3

#: nh3's safe defaults, plus the elements columns use.
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"section", "picture", "source", "tfoot"}
ALLOWED_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "*": {"id", "class", "lang", "dir", "title", "role", "aria-label", "aria-labelledby",
          "aria-describedby", "aria-hidden"},
    "img": nh3.ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes", "loading", "decoding"},
    "source": {"src", "srcset", "sizes", "type", "media", "width", "height"},
    "th": nh3.ALLOWED_ATTRIBUTES["th"] | {"style"},
    "td": nh3.ALLOWED_ATTRIBUTES["td"] | {"style"},
    "time": {"datetime"},
    "data": {"value"},
}
#: Only table alignment survives in a ``style`` attribute (Markdown tables write it).
STYLE_PROPERTIES = {"text-align"}
#: Absolute URLs must use one of these; relative URLs and ``#anchors`` are kept.
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def safe_srcset(srcset):
    """A ``srcset`` without candidates whose URL has a scheme other than ``http(s)``
    (nh3 checks single URLs, not these lists).

    >>> safe_srcset("a.png 1x, javascript:x 2x, https://x.org/b.png 3x")
    'a.png 1x, https://x.org/b.png 3x'
    """
    kept = []
    for candidate in srcset.split(","):
        url = candidate.strip().split(" ")[0]
        if url and urlsplit(url).scheme in ("", "http", "https"):
            kept.append(candidate.strip())
    return ", ".join(kept)


def _filter_attribute(element, attribute, value):
    return safe_srcset(value) if attribute == "srcset" else value


#: Made once: configuring a cleaner costs more than cleaning a column's part with it.
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, clean_content_tags={"script", "style"},
                       attributes=ALLOWED_ATTRIBUTES, attribute_filter=_filter_attribute,
                       filter_style_properties=STYLE_PROPERTIES, url_schemes=URL_SCHEMES, link_rel=None,
                       strip_comments=True)


def clean(html):
    """``html`` without active content, the rest unchanged (no ``rel`` is added to links)."""
    return _CLEANER.clean(html)
