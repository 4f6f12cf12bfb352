"""The docs (README.md, docs/, BENCHMARKS.md, CHANGELOG.md): their links resolve, every setting and
`make` target is documented, and the commands they show work as written."""

import ast
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pelican.settings import read_settings

from advice_column.settings import DEFAULTS, RETIRED
from conftest import PELICANCONF, PUBLISHCONF, ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, ROOT / "BENCHMARKS.md", ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
#: Targets a test does not run (long, serving, uploading, or the suite itself): checked with `make -n`.
NOT_RUN = {"test", "bench", "serve", "devserver", "regenerate", "rsync_upload", "github", "receiver"}

markdown = MarkdownIt("commonmark").enable("table")


def tokens(path):
    return markdown.parse(path.read_text(encoding="utf-8"))


def plain(inline):
    """The text of an inline token as GitHub reads it for an anchor (code spans included)."""
    return "".join(child.content for child in inline.children or () if child.type in ("text", "code_inline"))


def anchors(path):
    """The `#fragment`s GitHub gives the headings of ``path``."""
    found, seen = set(), {}
    parsed = tokens(path)
    for opening, inline in zip(parsed, parsed[1:]):
        if opening.type == "heading_open":
            slug = re.sub(r"[^\w\- ]", "", plain(inline).strip().lower()).replace(" ", "-")
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links(path):
    """Every link and image target in ``path``."""
    for token in tokens(path):
        for child in token.children or ():
            if child.type == "link_open":
                yield child.attrs["href"]
            elif child.type == "image":
                yield child.attrs["src"]


def fences(path, *languages):
    """The fenced code blocks of ``path`` in these languages, in order."""
    return [token.content for token in tokens(path) if token.type == "fence" and token.info.strip() in languages]


def commands(path):
    """Each command line of the ``sh`` blocks of ``path``, split as the shell splits it."""
    return [shlex.split(line) for block in fences(path, "sh") for line in block.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def tables(path):
    """``{h2 heading: [[cell source, ...] per body row] per table}`` of ``path``."""
    found, heading, row, in_body = {}, None, None, False
    parsed = tokens(path)
    for index, token in enumerate(parsed):
        if token.type == "heading_open" and token.tag == "h2":
            heading = parsed[index + 1].content
        elif token.type == "table_open":
            found.setdefault(heading, []).append([])
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif token.type == "tr_open" and in_body:
            row = []
            found[heading][-1].append(row)
        elif token.type == "inline" and in_body and parsed[index - 1].type == "td_open":
            row.append(token.content)
    return found


def names(cell):
    return re.findall(r"`([A-Z][A-Z0-9_]*)`", cell)


def makefile_targets():
    return set(re.findall(r"^([a-z_]+):", MAKEFILE, re.MULTILINE))


def documented_text():
    return "\n".join(path.read_text(encoding="utf-8") for path in (README, *DOCS.glob("*.md")))


# --- links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES, ids=lambda path: str(path.relative_to(ROOT)))
def test_links_to_pages_files_and_headings_resolve(page):
    broken = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not ours to check
            continue
        path, _, fragment = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            broken.append(f"{target}: no such file in the repository")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            broken.append(f"{target}: no heading #{fragment} in {resolved.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_every_docs_page_is_reachable_from_the_readme_and_says_what_it_is_for():
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in links(README)}
    for page in DOCS.glob("*.md"):
        assert page.resolve() in linked, f"README.md does not link {page.relative_to(ROOT)}"
        first = next(token for token in tokens(page) if token.type == "inline" and token.map[0] > 0)
        assert first.content.startswith("For "), f"{page.name} should start by saying whom it is for"


def test_the_readme_stays_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 120


# --- settings ------------------------------------------------------------------------------------

SETTINGS = tables(DOCS / "settings.md")


def rows(heading):
    (table,) = SETTINGS[heading]
    return table


def test_every_plugin_setting_has_one_row_with_its_default():
    documented = {}
    for row in rows("The plugin's settings"):
        (name,) = names(row[0])
        assert name not in documented, f"{name} has two rows"
        default = re.search(r"`([^`]*)`", row[1])
        assert default, f"{name}: the default column names no value"
        documented[name] = ast.literal_eval(default.group(1))
    assert set(documented) == set(DEFAULTS), (
        f"missing rows: {sorted(set(DEFAULTS) - set(documented))}; "
        f"rows for no setting: {sorted(set(documented) - set(DEFAULTS))}")
    wrong = {name: (value, DEFAULTS[name]) for name, value in documented.items() if value != DEFAULTS[name]}
    assert not wrong, f"documented default != DEFAULTS: {wrong}"


def test_every_retired_setting_has_its_row():
    documented = {name for row in rows("Retired settings") for name in names(row[0])}
    assert documented == set(RETIRED)


def assigned_settings(conffile):
    """The settings a configuration file sets (upper-case names assigned at any level)."""
    tree = ast.parse(Path(conffile).read_text(encoding="utf-8"))
    return {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name) and target.id.isupper()}


