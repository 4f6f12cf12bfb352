"""One column as a feed item: stable id, absolute permalink, safe absolute content."""

import re
from urllib.parse import quote, urljoin, urlsplit

import nh3
from markupsafe import Markup

#: Attributes that hold a ``srcset`` list of URLs (nh3 resolves those that hold one URL).
SRCSET_ATTRIBUTES = ("srcset",)

#: What survives in feed content: nh3's defaults, the column's sections and
#: responsive images; no script, style, event handler or ``javascript:`` URL.
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"section", "picture", "source"}
ALLOWED_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "*": {"id", "class", "lang", "title", "aria-label", "aria-labelledby"},
    "img": nh3.ALLOWED_ATTRIBUTES["img"] | {"srcset", "sizes"},
    "source": {"src", "srcset", "sizes", "type", "media"},
}
URL_SCHEMES = {"http", "https", "mailto"}
#: Characters XML 1.0 cannot carry at all (tab, newline and carriage return can).
UNWRITABLE = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


def original_slug(article):
    """The slug a column was first published under: the first of its ``Aliases``, else its slug."""
    return article.aliases[0] if article.aliases else article.slug


def tag_uri(authority, article):
    """The column's feed id, a ``tag:`` URI (RFC 4151) that outlives slug edits.

    >>> tag_uri("example.org", column)  # slug 'pay-cut', dated 2024-03-05
    'tag:example.org,2024-03-05:pay-cut'
    """
    return f"tag:{authority},{article.date:%Y-%m-%d}:{quote(original_slug(article), safe='')}"


def absolute_srcset(srcset, base_url):
    """Each candidate of a ``srcset`` resolved against ``base_url``; non-web URLs dropped.

    >>> absolute_srcset("a.png 1x, /b.png 2x", "https://x.org/c/")
    'https://x.org/c/a.png 1x, https://x.org/b.png 2x'
    """
    candidates = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        url = urljoin(base_url, url)
        if url and urlsplit(url).scheme in ("http", "https"):
            candidates.append(f"{url} {descriptor.strip()}".strip())
    return ", ".join(candidates)


def feed_content(html, permalink):
    """The column's HTML as feeds carry it: sanitised, every link and image URL resolved against
    ``permalink`` (``srcset`` lists too)."""
    def absolute_srcsets(tag, attribute, value):
        return absolute_srcset(value, permalink) if attribute in SRCSET_ATTRIBUTES else value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=absolute_srcsets,
        url_schemes=URL_SCHEMES,
        url_relative=("rewrite_with_base", permalink),
    )


def corrections_html(article):
    """The column's corrections as an HTML list for the top of its feed content, else ''."""
    days = article.settings["DEFAULT_DATE_FORMAT"]
    return Markup('<ul class="corrections">{}</ul>\n').format(Markup("").join(
        Markup("<li><strong>Corrected {}:</strong> {}</li>").format(c.day.strftime(days), c.text)
        for c in article.corrections)) if getattr(article, "corrections", None) else ""


def letter_item(article, number, base_url, authority, author):
    """The ``add_item`` arguments for letter ``number`` of ``article`` alone, as a topic's feed carries a
    column on the topic only through that letter (``Letter-topics``): its address ``…/#qN``, its own
    excerpt, its letter and answer, its topics; its id the column's with ``/qN``."""
    exchange = article.exchanges[number - 1]
    whole = item(article, base_url, authority, author)
    permalink = f"{whole['link']}#{exchange.anchor}"
    section = Markup('<section class="exchange"><div class="letter">{}</div><div class="answer">{}</div></section>')
    html = str(content_note_html(article)) + section.format(Markup(exchange.letter_html), Markup(exchange.answer_html))
    return {
        **whole,
        "link": permalink,
        "unique_id": f"{whole['unique_id']}/{exchange.anchor}",
        "description": UNWRITABLE.sub("", article.letter_excerpts[number - 1]),
        "content": UNWRITABLE.sub("", feed_content(html, whole["link"])),
        "categories": [topic.name for topic in article.letter_topics[number - 1]],
    }


def content_note_html(article):
    """The column's content note for the top of its feed content, else ''."""
    notes = getattr(article, "content_notes", None)
    return Markup('<p class="content-note"><strong>Content note:</strong> {}.</p>\n').format(
        ", ".join(notes)) if notes else ""


def item(article, base_url, authority, author):
    """The ``add_item`` arguments every feed format takes for ``article`` (its content note and its
    corrections first; with a content note, the excerpt is the note)."""
    permalink = f"{base_url}/{article.url}"
    modified = getattr(article, "modified", None)
    return {
        "title": UNWRITABLE.sub("", article.title),
        "link": permalink,
        "unique_id": tag_uri(authority, article),
        "unique_id_is_permalink": False,
        "description": UNWRITABLE.sub("", article.excerpt),
        "content": UNWRITABLE.sub("", feed_content(
            str(content_note_html(article)) + str(corrections_html(article)) + article.content, permalink)),
        "pubdate": article.date,
        "updateddate": max(modified, article.date) if modified else article.date,
        "author_name": author,
        "categories": [topic.name for topic in article.topics],
    }
