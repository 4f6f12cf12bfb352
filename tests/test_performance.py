"""Fast builds change nothing a reader or an editor sees.

`make html` keeps Pelican's content cache, reads columns and renders pages in
parallel processes, and renders again only the pages whose inputs changed; an
in-process build with the performance layer switched off (``PERFORMANCE =
False``) reads and renders everything one by one with Pelican's own writer.
Both must write the same bytes (the search index excepted: Pagefind is not
deterministic) and report the same problems.
"""

import logging
import os
import pickle
import re
import shutil

import pytest
from pelican import Pelican
from pelican.log import LimitFilter

from conftest import ROOT, column
from advice_column.columns import index
from advice_column.parallel import forked
from advice_column.performance.cache import ReadingsUnpickler

#: Enough columns to be scanned and read in processes.
N = index.MIN_READ_AHEAD + 6
TOPICS = ("interviews", "salary", "networking", "managers", "quitting")


@pytest.fixture(autouse=True)
def no_cache_in_process(monkeypatch):
    """In-process builds are the unoptimised reference: no content cache."""
    monkeypatch.delenv("CONTENT_CACHE_DIR", raising=False)


def body(i):
    if i % 7 == 0:
        return (f"Several readers asked about this, week {i}.\n\nQ. My first letter {i}.\n\n"
                f"A. The first answer, with **emphasis**.\n\nQ. A second letter {i}?\n\n— Tired in Tampa\n\n"
                "A. The second answer:\n\n- one\n- two")
    return (f"Q. A question number {i} about *work* and [a link](https://example.org/{i}).\n\n"
            f"— Worried in Ohio\n\nA. An answer for {i} & everyone.\n\nA closing paragraph.")


def fill(site):
    for i in range(N):
        extra = {"follows": f"c{i - 1:03d}"} if i % 10 == 9 else {}
        site.add_column(f"c{i:03d}", title=f"Question {i} <about> work", body=body(i),
                        date=f"{2010 + i % 15}-{i % 12 + 1:02d}-{i % 27 + 1:02d} 08:30",
                        topics=", ".join(TOPICS[i % 5: i % 5 + 1 + i % 3]), **extra)
    site.add_column("with-warning", text=column(title="An odd key", mood="cheerful"))
    site.add_column("with-error", text=column(title="A bad date", date="the day after tomorrow"))
    # Pelican warns about a link to a missing file when the page is rendered (in a worker)
    site.add_column("with-broken-link", title="A broken link",
                    body="Q. Where is [it]({filename}/columns/nowhere.md)?\n\nA. Gone.")


def files_of(output):
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in output.rglob("*")
            if path.is_file() and "pagefind" not in path.relative_to(output).parts}


def reports(text):
    """The problem lines and the summary line of a build's output."""
    return sorted(line for line in text.splitlines()
                  if line.startswith("Columns: ") or ": error: " in line or ": warning: " in line)


def reference_build(site, tmp_path, name, capfd):
    capfd.readouterr()
    # Pelican reports a warning once per process: start as `make html`'s fresh process does
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    output = tmp_path / name
    site.build(OUTPUT_PATH=str(output), PERFORMANCE=False)
    captured = capfd.readouterr()
    return files_of(output), reports(captured.out + captured.err)


def differences(built, reference):
    assert sorted(built) == sorted(reference)
    return [path for path in built if built[path] != reference[path]]


def test_cold_parallel_build_writes_what_a_plain_build_writes(site, tmp_path, capfd):
    fill(site)
    result = site.make("html", PELICANOPTS="-v")
    assert result.returncode == 0, result.stderr
    if len(os.sched_getaffinity(0)) > 1:
        said = " ".join((result.stdout + result.stderr).split())
        assert f"Read {N + 1} columns in 2 processes" in said
        assert "pages in 2 processes" in said
    expected_files, expected_reports = reference_build(site, tmp_path, "reference", capfd)
    assert differences(files_of(site.output), expected_files) == []
    assert reports(result.stdout + result.stderr) == expected_reports
    assert any("with-warning.md:" in line for line in expected_reports)
    assert any("with-error.md:" in line for line in expected_reports)
    assert "Unable to find" in result.stdout + result.stderr