def test_every_setting_the_configuration_sets_is_documented_and_every_row_is_a_real_setting():
    pelican_rows = {name for row in rows("Settings of Pelican and the theme that the site sets")
                    for name in names(row[0])}
    real = set(read_settings(str(PELICANCONF))) | set(read_settings(str(PUBLISHCONF)))
    assert not pelican_rows - real, f"rows that name no setting: {sorted(pelican_rows - real)}"
    assert not pelican_rows & set(DEFAULTS), "the plugin's settings belong in the plugin's table"
    undocumented = (assigned_settings(PELICANCONF) | assigned_settings(PUBLISHCONF)) - pelican_rows - set(DEFAULTS)
    assert not undocumented, f"set in pelicanconf.py/publishconf.py but not in docs/settings.md: {undocumented}"


def test_make_variables_are_the_makefiles():
    documented = {name for row in rows("Make variables") for name in names(row[0])}
    overridable = set(re.findall(r"^([A-Z_]+) \?=", MAKEFILE, re.MULTILINE))
    assert overridable <= documented, f"undocumented: {sorted(overridable - documented)}"
    unused = {name for name in documented if f"$({name})" not in MAKEFILE}
    assert not unused, f"documented but not in the Makefile: {sorted(unused)}"


# --- make targets and commands -------------------------------------------------------------------

def test_every_target_in_make_help_is_documented():
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "help"],
                            capture_output=True, text=True, check=True)
    targets = re.findall(r"^\s+make (\w+)", result.stdout, re.MULTILINE)
    assert len(targets) >= 10
    text = documented_text()
    missing = [target for target in targets if not re.search(rf"`make {target}\b", text)]
    assert not missing, f"in `make help` but not in README.md or docs/: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_every_command_shown_is_a_make_target_with_its_variables(page):
    """Every line of a ``sh`` block is a `make` command: a real target, variables the Makefile
    has, and `make -n` accepts it (the README's are also run, below)."""
    targets = makefile_targets()
    for argv in commands(page):
        assert argv[0] == "make", f"{page.name}: {shlex.join(argv)}: sh blocks hold make commands"
        target, *assignments = argv[1:]
        assert target in targets, f"{page.name}: {shlex.join(argv)}: no such target"
        for assignment in assignments:
            name, equals, _ = assignment.partition("=")
            assert equals and f"$({name})" in MAKEFILE, f"{page.name}: {shlex.join(argv)}: {name}?"
        dry = subprocess.run(["make", "-n", "--no-print-directory", "-C", str(ROOT), *argv[1:]],
                             capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr


LETTER = """\
From: Jane Reader <jane@example.net>
To: letters@example.org
Subject: Passed over for promotion again
Date: Mon, 30 Nov 2026 08:15:00 -0500
Message-ID: <quickstart@example.net>
Content-Type: text/plain; charset=utf-8

My manager promoted a colleague with two years less experience than me. Should I ask why,
or start looking for another job?

— Passed Over in Portland
"""

#: What a fresh clone does not have: the environment, builds, private folders, caches.
LOCAL = {".git", ".venv", "node_modules", "output", "output.partial", "output.cache", "cache", "editorial",
         "submissions", "test-artifacts", ".pytest_cache", "bench/work"}


def ignored(folder, entries):
    """``shutil.copytree``'s ignore: the project's own ``LOCAL`` folders, and bytecode anywhere."""
    relative = Path(folder).relative_to(ROOT)
    return {entry for entry in entries
            if entry == "__pycache__" or (relative / entry).as_posix() in LOCAL}


def test_the_readme_quick_start_works_as_written(tmp_path):
    """The README's commands, in order, in a copy of the repository (its `.venv` shared): the
    example column written where `make new` says, a letter in `submissions/` for `make queue`,
    and `make draft` given that letter's id in place of the README's example id."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=ignored, symlinks=True)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / "submissions").mkdir()
    (repo / "submissions" / "promotion.eml").write_text(LETTER, encoding="utf-8")
    (example,) = fences(README, "markdown")
    readme = README.read_text(encoding="utf-8")

    def make(*args):
        result = subprocess.run(["make", "--no-print-directory", *args], cwd=repo,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"make {shlex.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    ran = []
    for argv in commands(README):
        target = argv[1]
        ran.append(target)
        if target in NOT_RUN:
            continue
        if target == "draft":
            queue = json.loads((repo / "editorial" / "queue.json").read_text(encoding="utf-8"))
            (letter,) = [item["id"] for item in queue["submissions"] if item["status"] == "new"]
            argv = [arg if not arg.startswith("ID=") else f"ID={letter}" for arg in argv]
        result = make(*argv[1:])
        printed = result.stdout.strip().splitlines()[-1]
        if target == "new":
            assert f"`{printed}`" in readme, f"the README names another path than {printed}"
            (repo / printed).write_text(example, encoding="utf-8")
        elif target == "check":
            assert "Checked 2 columns: 0 errors, 0 warnings" in result.stderr, result.stderr
        elif target == "draft":
            draft = (repo / printed).read_text(encoding="utf-8")
            assert "Status: draft" in draft and "jane@example.net" not in draft
    assert ran[:2] == ["html", "test"] and {"new", "check", "publish", "queue", "draft"} <= set(ran)

    column = (repo / "output" / "columns" / "should-i-follow-up-after-an-interview" / "index.html")
    assert "Should I follow up after an interview?" in column.read_text(encoding="utf-8")
    assert "https://columns.example.com/" in (repo / "output" / "feeds" / "all.atom.xml").read_text("utf-8")
