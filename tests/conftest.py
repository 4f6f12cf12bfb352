"""Shared fixtures: a tiny site in a temp dir, built through the project's own configuration."""

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican, signals
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
PELICANCONF = ROOT / "pelicanconf.py"
PUBLISHCONF = ROOT / "publishconf.py"


def column(title="A question about work", date="2024-03-05 09:00", body=None, **metadata):
    """The text of a column file: metadata lines, a blank line, the body.

    A published column needs topics (``make publish`` fails without), so a
    column without ``topics`` gets one, on the last metadata line (so other keys
    keep their line numbers); ``topics=None`` leaves it out, as any metadata
    set to None.
    """
    lines = [f"Title: {title}", f"Date: {date}"]
    metadata.setdefault("topics", "managers")
    lines += [f"{key.replace('_', '-').title()}: {value}" for key, value in metadata.items()
              if value is not None]
    body = body or "Q. My manager never answers e-mail.\n\nA. Walk over and ask in person."
    return "\n".join(lines) + "\n\n" + textwrap.dedent(body).strip() + "\n"


class Site:
    """A throwaway project: ``content/`` to write into, ``output/`` to read from."""

    def __init__(self, root):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        (self.content / "columns").mkdir(parents=True)
        (self.content / "pages").mkdir()
        for shipped in ("topics.toml", "pages/about.md"):
            if (ROOT / "content" / shipped).exists():
                shutil.copy(ROOT / "content" / shipped, self.content / shipped)

    def write(self, relpath, text):
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def add_column(self, slug, text=None, **kwargs):
        """Write ``columns/<slug>.md``, its ``Slug`` set to ``slug`` unless ``text`` is given whole."""
        return self.write(f"columns/{slug}.md", text if text is not None else column(slug=slug, **kwargs))

    def settings(self, conf=PELICANCONF, **override):
        """The build's settings; no search index unless ``SEARCH_INDEX=True`` is given (`make` has it)."""
        return read_settings(
            str(conf),
            override={"PATH": str(self.content), "OUTPUT_PATH": str(self.output), "SEARCH_INDEX": False,
                      **override},
        )

    def build(self, conf=PELICANCONF, **override):
        """Build in this process, as `make html` does (without the search index unless asked)."""
        Pelican(self.settings(conf, **override)).run()
        return self.output

    def columns(self, conf=PELICANCONF, **override):
        """Build, and return every column Pelican read (published, hidden, draft) by slug."""
        read = {}

        def keep(generator):
            for article in (*generator.articles, *generator.hidden_articles, *generator.drafts):
                read[article.slug] = article

        signals.article_generator_finalized.connect(keep)
        try:
            self.build(conf, **override)
        finally:
            signals.article_generator_finalized.disconnect(keep)
        return read

    def pelican(self, *options, conf=PELICANCONF):
        """Run Pelican's own command line on this site (``options``: e.g. ``--fatal warnings``)."""
        return subprocess.run(
            [str(ROOT / ".venv" / "bin" / "pelican"), str(self.content), "-o", str(self.output),
             "-s", str(conf), *options],
            capture_output=True, text=True, timeout=600, cwd=self.root,
        )

    def make(self, target, **variables):
        """Run a Makefile target on this site, as an editor would."""
        args = [f"{name}={value}" for name, value in {
            "INPUTDIR": self.content, "OUTPUTDIR": self.output, **variables}.items()]
        return subprocess.run(
            ["make", "--no-print-directory", "-C", str(ROOT), target, *args],
            capture_output=True, text=True, timeout=600,
        )

    def page(self, relpath):
        """The built page at ``relpath`` (a URL path such as ``columns/x/``), parsed."""
        path = self.output / relpath
        if relpath.endswith("/") or not relpath:
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def exists(self, relpath):
        return (self.output / relpath).exists()


@pytest.fixture
def site(tmp_path):
    return Site(tmp_path)