def test_rebuild_after_an_edit_writes_what_a_plain_build_writes_and_reports_every_problem(
        site, tmp_path, capfd):
    fill(site)
    assert site.make("html").returncode == 0
    edited = site.content / "columns" / f"c{N // 2:03d}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn afterthought for the reader.\n",
                      encoding="utf-8")
    result = site.make("html", PELICANOPTS="-v")
    assert result.returncode == 0, result.stderr
    assert " columns in " not in " ".join(result.stdout.split()), "one column changed: nothing to read in parallel"
    assert "An afterthought for the reader." in site.page(f"columns/c{N // 2:03d}/").get_text()
    expected_files, expected_reports = reference_build(site, tmp_path, "reference", capfd)
    assert differences(files_of(site.output), expected_files) == []
    assert reports(result.stdout + result.stderr) == expected_reports


def test_readings_are_kept_apart_and_only_a_file_whose_tokens_pelican_holds_is_used(site):
    """Pelican's reader cache keeps a token per column, the readings file its HTML; a newer readings
    file of other tokens (a build stopped before Pelican saved its cache) is never trusted."""
    fill(site)
    assert site.make("html").returncode == 0
    cache = site.root / "output.cache"
    pelican_cache = (cache / "ArticlesGenerator-Readers").read_bytes()
    [kept] = cache.glob("advice-column.readings.*")
    assert b"A question number 1 about" in kept.read_bytes()
    assert b"A question number 1 about" not in pelican_cache
    assert len(pelican_cache) < kept.stat().st_size / 10

    edited = site.content / "columns" / "c001.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("number 1 about", "number 1, edited, about"),
                      encoding="utf-8")
    with open(kept, "rb") as file:
        readings = ReadingsUnpickler(file).load()
    for path, (content, metadata) in readings.items():  # what no build read: never to be shown
        readings[path] = (content.replace("A question number", "A stale question number"), metadata)
    stale = cache / "advice-column.readings.0123456789abcdef"
    stale.write_bytes(pickle.dumps(readings))  # newer than the build's own file
    result = site.make("html")
    assert result.returncode == 0, result.stderr
    assert " columns in " not in " ".join(result.stdout.split()), "the unchanged columns were read again"
    assert "number 1, edited, about" in site.page("columns/c001/").get_text()
    assert "A question number 2 about" in site.page("columns/c002/").get_text()
    [now] = cache.glob("advice-column.readings.*")
    assert now not in (kept, stale)


def test_cache_is_dropped_when_the_settings_change(site):
    site.add_column("one", title="The first title")
    assert site.make("html").returncode == 0
    source = site.content / "columns" / "one.md"
    stamp = source.stat().st_mtime_ns
    source.write_text(column(slug="one", title="A new title"), encoding="utf-8")
    os.utime(source, ns=(stamp, stamp))  # Pelican's cache sees the same file

    assert site.make("html").returncode == 0
    assert site.page("columns/one/").h1.get_text(strip=True) == "The first title"

    assert site.make("html", PELICANOPTS="-e DEFAULT_PAGINATION=5").returncode == 0
    assert site.page("columns/one/").h1.get_text(strip=True) == "A new title"


def test_devserver_rebuild_reads_only_the_edited_column(site, monkeypatch, caplog):
    """Two builds by one Pelican, as the devserver runs them: the second one uses the cache."""
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    for i in range(N):
        site.add_column(f"c{i:03d}", title=f"Question {i}", body=body(i))
    pelican = Pelican(site.settings())
    pelican.run()
    edited = site.content / "columns" / "c001.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn afterthought.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="advice_column.performance"):
        pelican.run()
    messages = [record.getMessage() for record in caplog.records if "prefetch" in record.name]
    assert messages == [], "the rebuild read every column again"
    assert "An afterthought." in site.page("columns/c001/").get_text()


