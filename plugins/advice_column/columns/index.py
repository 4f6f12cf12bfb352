"""Every column source of one build or check, and the problems only the whole set shows.

Duplicate slugs, aliases that collide, ``Follows`` slugs that name no column,
and files in the columns folder that are not ``.md``. The first file of a
duplicated slug (by path) keeps it; each later one is an error naming both.
"""

import difflib
import fnmatch
import os
from collections import defaultdict
from dataclasses import dataclass, field

from ..diagnostics import Problem, display_path
from ..parallel import forked
from .metadata import ColumnMetadata, read_metadata
from .parser import Issue, ParsedColumn, parse_column, source_lines
from .results import FileResults
from .withdrawal import Targets, addresses, link_problems

COLUMN_SUFFIX = ".md"
#: From this many files to scan, a build's index scans them in forked processes (``READ_PROCESSES``);
#: from :data:`MIN_READ_AHEAD` when those processes also read the columns (``scan``'s ``read``).
MIN_PARALLEL = 1000
MIN_READ_AHEAD = 32


@dataclass
class ColumnSource:
    """One column file: parsed, its metadata checked, and everything found wrong with it.

    ``parsed`` is None in a build's index, which keeps only what the checks across
    files need (``letters``: how many letters the column answers).
    """

    path: str
    display: str
    parsed: ParsedColumn | None
    meta: ColumnMetadata
    issues: list[Issue] = field(default_factory=list)
    letters: int = 0
    #: ``[(line, address)]``: the links of the column's body (see ``withdrawal``)
    links: list = field(default_factory=list)
    #: the addresses of those links that lead to a withdrawn column, shown as plain text
    unlinked: tuple = ()

    def problems(self):
        return [Problem(self.display, i.line, i.severity, i.what, i.todo) for i in self.issues]

    @property
    def has_errors(self):
        return any(i.severity == "error" for i in self.issues)


