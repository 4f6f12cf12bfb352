"""Links that lead nowhere: a column or page that links to, or embeds, a path of the site that the
build did not write.

Checked at ``finalized``, when every page, feed, static file and the search
index are on disk: each ``<a href>`` and ``<img src>`` of a written column's or
page's HTML that points into the site (root-relative, relative, or under
``SITEURL``) must name a file there, or a folder with an ``index.html``. Each
one that does not is a warning naming the source file and the line that holds
the address, so `make publish` fails on it.
"""

import os
import re
from itertools import chain
from urllib.parse import unquote, urljoin, urlsplit

from .. import diagnostics
from ..build import current

#: The address of each link and image in HTML (the reader's HTML is well-formed: quoted attributes).
ADDRESS = re.compile(r"""<(a|img)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
#: The context's lists of columns and pages.
CONTENTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


def site_path(address, page_url, siteurl):
    """The path under the site's root that ``address`` (on the page at ``page_url``) leads to, or
    None for an address outside the site (another host, ``mailto:``, a fragment of the page).

    >>> site_path("../other/#q2", "columns/one/", "")
    'columns/other/'
    >>> site_path("https://example.org/columns/x/", "columns/one/", "https://example.org")
    'columns/x/'
    >>> site_path("https://elsewhere.net/", "columns/one/", "https://example.org") is None
    True
    """
    address = address.strip()
    if address.startswith("{"):
        return None  # Pelican's own ``{filename}`` link it could not resolve: Pelican reports it
    if siteurl and (address == siteurl or address.startswith(siteurl.rstrip("/") + "/")):
        address = "/" + address[len(siteurl.rstrip("/")):].lstrip("/")
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(urljoin("/" + page_url, parts.path)).lstrip("/")


def written(output, path):
    """Whether the build wrote ``path`` (relative to the output), as a file or a folder's index."""
    target = os.path.join(output, path)
    return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))


def line_of(source_path, address):
    """The first line of the source file that holds ``address`` (or its path), else None."""
    try:
        with open(source_path, encoding="utf-8", errors="replace") as file:
            lines = file.read().splitlines()
    except OSError:
        return None
    needles = [address, urlsplit(address).path]
    for needle in filter(None, needles):
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
    return None


def problems(contents, output, settings):
    """A warning for each address of ``contents`` that leads to nothing the build wrote."""
    siteurl = settings.get("SITEURL") or ""
    for content in contents:
        if not content.save_as:
            continue  # not written by this build (a draft in the public build)
        seen = set()
        for kind, address in ADDRESS.findall(content.content):
            path = site_path(address, content.url, siteurl)
            if path is None or address in seen or written(output, path):
                continue
            seen.add(address)
            what = "the image" if kind.lower() == "img" else "the link to"
            yield diagnostics.Problem(
                diagnostics.display_path(content.source_path, settings["PATH"]),
                line_of(content.source_path, address), "warning",
                f"{what} `{address}` leads to nothing on the site (the build wrote no `/{path}`)",
                "correct the address, or add the page or file it should lead to")


def check(pelican):
    """``finalized``: report the columns' and pages' addresses that lead nowhere."""
    context = current(pelican).context
    if context is None:
        return
    contents = chain.from_iterable(context.get(name, ()) for name in CONTENTS)
    for problem in problems(contents, pelican.output_path, pelican.settings):
        diagnostics.log(problem)