def test_pelican_building_again_and_again_keeps_the_columns_of_one_build(site, monkeypatch):
    """`make regenerate` runs one Pelican again after each change: each build lets go of the one
    before (its frozen objects and Pelican's memos of its contents) before it reads."""
    import gc

    from pelican.contents import Article

    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    for i in range(5):
        site.add_column(f"c{i}", title=f"Question {i}", date=f"2024-0{i + 1}-05 09:00")
    pelican = Pelican(site.settings())
    for round_ in range(3):
        site.add_column("c0", title=f"Question 0, round {round_}", date="2024-01-05 09:00")
        pelican.run()
    pelican.run()  # the next build starts: the last one's columns go
    gc.unfreeze()
    titles = sorted(o.title for o in gc.get_objects() if isinstance(o, Article))
    assert titles == ["Question 0, round 2", *(f"Question {i}" for i in range(1, 5))]


def override_base(site, edition):
    """The theme's ``base.html``, overridden with ``edition`` in its footer (a folder for
    ``THEME_TEMPLATES_OVERRIDES``)."""
    overrides = site.root / "templates"
    overrides.mkdir(exist_ok=True)
    base = (ROOT / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    (overrides / "base.html").write_text(base.replace("</footer>", f"<p>{edition}</p></footer>"),
                                         encoding="utf-8")
    return overrides


def test_templates_are_compiled_once_and_an_edited_template_again(site):
    """Compiled templates are kept in the content cache; an edited one is compiled anew."""
    overrides = override_base(site, "Edition one")
    fill(site)
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(site.root / "cache"),
                "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}
    site.build(**settings)
    assert "Edition one" in site.page("columns/c001/").find("footer").get_text()
    assert list((site.root / "cache" / "templates").iterdir())
    override_base(site, "Edition two")
    site.build(**settings)
    for page in ("columns/c001/", "archives/", ""):
        assert "Edition two" in site.page(page).find("footer").get_text(), page


def test_urls_fixed_once_are_the_ones_pelican_formats_at_the_end_of_the_build(site):
    fill(site)
    columns = site.columns()
    assert len(columns) > N
    for slug, article in columns.items():
        if article.status == "published":
            assert article.override_url == article._expand_settings("url"), slug
            assert article.override_save_as == article._expand_settings("save_as"), slug


def mtimes(output):
    """When each page and feed was written (the theme's files Pelican copies on every build)."""
    return {path: path.stat().st_mtime_ns for path in output.rglob("*")
            if path.is_file() and not {"pagefind", "theme"} & set(path.relative_to(output).parts)}


def rendered(result):
    """How many pages the build rendered (our writer's summary, with -v)."""
    words = " ".join((result.stdout + result.stderr).split())
    return int(re.search(r"Pages: \d+ unchanged and not rendered, (\d+)", words)[1])


def test_rebuild_without_changes_renders_no_column_page_and_rewrites_no_file(site):
    fill(site)
    assert site.make("html").returncode == 0
    before = mtimes(site.output)
    result = site.make("html", PELICANOPTS="-v")
    assert result.returncode == 0, result.stderr
    assert mtimes(site.output) == before
    assert 0 < rendered(result) < 15, "only the pages of site-wide lists (archives, sitemap, …)"


def edit_body(site):
    path = site.content / "columns" / "c010.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAn afterthought for the reader.\n",
                    encoding="utf-8")


def edit_title(site):
    path = site.content / "columns" / "c011.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Question 11 <about> work",
                                                             "A renamed question"), encoding="utf-8")


def add_column(site):
    site.add_column("newest", title="The newest question", date="2030-01-01 08:00",
                    topics="salary, managers")


def delete_column(site):
    (site.content / "columns" / "c012.md").unlink()


def rename_page(site):
    path = site.content / "pages" / "about.md"
    path.write_text(path.read_text(encoding="utf-8").replace("About the column", "About us"),
                    encoding="utf-8")


