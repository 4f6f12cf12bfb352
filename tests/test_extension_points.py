"""The plugin on Pelican's public extension points: what another plugin, Pelican's command line and
an editor see of a build.

- every page is on disk when Pelican sends ``content_written`` for it, and a ``finalized`` handler
  of a plugin listed before ours sees the whole site, search index included;
- ``pelican -q`` quiets the plugin, ``pelican --fatal warnings`` (`make publish`) fails on its
  warnings; settings are checked when Pelican starts;
- links in columns and pages that lead nowhere are reported;
- the plugin uses no private name of Pelican's, and no feature package imports the performance layer.
"""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, column

NEIGHBOUR = textwrap.dedent('''
    """A small third-party plugin: what it is told, and what it finds on disk then."""
    import json
    import os

    from pelican import signals

    seen = {"written": [], "missing": [], "finalized": None}


    def written(path, context):
        seen["written"].append(path)
        if not os.path.isfile(path):
            seen["missing"].append(path)


    def finalized(pelican):
        output = pelican.output_path
        pages = sorted(os.path.relpath(os.path.join(folder, name), output)
                       for folder, _, names in os.walk(output) for name in names if name.endswith(".html")
                       and "pagefind" not in folder)
        seen["finalized"] = {
            "pages": pages,
            "search": os.path.isfile(os.path.join(output, "pagefind", "1", "pagefind-entry.json")),
        }
        with open(os.environ["NEIGHBOUR_REPORT"], "w") as report:
            json.dump(seen, report)


    def register():
        signals.content_written.connect(written)
        signals.finalized.connect(finalized)
''')


@pytest.fixture
def neighbour(site, monkeypatch):
    """The neighbour plugin, listed before ours; its report after each build."""
    folder = site.root / "neighbour"
    folder.mkdir()
    (folder / "neighbour.py").write_text(NEIGHBOUR, encoding="utf-8")
    report = site.root / "neighbour.json"
    monkeypatch.setenv("NEIGHBOUR_REPORT", str(report))
    options = ["-e", f"PLUGIN_PATHS={json.dumps([str(folder), str(ROOT / 'plugins')])}",
               'PLUGINS=["neighbour", "advice_column", "neighbors"]']

    def build(*extra):
        result = site.pelican(*options, *extra)
        assert result.returncode == 0, result.stderr
        return json.loads(report.read_text(encoding="utf-8"))

    return build


def on_disk(output):
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html")
                  if "pagefind" not in path.relative_to(output).parts)


@pytest.mark.parametrize("cache", [False, True], ids=["cold", "with the content cache, twice"])
def test_another_plugin_is_told_of_pages_on_disk_and_finds_the_whole_site_at_finalized(
        site, neighbour, monkeypatch, cache):
    for i in range(70):  # enough pages to be rendered in processes
        site.add_column(f"c{i:02d}", title=f"Question {i}", date=f"2024-01-{i % 28 + 1:02d} 09:00")
    if cache:
        monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
        neighbour()
    seen = neighbour()
    assert seen["missing"] == []
    pages = on_disk(site.output)
    assert len(pages) > 70
    told = {Path(path).relative_to(site.output).as_posix() for path in seen["written"]}
    assert set(pages) <= told, "every page written is announced"
    assert seen["finalized"] == {"pages": pages, "search": True}


LATECOMER = textwrap.dedent('''
    """A third-party plugin listed after ours: its generator writes after the plugin's last one."""
    import os

    from pelican import signals
    from pelican.generators import Generator


    class Late(Generator):
        def generate_context(self):
            pass

        def generate_output(self, writer):
            writer.write_file(os.environ["LATE_PAGE"], self.env.from_string("<p>Late</p>"), self.context,
                              override_output=bool(os.environ.get("LATE_OVERRIDE")))


    def generators(pelican):
        return Late


    def register():
        signals.get_generators.connect(generators)
''')


@pytest.mark.parametrize("performance", [True, False], ids=["performance layer", "without it"])
@pytest.mark.parametrize("page, override, outcome", [
    ("late/index.html", "", "written"),
    ("index.html", "", "refused"),
    ("index.html", "1", "overwritten"),
])
def test_a_plugin_writing_after_ours_follows_pelicans_rules_on_writing_a_file_twice(
        site, monkeypatch, performance, page, override, outcome):
    folder = site.root / "latecomer"
    folder.mkdir()
    (folder / "latecomer.py").write_text(LATECOMER, encoding="utf-8")
    monkeypatch.setenv("LATE_PAGE", page)
    monkeypatch.setenv("LATE_OVERRIDE", override)
    site.add_column("one")
    result = site.pelican("-e", f"PLUGIN_PATHS={json.dumps([str(ROOT / 'plugins'), str(folder)])}",
                          'PLUGINS=["advice_column", "neighbors", "latecomer"]',
                          f"PERFORMANCE={json.dumps(performance)}")
    if outcome == "refused":
        assert result.returncode != 0
        said = " ".join((result.stdout + result.stderr).split())  # Pelican's log wraps its lines
        assert "FileOverwriteFailedError: Failed to overwrite" in said
        assert "has already written to it previously" in said
        return
    assert result.returncode == 0, result.stderr
    assert (site.output / page).read_text(encoding="utf-8") == "<p>Late</p>"
    if outcome == "written":
        assert site.page("").find("article") is not None, "the home page is still ours"


def test_pelican_quiet_silences_the_plugin_and_fatal_warnings_fails_on_its_warning(site):
    site.add_column("no-topics", text=column(title="Without topics", topics=None))
    loud = site.pelican()
    assert loud.returncode == 0
    assert "content/columns/no-topics.md:1: warning: the column has no topics" in loud.stderr
    assert "Columns: 1 published" in loud.stderr
    quiet = site.pelican("-q")
    assert quiet.returncode == 0
    assert "warning" not in quiet.stderr and "Columns:" not in quiet.stderr
    strict = site.pelican("--fatal", "warnings")
    assert strict.returncode != 0
    assert "content/columns/no-topics.md:1: warning: the column has no topics" in strict.stderr


