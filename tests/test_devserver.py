"""`make devserver`: what it serves and writes, and that the public build has no trace of it."""

from bs4 import BeautifulSoup

from conftest import PELICANCONF
from devserver_helpers import Devserver

MARK = b"__devserver"


def files_with(output, needle):
    return sorted(str(path.relative_to(output)) for path in output.rglob("*")
                  if path.is_file() and needle in path.read_bytes())


def test_the_reload_script_is_in_the_pages_served_and_nowhere_in_the_files(site):
    site.add_column("raise", title="My raise keeps being postponed", topics="salary")
    with Devserver(site) as devserver:
        status, served = devserver.get("/columns/raise/")
        scripts = [tag["src"] for tag in BeautifulSoup(served, "html.parser").find_all("script", src=True)]
        assert status == 200 and "/__devserver/client.js" in scripts
        status, missing = devserver.get("/columns/no-such-column/")
        assert status == 404 and "/__devserver/client.js" in missing
        assert devserver.get("/__devserver/client.js")[0] == 200
        status, stylesheet = devserver.get("/theme/css/site.css")
        assert status == 200 and "__devserver" not in stylesheet
    assert (site.output / "columns" / "raise" / "index.html").is_file()
    assert files_with(site.output, MARK) == []


def test_make_html_and_make_publish_have_no_trace_of_the_devserver(site):
    site.add_column("raise", title="My raise keeps being postponed", topics="salary")
    result = site.make("html")
    assert result.returncode == 0, result.stderr
    assert (site.output / "index.html").is_file() and files_with(site.output, MARK) == []
    result = site.make("publish", SITEURL="https://columns.example.net")
    assert result.returncode == 0, result.stderr
    assert (site.output / "index.html").is_file() and files_with(site.output, MARK) == []


def test_however_many_builds_the_devserver_runs_it_keeps_the_columns_of_one(site, monkeypatch):
    import gc

    from pelican import parse_arguments
    from pelican.contents import Article

    from advice_column.devserver import memory
    from advice_column.devserver.session import Session

    for i in range(5):
        site.add_column(f"c{i}", title=f"Question {i}", date=f"2024-0{i + 1}-05 09:00")
    monkeypatch.setenv("CONTENT_CACHE_DIR", str(site.root / "cache"))
    session = Session(parse_arguments([str(site.content), "-o", str(site.output), "-s", str(PELICANCONF),
                                       "-q", "-e", "SEARCH_INDEX=false"]))
    for round_ in range(4):
        site.add_column("c0", title=f"Question 0, round {round_}", date="2024-01-05 09:00")
        assert session.build({str(site.content / "columns" / "c0.md")}) == []
        memory.collect()
        gc.unfreeze()
        alive = [o for o in gc.get_objects() if isinstance(o, Article)]
        gc.freeze()
        titles = sorted(column.title for column in alive)
        del alive
        assert titles == [f"Question 0, round {round_}", *(f"Question {i}" for i in range(1, 5))]