def rename_topic(site):
    path = site.content / "topics.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('name = "Salary and pay"', 'name = "Pay"'),
                    encoding="utf-8")


@pytest.mark.parametrize("edit", [edit_body, edit_title, add_column, delete_column, rename_page,
                                  rename_topic], ids=lambda edit: edit.__name__)
def test_pages_not_rendered_again_are_the_pages_a_full_build_writes(site, tmp_path, capfd, edit):
    """Whatever an editor changes, the pages kept from the last build are what a full build writes."""
    fill(site)
    assert site.make("html").returncode == 0
    edit(site)
    result = site.make("html", PELICANOPTS="-v")
    assert result.returncode == 0, result.stderr
    expected_files, _ = reference_build(site, tmp_path, "reference", capfd)
    built = files_of(site.output)
    assert set(expected_files) <= set(built)  # a deleted column's old page stays, as Pelican leaves it
    assert [path for path in expected_files if built[path] != expected_files[path]] == []


@pytest.mark.parametrize("edit", [edit_body, add_column], ids=lambda edit: edit.__name__)
def test_a_rebuild_renders_again_only_the_pages_an_edit_or_a_new_column_changes(site, edit):
    """Which page the writer takes first (Pelican's newest column, or the pages of the edited
    column's search shard) is no part of any other page's digest."""
    fill(site)
    options = "-e SEARCH_SHARD_SIZE=4"  # the edited column's shard is not the newest columns'
    assert site.make("html", PELICANOPTS=options).returncode == 0
    edit(site)
    result = site.make("html", PELICANOPTS=f"-v {options}")
    assert result.returncode == 0, result.stderr
    words = " ".join((result.stdout + result.stderr).split())
    kept, again = map(int, re.search(r"Pages: (\d+) unchanged and not rendered, (\d+)", words).groups())
    assert 0 < again < (kept + again) / 3


