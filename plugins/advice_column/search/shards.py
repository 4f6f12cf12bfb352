"""The published columns cut into search shards, and what each shard's index depends on.

Shards are positional: the columns in date order (oldest first, ties by slug),
``SEARCH_SHARD_SIZE`` to a shard (by default a size that suits the archive:
:func:`automatic_size`), numbered from 1. A new column (dated now) joins the
last shard; an edit touches its own shard; deleting a column or publishing one
dated in the past moves every later column one place, so the later shards
change too.

A shard's digest covers what Pagefind reads of its pages, the Pagefind version
and the member list: a shard whose digest is unchanged gives the same index.
"""

import hashlib
import os
import re
from dataclasses import dataclass

#: Part of every digest: bump it when the way shards are indexed changes.
FORMAT = "advice-column search shards 2"
BUNDLES = "pagefind"

_BODY = re.compile(rb"<([A-Za-z][\w-]*)[^<>]*\sdata-pagefind-body[\s=/>]")


@dataclass(frozen=True)
class Shard:
    number: int
    #: The members' output paths (``save_as``), oldest first.
    pages: tuple[str, ...]

    @property
    def name(self):
        return str(self.number)

    @property
    def bundle(self):
        """The bundle's folder, relative to the output: ``pagefind/<number>/``."""
        return f"{BUNDLES}/{self.number}/"


#: The sizes :func:`automatic_size` chooses from: powers of two between these.
AUTOMATIC_SIZES = (64, 512)
#: Shards an archive is cut into by :func:`automatic_size`: from ``SHARDS`` to twice as many.
SHARDS = 10


def automatic_size(count):
    """The shard size for an archive of ``count`` columns when ``SEARCH_SHARD_SIZE`` is None:
    the power of two that cuts it into 10 to 20 shards, within :data:`AUTOMATIC_SIZES` (so
    fewer below 640 columns, more beyond 10,240).

    Re-indexing a shard after an edit costs time in proportion to its size; each
    shard is one more bundle for the search page to load. This keeps both bounded
    as the archive grows, and the size changes (every shard indexed again) only
    when the archive doubles.

    >>> [automatic_size(count) for count in (10, 1_000, 1_280, 5_000, 10_000, 50_000)]
    [64, 64, 128, 256, 512, 512]
    """
    size, largest = AUTOMATIC_SIZES
    while size < largest and count >= 2 * SHARDS * size:
        size *= 2
    return size


def cut(articles, size=None):
    """The published ``articles`` that have a page, in shards of ``size`` (None: the
    :func:`automatic_size`), oldest first (ties by slug)."""
    pages = [(article.date, article.slug, save_as) for article in articles
             if (save_as := article.save_as)]  # Pelican formats it anew on every use
    ordered = [save_as for _, _, save_as in sorted(pages, key=lambda page: page[:2])]
    size = size or automatic_size(len(ordered))
    return [Shard(start // size + 1, tuple(ordered[start:start + size]))
            for start in range(0, len(ordered), size)]


def indexed_part(html):
    """The bytes of a page that can change its search record.

    Pagefind indexes the text of the ``data-pagefind-body`` element and reads
    the language, the ``<title>``, the first ``h1`` and image, and every
    ``data-pagefind-*`` attribute anywhere on the page. So the page up to the
    body element's last closing tag is enough, unless what follows holds an
    image or a ``data-pagefind-`` attribute: then the whole page counts. What
    a column page shows after its article (related columns, neighbours) changes
    with other columns and does not reach the index.

    >>> indexed_part(b'<h1>A</h1><article data-pagefind-body>x</article><nav>B</nav>')
    b'<h1>A</h1><article data-pagefind-body>x</article>'
    >>> indexed_part(b'<article data-pagefind-body>x</article><img src=a.png>')
    b'<article data-pagefind-body>x</article><img src=a.png>'
    """
    first = html.find(b"data-pagefind-body")  # the regular expression alone is 40 times slower
    body = _BODY.search(html, max(0, html.rfind(b"<", 0, first))) if first >= 0 else None
    if body is None:
        return html
    end = html.rfind(b"</" + body.group(1) + b">")
    if end < body.start():
        return html
    end += len(body.group(1)) + 3
    tail = html[end:].lower()
    if b"data-pagefind-" in tail or b"<img" in tail:
        return html
    return html[:end]


def digest(shard, output_path, pagefind_version, pages):
    """What ``shard``'s index depends on: its pages as Pagefind reads them, in order, and the version.

    ``pages`` maps a page to ``[size, mtime_ns, digest of its indexed part]`` as an
    earlier build found it: a page whose file has the same size and modification
    time is not read again (the writer never rewrites a page that did not change).
    It is updated with what this call read.
    """
    result = hashlib.sha256(f"{FORMAT}\n{pagefind_version}\n".encode())
    for save_as in shard.pages:
        path = f"{output_path}/{save_as}"
        stat = os.stat(path)
        known = pages.get(save_as)
        if not known or known[:2] != [stat.st_size, stat.st_mtime_ns]:
            with open(path, "rb") as page:
                known = [stat.st_size, stat.st_mtime_ns,
                         hashlib.sha256(indexed_part(page.read())).hexdigest()]
            pages[save_as] = known
        result.update(f"{save_as}\0{known[2]}\n".encode())
    return result.hexdigest()