def test_make_publish_fails_on_a_warning(site):
    site.add_column("no-topics", text=column(title="Without topics", topics=None))
    result = site.make("publish")
    assert result.returncode != 0
    assert "content/columns/no-topics.md:1: warning:" in result.stderr
    assert not site.output.exists(), "a failed public build replaces nothing"


@pytest.mark.parametrize("setting, value, says", [
    ("RELATED_COLUMNS", '"three"', "RELATED_COLUMNS is 'three'; use a whole number of columns, 0 or more"),
    ("SEARCH_SHARD_SIZE", "0", "SEARCH_SHARD_SIZE is 0; use a whole number of columns above 0, or None for "
                               "a size that suits the archive"),
    ("PERFORMANCE", '"yes"', "PERFORMANCE is 'yes'; use True or False"),
    ("FATAL_WARNINGS", "true", "FATAL_WARNINGS is retired; remove it: `make publish` fails on any warning or "
                               "error through Pelican's own `--fatal warnings` (run `pelican --fatal warnings …` "
                               "to get the same elsewhere)"),
])
def test_a_wrong_setting_stops_the_build_naming_it_its_value_and_what_is_allowed(site, setting, value, says):
    site.add_column("one")
    result = site.pelican("-e", f"{setting}={value}")
    assert result.returncode != 0
    assert f"settings: error: {says}" in result.stderr.splitlines()
    assert not (site.output / "columns").exists()


def test_the_command_line_names_a_wrong_setting_too(site, tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pelicanconf import *\nPATH = {str(site.content)!r}\nEXCERPT_LENGTH = -1\n",
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "advice_column", "--conf", str(conf), "check",
                             "--content", str(site.content)], capture_output=True, text=True,
                            env={"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}"}, cwd=ROOT)
    assert result.returncode == 2
    assert "settings: error: EXCERPT_LENGTH is -1; use a whole number of characters above 0" in result.stderr


@pytest.mark.parametrize("text, says", [
    (None, "conf.py: error: the settings file cannot be read: No such file or directory; give the project's "
           "settings file (`make` passes CONFFILE, by default pelicanconf.py) and run the command again"),
    ("from pelicanconf import *\nPATH = (\n", "conf.py:2: error: the settings file has a syntax error: '(' was never closed; correct that line"),
])
def test_the_command_line_names_a_settings_file_it_cannot_read(site, tmp_path, text, says):
    conf = tmp_path / "conf.py"
    if text is not None:
        conf.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "advice_column", "--conf", "conf.py", "check",
                             "--content", str(site.content)], capture_output=True, text=True,
                            env={"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(says), result.stderr
    assert "Traceback" not in result.stderr


def test_links_and_images_that_lead_nowhere_are_warnings_naming_the_line(site):
    site.write("images/there.png", "not really a picture")
    site.add_column("target", title="The target")
    site.add_column("linking", text=column(title="Links", slug="linking", body="""
        Q. Where do I [find this](/columns/nowhere/#q1) and [that](../target/)?

        ![A chart](/images/missing.png) ![A photo](/images/there.png)

        A. [Here](https://example.org/nowhere/), [there](/columns/target/) and [mail](mailto:a@b.c).
        """))
    output = site.build()
    assert (output / "images" / "there.png").exists()
    result = site.pelican()
    lines = [line for line in result.stderr.splitlines() if "leads to nothing" in line]
    assert lines == [
        "content/columns/linking.md:6: warning: the link to `/columns/nowhere/#q1` leads to nothing on the "
        "site (the build wrote no `/columns/nowhere/`); correct the address, or add the page or file it "
        "should lead to",
        "content/columns/linking.md:8: warning: the image `/images/missing.png` leads to nothing on the "
        "site (the build wrote no `/images/missing.png`); correct the address, or add the page or file it "
        "should lead to",
    ]
    assert site.pelican("--fatal", "warnings").returncode != 0


def test_no_private_name_of_pelicans_and_no_feature_on_the_performance_layer():
    import pelican

    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "pelican_internals.py"), str(ROOT / "plugins" / "advice_column"),
         str(Path(pelican.__file__).parent), "--allow", "compat.py"],
        capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == (
        "Pelican private internals used: 0 outside the allowed module(s) (0 in all); "
        "feature packages importing performance/: 0"), result.stdout


def test_changing_the_editorial_tools_keeps_the_content_cache_and_changing_the_build_drops_it(
        site, tmp_path, monkeypatch):
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins", plugins, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    site.add_column("one")
    options = ["-v", "-e", f"PLUGIN_PATHS={json.dumps([str(plugins)])}"]
    dropped = "Settings or code changed"  # Pelican's handler wraps the rest of the line

    def rebuild():
        result = site.pelican(*options)
        assert result.returncode == 0, result.stderr
        return dropped in " ".join((result.stdout + result.stderr).split())

    rebuild()
    assert not rebuild()
    for tool in ("submissions/queue.py", "receiver/app.py", "comments/moderate.py"):
        path = plugins / "advice_column" / tool
        path.write_text(path.read_text(encoding="utf-8") + "\n# an editorial change\n", encoding="utf-8")
        assert not rebuild(), f"{tool} never runs in a build"
    reader = plugins / "advice_column" / "columns" / "reader.py"
    reader.write_text(reader.read_text(encoding="utf-8") + "\n# a change to the build\n", encoding="utf-8")
    assert rebuild()