def test_a_rebuild_renders_many_changed_pages_in_processes_as_a_full_build_writes_them(
        site, tmp_path, capfd):
    """A rebuild checks its pages in the build's process; when many changed (an edited template:
    all of them), it renders those in forked processes, and writes what a full build writes."""
    overrides = override_base(site, "Edition one")
    fill(site)
    options = f"-e THEME_TEMPLATES_OVERRIDES='[\"{overrides}\"]'"
    assert site.make("html", PELICANOPTS=options).returncode == 0
    override_base(site, "Edition two")
    result = site.make("html", PELICANOPTS=f"-v {options}")
    assert result.returncode == 0, result.stderr
    words = " ".join((result.stdout + result.stderr).split())
    kept, again = map(int, re.search(r"Pages: (\d+) unchanged and not rendered, (\d+)", words).groups())
    assert kept == 0 and again > 64
    if len(os.sched_getaffinity(0)) > 1:  # those of the site's whole lists rendered aside, in another
        assert 64 <= int(re.search(r"Rendering (\d+) pages in 2 processes", words)[1]) < again
    capfd.readouterr()
    reference = tmp_path / "reference"
    site.build(OUTPUT_PATH=str(reference), PERFORMANCE=False, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert differences(files_of(site.output), files_of(reference)) == []
    assert "Edition two" in site.page("columns/c001/").find("footer").get_text()


def test_a_rebuild_reports_what_another_file_changed_in_an_unchanged_column(site):
    """The columns index keeps each unchanged file's reading, and checks across files every build."""
    site.add_column("earlier", title="The earlier question")
    site.add_column("later", title="The follow-up", follows="earlier", date="2024-04-01 09:00")
    assert site.make("html").returncode == 0
    (site.content / "columns" / "earlier.md").unlink()
    result = site.make("html")
    assert "content/columns/later.md:4: error: `Follows` names no column: `earlier`" in result.stderr


def test_category_and_author_pages_switched_back_on_list_their_columns(site):
    """The plugin skips Pelican's lists for the category, author and tag pages the settings
    switch off; a site that switches them on still gets them, every column listed."""
    for i in range(3):
        site.add_column(f"c{i}", title=f"Question {i}", date=f"2024-01-0{i + 1} 09:00")
    site.build(PAGINATED_TEMPLATES={"index": None, "topic": None, "category": None, "author": None},
               AUTHOR_URL="author/{slug}/", AUTHOR_SAVE_AS="author/{slug}/index.html",
               CATEGORY_URL="category/{slug}/", CATEGORY_SAVE_AS="category/{slug}/index.html")
    for page in ("author/the-career-coach/", "category/misc/"):
        listed = {a["href"] for a in site.page(page).select("main a[href^='/columns/']")}
        assert listed == {"/columns/c0/", "/columns/c1/", "/columns/c2/"}, page
    assert not site.exists("tag")


def test_a_background_task_hands_back_its_value_and_log_records_or_its_failure(caplog):
    def task():
        logging.getLogger("advice_column.test").warning("logged in the background")
        return [list(forked.run(lambda i: i * i, 40, 2))]

    assert forked.Background(task).result() == [[i * i for i in range(40)]]
    assert [r.getMessage() for r in caplog.records if r.name == "advice_column.test"] == [
        "logged in the background"]
    with pytest.raises(RuntimeError, match="(?s)a background task of the build failed:.*ZeroDivisionError"):
        forked.Background(lambda: 1 / 0).result()


def test_a_build_keeps_its_objects_out_of_the_collector_and_the_next_build_takes_them_back(site):
    import gc
    import weakref

    from pelican import signals

    first, later = [], []

    def read(generator):  # ``article_generator_finalized``
        if not first:
            first.extend(weakref.ref(article) for article in generator.articles)
        else:
            later.append([ref() is None for ref in first])

    signals.article_generator_finalized.connect(read)
    try:
        site.add_column("one")
        site.build()
        frozen = gc.get_freeze_count()
        site.build()
    finally:
        signals.article_generator_finalized.disconnect(read)
        gc.unfreeze()
    assert frozen > 0, "the build's objects are frozen when it ends"
    assert later == [[True]], "the next build let go of the last one's columns before reading its own"


def test_a_large_archives_page_folders_are_made_beside_the_build(site, monkeypatch):
    from advice_column.performance import folders

    started = []
    background = forked.Background
    monkeypatch.setattr(folders, "MIN_FOLDERS", 2)
    monkeypatch.setattr(forked, "Background", lambda task: started.append(task) or background(task))
    for i in range(3):
        site.add_column(f"c{i}", title=f"Question {i}")
    output = site.build(RENDER_PROCESSES=1)
    assert len(started) == 1
    assert [site.page(f"columns/c{i}/").h1.get_text() for i in range(3)] == [
        "Question 0", "Question 1", "Question 2"]
    shutil.rmtree(output / "columns")
    started[0]()  # what the forked process did
    assert sorted(p.name for p in (output / "columns").iterdir()) == ["c0", "c1", "c2"]


def test_a_new_build_lets_go_of_what_a_failed_build_left_to_settle(site):
    """A build that failed before settling what it deferred must not keep that build's objects
    alive in the next build of the same Pelican (the devserver's)."""
    import gc
    import weakref

    from advice_column.build import Build
    from pelican import signals

    class Columns:
        pass

    left = Columns()
    alive = weakref.ref(left)

    def defer_then_fail(generator, kept=[left]):
        Build.of(generator).defer(lambda: kept)  # as related columns are
        kept.clear()
        raise RuntimeError("the build fails here")

    site.add_column("one")
    pelican = Pelican(site.settings())
    signals.article_generator_pretaxonomy.connect(defer_then_fail)
    try:
        with pytest.raises(RuntimeError, match="the build fails here"):
            pelican.run()
    finally:
        signals.article_generator_pretaxonomy.disconnect(defer_then_fail)
    del left
    pelican.run()
    assert site.page("columns/one/").h1
    gc.unfreeze()
    gc.collect()
    assert alive() is None