def read_source(path, settings, process):
    """Read, parse and check one column file (``process``: the reader's ``process_metadata``).

    A file that cannot be read (a broken link, say) is a source with one error, so
    that it costs that column only, never every column of the build.
    """
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as error:
        issue = Issue(1, "error", f"the file cannot be read ({error.strerror or error})",
                      "check that it exists and is readable (a link whose target is gone?)")
        return ColumnSource(path, display_path(path, settings["PATH"]), ParsedColumn(), ColumnMetadata(),
                            [issue])
    try:
        text, encoding_issues = raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        before = raw[:error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")  # as the parser counts
        encoding_issues = [Issue(before.count(b"\n") + 1, "error", "the file is not UTF-8 text",
                                 "save it with the UTF-8 encoding")]
    parsed = parse_column(text)
    meta, issues = read_metadata(parsed, settings, process)
    # A withdrawn column's body is never built: what is wrong with it does not matter.
    structure = parsed.issues[:parsed.header_issues] if meta.status == "withdrawn" else parsed.issues
    body = source_lines(text.removeprefix("\ufeff"))[parsed.body_line - 1:]
    return ColumnSource(path, display_path(path, settings["PATH"]), parsed, meta,
                        sorted([*encoding_issues, *structure, *issues], key=lambda i: i.line),
                        letters=len(parsed.exchanges), links=addresses(body, parsed.body_line))


def is_column_path(path, settings):
    """Whether ``path`` lies under one of ``ARTICLE_PATHS`` (and no ``ARTICLE_EXCLUDES``)."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(settings["PATH"]))

    def under(folders):
        return any(folder in ("", ".") or relative == folder or relative.startswith(folder.rstrip("/") + "/")
                   for folder in folders)

    return under(settings["ARTICLE_PATHS"]) and not under(settings.get("ARTICLE_EXCLUDES", []))


def column_files(settings):
    """``(columns, strays)``: the ``.md`` files under ``ARTICLE_PATHS`` and every other file there
    (hidden and ``IGNORE_FILES`` files excepted), sorted."""
    columns, strays = [], []
    ignores = settings.get("IGNORE_FILES", [])
    for folder in settings["ARTICLE_PATHS"]:
        root = os.path.join(settings["PATH"], folder)
        for dirpath, dirs, files in os.walk(root, followlinks=True):
            dirs[:] = [d for d in dirs if not any(fnmatch.fnmatch(d, i) for i in ignores)
                       and is_column_path(os.path.join(dirpath, d), settings)]
            for name in files:
                if name.startswith(".") or any(fnmatch.fnmatch(name, i) for i in ignores):
                    continue
                path = os.path.join(dirpath, name)
                (columns if name.endswith(COLUMN_SUFFIX) else strays).append(path)
    return sorted(set(columns)), sorted(set(strays))


def stray_problems(strays, settings):
    """One error per file in the columns folder that is not a column."""
    return [Problem(display_path(path, settings["PATH"]), None, "error",
                    f"not a column: only `{COLUMN_SUFFIX}` files are read as columns",
                    f"rename it to end in `{COLUMN_SUFFIX}`, or move it out of the columns folder")
            for path in strays]


class ColumnIndex:
    """All column sources of one build, with the problems across files added to each source."""

    def __init__(self, sources, settings):
        self.sources = {source.path: source for source in sources}
        self.read_ahead = {}  # path -> what :meth:`scan`'s ``read`` made of it
        self.by_slug = {}
        self._check_slugs()
        self._check_aliases()
        self._check_follows()
        self._check_reruns()
        withdrawn = Targets(sources, settings)
        for source in sources:
            source.issues += link_problems(source, withdrawn)
        for source in sources:
            source.issues.sort(key=lambda i: i.line)

    @classmethod
    def scan(cls, settings, process, keep_parsed=True, read=None):
        """Every column under ``ARTICLE_PATHS``, read and checked. Without ``keep_parsed`` (a build:
        the columns' parses are most of the index's memory) each source's ``parsed`` is dropped,
        with the content cache a file unchanged since the last build is not read again, and
        many files are read in parallel. ``read(source)``, given, is what a build makes of a
        column: the processes (then from :data:`MIN_READ_AHEAD` files) call it on each column with
        no problem of its own, so that the build need not parse it again, and the index keeps the
        results in :attr:`read_ahead` (not those of a column ``read`` failed on, or that the checks
        across files found a problem in)."""
        columns, _ = column_files(settings)
        if keep_parsed:
            return cls([read_source(path, settings, process) for path in columns], settings)
        kept = FileResults(settings, "sources")
        found = {path: kept.get(path) for path in columns}
        todo = [path for path, source in found.items() if source is None]
        processes = forked.processes(settings, "READ_PROCESSES")
        parallel = processes > 1 and len(todo) >= (MIN_PARALLEL if read is None else MIN_READ_AHEAD)

        def scan_one(i):
            source = read_source(todo[i], settings, process)
            result = None
            if parallel and read is not None and not source.issues:
                try:
                    result = read(source)
                except Exception:  # the build reads it again, and reports why
                    pass
            source.parsed = None
            return source, result

        scanned = forked.run(scan_one, len(todo), processes, chunksize=16) if parallel else map(
            scan_one, range(len(todo)))
        results = {}
        for path, (source, result) in zip(todo, scanned):
            found[path] = source
            kept.put(path, source)  # as read, before the checks across files add to it
            if result is not None:
                results[path] = result
        kept.save()
        index = cls(list(found.values()), settings)
        index.read_ahead = {path: result for path, result in results.items()
                            if not index.sources[path].issues}
        return index

    def _check_slugs(self):
        for source in self.sources.values():
            slug = source.meta.slug
            if not slug:
                continue
            first = self.by_slug.setdefault(slug, source)
            if first is not source:
                line = source.meta.lines.get("slug") or source.meta.lines.get("title", 1)
                source.issues.append(Issue(
                    line, "error", f"the slug `{slug}` is already the slug of {first.display}",
                    "give one of the two columns its own `Slug:`"))

    def _check_aliases(self):
        claimed = {}
        for source in self.sources.values():
            line = source.meta.lines.get("aliases")
            for alias in source.meta.aliases:
                owner = self.by_slug.get(alias)
                if owner is not None:
                    whose = "this column's own slug" if owner is source else f"the slug of {owner.display}"
                    source.issues.append(Issue(line, "error", f"the alias `{alias}` is {whose}",
                                               "remove it from `Aliases:`: a live URL cannot redirect"))
                elif claimed.setdefault(alias, source) is not source:
                    source.issues.append(Issue(
                        line, "error", f"the alias `{alias}` is already an alias of {claimed[alias].display}",
                        "keep the alias on only one column"))

    def _check_follows(self):
        for source in self.sources.values():
            meta = source.meta
            if not meta.follows_slug or meta.status == "withdrawn":  # a notice links nothing
                continue
            line = meta.lines["follows"]
            target = self._named(source, "Follows", meta.follows_slug, "the column follows itself",
                                 "write the slug of the earlier column it follows up",
                                 "write the slug of an existing column",
                                 " (a column's slug is its `Slug:`, or the last part of its URL)")
            if target is None:
                continue
            if target.meta.status == "withdrawn" and meta.status != "withdrawn":
                source.issues.append(Issue(
                    line, "warning", f"`Follows` names `{target.meta.slug}`, which is withdrawn: "
                                     "the follow-up says so, without a link",
                    "remove `Follows:` if the column reads as well without it"))
            elif target.meta.status == "draft" and meta.status != "draft":
                source.issues.append(Issue(
                    line, "warning", f"`Follows` names `{target.meta.slug}`, which is a draft",
                    "publish that column first, or make this one a draft too"))
            elif meta.follows_number and meta.follows_number > target.letters:
                source.issues.append(Issue(
                    line, "error", f"`{target.meta.slug}` has no letter {meta.follows_number}",
                    f"it has {target.letters}: use `#q1` to `#q{target.letters}`,"
                    " or the slug alone"))

    def _check_reruns(self):
        for source in self.sources.values():
            meta = source.meta
            if not meta.rerun_of or meta.status == "withdrawn":
                continue
            line = meta.lines["rerun-of"]
            target = self._named(source, "Rerun-of", meta.rerun_of, "the column is a rerun of itself",
                                 "write the slug of the column that first ran the letter",
                                 "write the slug of the column that first ran it")
            if target is None:
                continue
            if target.meta.rerun_of:
                source.issues.append(Issue(
                    line, "error", f"`{target.meta.slug}` is itself a rerun (of `{target.meta.rerun_of}`)",
                    f"name the column that first ran the letter: `Rerun-of: {target.meta.rerun_of}`"))
            elif target.meta.status in ("withdrawn", "draft") and meta.status != target.meta.status:
                source.issues.append(Issue(
                    line, "error", f"`Rerun-of` names `{target.meta.slug}`, which is {target.meta.status}",
                    "withdraw the rerun too (it prints the same letter), or rerun a published column"
                    if target.meta.status == "withdrawn"
                    else "publish that column first, or make this one a draft too"))
            elif target.meta.content_notes and not meta.content_notes:
                notes = ", ".join(target.meta.content_notes)
                source.issues.append(Issue(
                    line, "warning", f"`{target.meta.slug}` has a content note ({notes}) and its rerun none",
                    f"add `Content-note: {notes}` to the rerun too"))

    def _named(self, source, key, slug, itself, todo_itself, todo_missing, hint=""):
        """The other column ``source``'s ``key`` names by ``slug``; None, with an error on
        ``source``, when it names ``source`` itself (``itself``) or no column (the closest slug
        suggested, else ``todo_missing``; then ``hint``)."""
        line = source.meta.lines[key.lower()]
        target = self.by_slug.get(slug)
        if target is source:
            source.issues.append(Issue(line, "error", itself, todo_itself))
            return None
        if target is None:
            close = difflib.get_close_matches(slug, list(self.by_slug), n=1)
            source.issues.append(Issue(line, "error", f"`{key}` names no column: `{slug}`",
                                       (f"did you mean `{close[0]}`?" if close else todo_missing) + hint))
        return target

    def get(self, path):
        return self.sources.get(path)
