"""A link checker for a built site: every internal link, asset and #fragment must resolve.

Checks ``href``, ``src``, ``srcset``, ``action``, ``poster`` and CSS ``url()`` in every
HTML and CSS file of the output. Links to ``site_url`` (absolute links of a public
build) count as internal. Other origins, ``mailto:`` and ``tel:`` are not followed.
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = ("href", "src", "action", "poster")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
SKIPPED_SCHEMES = ("mailto", "tel", "data")


def page_url(output, path):
    """The root-relative URL a reader uses for the file at ``path``."""
    relative = path.relative_to(output).as_posix()
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return "/" + relative


def links_in(path):
    """Every (kind, url) a file links to."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return [("css url()", url) for url in CSS_URL.findall(text)]
    soup = BeautifulSoup(text, "html.parser")
    found = []
    for attribute in LINK_ATTRIBUTES:
        for tag in soup.find_all(attrs={attribute: True}):
            if tag.name == "meta":
                continue
            found.append((f"<{tag.name} {attribute}>", tag[attribute]))
    for tag in soup.find_all(attrs={"srcset": True}):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                found.append((f"<{tag.name} srcset>", candidate.split()[0]))
    for style in soup.find_all("style"):
        found += [("css url()", url) for url in CSS_URL.findall(style.get_text())]
    return found


@cache
def _ids(path):
    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)} | {
        tag["name"] for tag in soup.find_all("a", attrs={"name": True})
    }


def target_file(output, url_path):
    """The file that serves root-relative ``url_path``, or None."""
    candidate = output / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(output, site_url=""):
    """Every internal link of the site at ``output`` that does not resolve, as readable strings."""
    output = Path(output)
    site = urlsplit(site_url)
    problems = []
    files = sorted(p for p in output.rglob("*") if p.suffix in (".html", ".css") and "pagefind" not in p.parts)
    for path in files:
        base = (site_url.rstrip("/") if site_url else "") + page_url(output, path)
        for kind, raw in links_in(path):
            url = raw.strip()
            if not url:
                problems.append(f"{path.relative_to(output)}: empty {kind}")
                continue
            parts = urlsplit(urljoin(base, url))
            if parts.scheme in SKIPPED_SCHEMES:
                continue
            if parts.scheme == "javascript":
                problems.append(f"{path.relative_to(output)}: {kind} {url!r} is a javascript: URL")
                continue
            if parts.netloc and (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
                continue  # another origin: not ours to check
            target = target_file(output, parts.path or "/")
            if target is None:
                problems.append(f"{path.relative_to(output)}: {kind} {url!r} points to nothing")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _ids(target):
                problems.append(f"{path.relative_to(output)}: {kind} {url!r} has no #{parts.fragment} there")
    return problems
